"""The production settings, as an operator starts them: `check --deploy` finds nothing, and
the cookies and HTTPS settings hold what the README promises."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "AXES_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="careers_site.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="metiers-du-soin.example.org",
        SITE_URL="https://metiers-du-soin.example.org",
        DATABASE_URL="sqlite:///:memory:",
    )
    env.update(extra)
    return env


def run(code, **extra):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing():
    result = run(
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n"
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout


def test_production_cookies_https_and_sessions():
    result = run(
        "import django, json; django.setup()\n"
        "from django.conf import settings as s\n"
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE',"
        "'SESSION_COOKIE_NAME', 'SESSION_COOKIE_AGE', 'SESSION_EXPIRE_AT_BROWSER_CLOSE',"
        "'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY', 'CSRF_COOKIE_SAMESITE',"
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'SECURE_REFERRER_POLICY',"
        "'SECURE_CROSS_ORIGIN_OPENER_POLICY', 'X_FRAME_OPTIONS', 'AXES_ENABLED', 'DEBUG']}))\n"
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "SESSION_COOKIE_AGE": 8 * 3600,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "AXES_ENABLED": True,
        "DEBUG": False,
    }


def test_hsts_preload_is_an_explicit_choice_and_then_checked():
    result = run(
        "import django; django.setup()\n"
        "from django.conf import settings as s\n"
        "from django.core.management import call_command\n"
        "print(s.SECURE_HSTS_PRELOAD, 'security.W021' in s.SILENCED_SYSTEM_CHECKS)\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n",
        DJANGO_SECURE_HSTS_PRELOAD="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True False"), result.stdout


def test_production_refuses_to_start_without_its_secret():
    result = run("import django; django.setup()", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_the_admin_moves_with_django_admin_url():
    result = run(
        "import django; django.setup()\n"
        "from django.urls import reverse\n"
        "print(reverse('admin:login'))\n",
        DJANGO_ADMIN_URL="gestion-7f3a",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/gestion-7f3a/login/"


def test_production_refuses_to_start_without_site_url():
    """The page cache and the canonical links take the site from SITE_URL, never from the Host
    header: production cannot run without it."""
    result = run("import django; django.setup()", SITE_URL="")
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr
