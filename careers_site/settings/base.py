"""Settings shared by every environment. Everything configurable comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin, on a site whose every action checks the rights on each object.
    "careers_site.core.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "csp",
    "axes",
    "reversion",
    "import_export",
    "django_prose_editor",
    # Layers, one way (pyproject.toml, [tool.importlinter]): core and platform below the
    # apps, the site features above them.
    "careers_site.core",
    "careers_site.platform",
    "professions",
    "trainings",
    "campaigns",
    "careers_site.pages",
    "careers_site.toolkit",
    "careers_site.orientation",
    "careers_site.dashboard",
    "careers_site.demo",
    "careers_site.opendata",
    # Django REST framework itself is not listed: its French catalogue would replace Django's
    # own wording of shared messages (« Téléversez une image valide… ») in every form; the
    # API's messages are written in careers_site/opendata/api.py.
    "drf_spectacular",
]
# What the public pages are made of (careers_site/core/content.py): a change to a model of
# these apps forgets the cached pages, and a backup holds their rows (platform/backup.py).
# The toolkit's short links are printed on its posters and sheets.
CONTENT_APPS = ("careers_site", "professions", "trainings", "campaigns", "taggit", "toolkit")

MIDDLEWARE = [
    # First: the load balancer's probe answers before the HTTPS redirect and the host check.
    "careers_site.platform.health.HealthCheckMiddleware",
    # Counts visits (careers_site.toolkit.visits) around the page cache, so cached pages count too.
    "careers_site.toolkit.visits.VisitCountMiddleware",
    # Compresses what the page cache does not (it keeps its pages compressed), never an answer
    # holding a session or a CSRF token (BREACH: careers_site/platform/compression.py).
    "careers_site.platform.compression.CompressionMiddleware",
    # Full-page cache of anonymous pages: a hit is answered here, before everything below, with
    # the headers they gave the stored page (HSTS and the 304 are its own work).
    "careers_site.platform.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "careers_site.platform.security.ContentSecurityPolicyMiddleware",
    "careers_site.platform.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 304 when the browser already has the page (ETag), for a page rendered now.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last but axes: sees the database errors of any view first, turns them into a 503.
    "careers_site.platform.health.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

# France Travail's page of a ROME fiche (métierscope); « {code} » is the ROME code. Staff may
# point it elsewhere if France Travail moves its pages.
ROME_FICHE_URL = env(
    "ROME_FICHE_URL", "https://candidat.francetravail.fr/metierscope/fiche-metier/{code}"
)

ROOT_URLCONF = "careers_site.urls"
WSGI_APPLICATION = "careers_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careers_site.pages.context_processors.site",
            ],
        },
    },
]

# SQLite by default so a newcomer needs nothing installed; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A database that does not answer must fail fast (the page then answers 503), not hang the
# worker: libpq's connect_timeout, in seconds (2 is its minimum); a statement cut after
# DATABASE_STATEMENT_TIMEOUT ms (0: never; a long command can set it in its environment);
# TCP keepalives, and tcp_user_timeout (ms) for data the server never acknowledges, so that a
# connection to a host gone silent fails instead of waiting forever.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", int(env("DATABASE_CONNECT_TIMEOUT", "2")))
    _statement_timeout = int(env("DATABASE_STATEMENT_TIMEOUT", "30000"))
    _options.setdefault("options", f"-c statement_timeout={_statement_timeout}")
    _options.setdefault("keepalives", 1)
    _options.setdefault("keepalives_idle", int(env("DATABASE_KEEPALIVES_IDLE", "30")))
    _options.setdefault("keepalives_interval", int(env("DATABASE_KEEPALIVES_INTERVAL", "10")))
    _options.setdefault("keepalives_count", int(env("DATABASE_KEEPALIVES_COUNT", "3")))
    _options.setdefault("tcp_user_timeout", int(env("DATABASE_TCP_USER_TIMEOUT", "10000")))
    # Parameters sent apart from the SQL (psycopg 3's server-side binding) and a statement run
    # five times on a connection prepared: PostgreSQL then plans it once rather than at each
    # request (the API near a point: 1.5 ms of planning for 0.8 ms of execution).
    # DATABASE_PREPARED_STATEMENTS=0 behind a pooler in transaction mode (PgBouncer), where a
    # prepared statement may not find its session again.
    if env("DATABASE_PREPARED_STATEMENTS", "1") == "1":
        _options.setdefault("server_side_binding", True)
        _options.setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Backups serialise datetimes to the microsecond (manage.py backup).
SERIALIZATION_MODULES = {"json-exact": "careers_site.platform.exact_json"}
# Django 6 behaviour now: a URL typed without a scheme in a form is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Local memory by default; Redis through REDIS_URL.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # A dead Redis degrades to rendering from the database instead of a 500.
            "BACKEND": "careers_site.platform.cache_backends.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "careers"),
            "TIMEOUT": 300,
        }
    }
    # Visit counters must not be evicted when the cache is full: in production, point
    # REDIS_COUNTERS_URL at a Redis (or a database of one) whose policy is noeviction.
    if env("REDIS_COUNTERS_URL"):
        CACHES["counters"] = {
            **CACHES["default"],
            "LOCATION": env("REDIS_COUNTERS_URL"),
            "TIMEOUT": None,
        }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "careers-site",
            "TIMEOUT": 300,
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
# Our French for what third-party packages leave untranslated (locale/fr/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The admin can live elsewhere than /admin/ to keep scanners off it.
ADMIN_URL = env("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# Absolute URL of the site, for canonical links, Open Graph and the sitemap when a request
# is not at hand. Empty: built from the request.
SITE_URL = env("SITE_URL", "").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Staff sessions end after a working day, or when the browser closes.
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "careers_site.pages.views.csrf_failure"  # French, in the site's layout
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4; careers_site/platform/security.py adds frame-src from the
# video embeds). Nothing inline, nothing evaluated, no frame around the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "child-src": ["'none'"],
        "worker-src": ["'none'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Admin login throttling (django-axes, careers_site/platform/login.py): AXES_FAILURE_LIMIT
# failures for one user name from one network (IPv4 address, IPv6 /56) lock that pair for
# AXES_COOLOFF_TIME; AXES_ACCOUNT_FAILURE_LIMIT failures for one user name from all networks
# lock the account, except from the networks it logged in from within
# LOGIN_KNOWN_NETWORK_DAYS (so that an attacker cannot lock an editor out).
# The address is stored as a keyed pseudonym, never as such. X-Forwarded-For is believed only
# from TRUSTED_PROXY_IPS (the reverse proxy; the same list as gunicorn's by default).
AUTHENTICATION_BACKENDS = [
    "careers_site.platform.login.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_ACCOUNT_FAILURE_LIMIT = int(env("AXES_ACCOUNT_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "30")))
LOGIN_KNOWN_NETWORK_DAYS = int(env("LOGIN_KNOWN_NETWORK_DAYS", "30"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "careers_site.platform.login.pseudonymous_client_ip"
TRUSTED_PROXY_IPS = env_list(
    "TRUSTED_PROXY_IPS", env("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
)
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# Axes' own log lines carry the IP address and the user agent: ours do not.
AXES_VERBOSE = False
SILENCED_SYSTEM_CHECKS = []

# Logs (careers_site/platform/logs.py): one record per line, control characters escaped. The
# administrators (ADMINS) get a mail for an unhandled error (a 500), at most one per kind of
# error every ten minutes, without the visitor's data (careers_site/platform/errors.py);
# security events (a bad Host header…) and outages are logged, not mailed.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "careers_site.platform.logs.EscapingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "filters": {
        "unhandled_errors_only": {"()": "careers_site.platform.logs.UnhandledErrorsOnly"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["unhandled_errors_only"],
            "include_html": False,
        },
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's own "django" logger, which mails every error, security ones too.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Login attempts, database and cache outages: never an IP address or a password.
        "careers_site": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

DEFAULT_EXCEPTION_REPORTER = "careers_site.platform.errors.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "careers_site.platform.errors.PrivateReporterFilter"

# Shown on every page while the site runs on demonstration content (DEMO_MODE=1).
DEMO_MODE = env_bool("DEMO_MODE", False)


def require(name):
    """Read a mandatory variable: production refuses to start without it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} est obligatoire en production (voir .env.example)."
        )
    return value


# Full-page cache of anonymous pages (careers_site/platform/page_cache.py), invalidated on every
# content change. Seconds: how long the server keeps a page at most (scheduled content bounds
# it), and the max-age given to browsers and to a CDN or proxy in front (s-maxage).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = int(env("PAGE_CACHE_TIMEOUT", "3600"))
PAGE_CACHE_BROWSER_MAX_AGE = int(env("PAGE_CACHE_BROWSER_MAX_AGE", "60"))
PAGE_CACHE_SHARED_MAX_AGE = int(env("PAGE_CACHE_SHARED_MAX_AGE", "60"))
# A page made from words typed by a visitor (a search) is kept this long at most, so that no
# search term stays in the cache; a bigger page than PAGE_CACHE_MAX_BYTES is not kept at all.
PAGE_CACHE_FREE_TEXT_SECONDS = int(env("PAGE_CACHE_FREE_TEXT_SECONDS", "10"))
PAGE_CACHE_MAX_BYTES = int(env("PAGE_CACHE_MAX_BYTES", str(512 * 1024)))
# After a change, one request re-renders a page while the others get the previous copy, for
# this many seconds at most (0: every request renders until the new copy is stored).
PAGE_CACHE_REBUILD_SECONDS = int(env("PAGE_CACHE_REBUILD_SECONDS", "10"))
# Each server process keeps the pages it served lately, up to this many bytes, and trusts the
# content version it read for this many seconds: a hit then makes no round trip to Redis. A
# change is seen at once by the process that made it, within that time by the others.
PAGE_CACHE_LOCAL_BYTES = int(env("PAGE_CACHE_LOCAL_BYTES", str(16 * 1024 * 1024)))
PAGE_CACHE_VERSION_SECONDS = float(env("PAGE_CACHE_VERSION_SECONDS", "1"))
# And the parts of pages kept until the next change ({% kept %}: an offer's card, a page's
# body), up to this many characters, under the same content version (platform/cache.py).
KEPT_LOCAL_BYTES = int(env("KEPT_LOCAL_BYTES", str(8 * 1024 * 1024)))
# Each server process adds up the visits it counts for this many seconds before sending them
# to the shared counters (careers_site/toolkit/visits.py); 0 sends each visit at once.
VISITS_BUFFER_SECONDS = float(env("VISITS_BUFFER_SECONDS", "1"))
# Visit counts and the counsellors' source requests are not content: flushing the counts or
# answering a request must not forget the cached pages.
PAGE_CACHE_IGNORED_MODELS = ("toolkit.VisitCount", "toolkit.SourceRequest")

# CSV / Excel import and export of institutes and offers (django-import-export, trainings/
# resources.py): one transaction per import, so that a file with a faulty row saves nothing;
# importing needs the right to change the model (the regional editors), exporting to view it.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# No exported cell starts a formula: our resources quote a cell starting with = + - @, a tab
# or a carriage return (FrenchResource.export_field, core/sanitize.py; the open-data CSV too).
# The library's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT stays off: in 4.4 it runs on every
# format, drops only a leading « = » and writes every cell as text: in the Excel export an
# empty cell becomes « None », 45.5 becomes « 45.50000 » (tests/security/
# test_export_formulas.py fails the day an upgrade fixes that: then reconsider).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

# Imports in a bounded box (careers_site/platform/uploads.py): an upload in the admin is refused
# above IMPORT_MAX_UPLOAD_BYTES (national files go through their command), a JSON file nested
# deeper than IMPORT_MAX_JSON_DEPTH and a CSV of more than IMPORT_MAX_ROWS rows before any
# parsing; the file is read in a child process limited to IMPORT_MEMORY_BYTES more memory and
# IMPORT_SECONDS (the CSV imports' preview and confirmation run there too, on their own
# database connection). IMPORT_UPLOAD_DIR holds the files awaiting confirmation (system temp
# folder).
IMPORT_MAX_UPLOAD_BYTES = int(env("IMPORT_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_JSON_DEPTH = int(env("IMPORT_MAX_JSON_DEPTH", "32"))
IMPORT_MAX_ROWS = int(env("IMPORT_MAX_ROWS", "5000"))
# The editors' CSV and Excel imports of institutes and offers check each row against the
# models (about 10 ms of CPU a row to preview, 12 ms to confirm): 2,000 rows pass within
# IMPORT_SECONDS on two cores; raise both together.
IMPORT_TABLE_MAX_ROWS = int(env("IMPORT_TABLE_MAX_ROWS", "2000"))
IMPORT_MEMORY_BYTES = int(env("IMPORT_MEMORY_BYTES", str(512 * 1024 * 1024)))
IMPORT_SECONDS = float(env("IMPORT_SECONDS", "60"))
IMPORT_UPLOAD_DIR = env("IMPORT_UPLOAD_DIR", "")

# Open data (careers_site/opendata): the read-only API at /api/v1/ (Django REST framework,
# schema by drf-spectacular) and the bulk downloads under /open-data/. Anonymous, JSON only,
# GET only; the answers go through the page cache like the pages. The throttles count the
# answers the page cache did not serve, per client and for the whole site, with atomic
# counters (careers_site/opendata/throttling.py); the proxy in front may add its own limit.
API_THROTTLE_RATE = env("API_THROTTLE_RATE", "1200/min")
# Per client (a keyed pseudonym of its address; an IPv6 /64 is one client), checked first.
API_CLIENT_THROTTLE_RATE = env("API_CLIENT_THROTTLE_RATE", "300/min")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # The client's own limit first: a client over it does not count against the site's.
    "DEFAULT_THROTTLE_CLASSES": [
        "careers_site.opendata.throttling.ClientThrottle",
        "careers_site.opendata.throttling.SiteWideThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"api": API_THROTTLE_RATE, "api-client": API_CLIENT_THROTTLE_RATE},
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "careers_site.opendata.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API des métiers du soin en Auvergne-Rhône-Alpes",
    "DESCRIPTION": "Métiers, diplômes, établissements, formations, aides, événements, "
    "campagnes et vidéos publiés sur le site, en lecture seule. Licences : voir la page "
    "« Données ouvertes ».",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The values of a code are listed by the documentation page, not as Markdown.
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
}

# « Je donne mon avis » (Services Publics+): the address of this site's feedback form, given by
# the programme. The footer shows the link only when it is set (never a made-up address).
FEEDBACK_URL = env("SERVICES_PUBLICS_PLUS_URL", "")
