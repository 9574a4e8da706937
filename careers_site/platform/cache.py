"""Full-page cache support: a global « content version » and how long a page may stay cached.

Every cached page records the content version it was rendered from, and is read together with
the current version in one round trip. Any change to content (save, delete or many-to-many
change of a content model, or a successful admin action by staff) sets a new version, so every
page is rendered afresh at once, on every server sharing the cache (Redis). Content that
changes by itself over time (a scheduled publication, an event becoming past, consent or
rights ending at midnight) bounds how long a page may be kept.
"""

import contextlib
import datetime
import hashlib
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils import timezone

from careers_site.core.content import content_models, content_rewritten, is_content_model
from careers_site.core.models import PublishableModel, Status
from careers_site.core.publishing import PREVIEW_PARAM

VERSION_KEY = "page-cache:version"
NEXT_CHANGE_KEY = "page-cache:next-change:{version}"
NEXT_CHANGE_SECONDS = 24 * 3600
# The version while the cache cannot be read: pages are then kept seconds only.
UNKNOWN_VERSION = "unknown"


# The version this process read last, and until when (time.monotonic()) it may be trusted
# without asking the cache again: `PAGE_CACHE_VERSION_SECONDS`. A cached page is then served
# with no round trip to Redis at all; a change made in this process is seen at once, one made
# by another server process within those seconds.
_remembered = (None, 0.0)


def content_version(fresh=False):
    """The current content version; a new one is made if the cache lost it. Unless `fresh`,
    the one this process read less than `PAGE_CACHE_VERSION_SECONDS` ago."""
    global _remembered
    version, until = _remembered
    if not fresh and version is not None and time.monotonic() < until:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, new_version(), None)
        version = cache.get(VERSION_KEY)
    if version is None or not getattr(cache, "is_available", True):
        # The cache is unreachable: a change made by another process cannot be known.
        version = UNKNOWN_VERSION
    remember_version(version)
    return version


def new_version():
    """A new content version, which says when it was made (`version_changed_at`)."""
    return f"{uuid.uuid4().hex}@{time.time():.3f}"


def version_changed_at(version):
    """When `version` was made (time.time()), or None when it does not say."""
    _, _, moment = str(version).partition("@")
    try:
        return float(moment)
    except ValueError:
        return None


def remember_version(version):
    global _remembered
    _remembered = (version, time.monotonic() + settings.PAGE_CACHE_VERSION_SECONDS)


def forget_remembered_version():
    global _remembered
    _remembered = (None, 0.0)


_state = threading.local()


def bump_content_version(**kwargs):
    """Forget every cached page (and what depends on the version)."""
    if getattr(_state, "suspended", False):
        _state.missed = True
        return
    version = new_version()
    cache.set(VERSION_KEY, version, None)
    remember_version(version)


@contextlib.contextmanager
def invalidation_batched():
    """For bulk loads: one new version at the end rather than one per row saved or deleted."""
    _state.suspended, _state.missed = True, False
    try:
        yield
    finally:
        _state.suspended = False
        bump_content_version()


@contextlib.contextmanager
def invalidation_suspended():
    """For dry runs (an import's preview): rows saved then rolled back change no page, so
    they set no new version, and neither does the request (`leaves_content_unchanged`)."""
    previous = getattr(_state, "suspended", False)
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = previous


def leaves_content_unchanged(request):
    """Marks an admin POST that writes nothing (a preview): the page cache then keeps every
    page, rather than forgetting them as after any staff change."""
    request.content_unchanged = True


def _on_m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and is_content_model(type(instance)):
        bump_content_version()


def _on_migrate(sender, **kwargs):
    """`migrate` runs on every release: the pages and parts of pages rendered by the previous
    code (its templates) are no longer served, as after a content change."""
    if sender.name == "careers_site.core":  # once per migrate (the platform has no models)
        bump_content_version()


def connect_signals():
    """Called from the app's ready(): every content model, including those of later apps,
    each `migrate` (a release) and each bulk rewrite (`content_rewritten`)."""
    post_migrate.connect(_on_migrate, dispatch_uid="page-cache-release")
    content_rewritten.connect(bump_content_version, dispatch_uid="page-cache-rewritten")
    for model in content_models():
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="page-cache-m2m")


def next_local_midnight(now=None):
    local = timezone.localtime(now or timezone.now())
    tomorrow = local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def _future_moments_query(now):
    """One UNION query: the soonest future moment at which some published content appears
    (scheduled publication), disappears (end of publication) or changes state (an event
    ends)."""
    parts = []
    for model in content_models():
        fields = []
        if issubclass(model, PublishableModel):
            fields += ["published_at", "unpublished_at"]
        fields += getattr(model, "page_cache_time_fields", ())
        for field in fields:
            queryset = (
                model._base_manager.filter(status=Status.PUBLISHED, **{f"{field}__gt": now})
                .order_by()
                .values_list(field, flat=True)
            )
            parts.append(queryset)
    if not parts:
        return None
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union


def next_scheduled_change(now=None):
    """The next moment a page may change by itself, cached until the content changes."""
    now = now or timezone.now()
    key = NEXT_CHANGE_KEY.format(version=content_version())
    cached = cache.get(key)
    if cached is not None and (cached == "none" or cached > now):
        return None if cached == "none" else cached
    union = _future_moments_query(now)
    moments = [value for value in (union or []) if value is not None]
    soonest = min(moments) if moments else None
    # Kept a day at most: one such key per content version, and versions come and go.
    cache.set(key, soonest or "none", NEXT_CHANGE_SECONDS)
    return soonest


def seconds_until_change(now=None):
    """How long a page rendered now stays true: bounded by the next scheduled change and by
    the next midnight (dates: rights or consent ending, application windows, « aujourd'hui »)."""
    now = now or timezone.now()
    limit = next_local_midnight(now)
    soonest = next_scheduled_change(now)
    if soonest is not None and soonest < limit:
        limit = soonest
    return max(0, int((limit - now).total_seconds()))


class LocalCopies:
    """What this process served lately (the page cache's pages, the kept parts of pages), so
    that a hit costs no round trip to the shared cache for the content itself. Bounded in
    bytes (`weight(entry)`), least recently used first out; the user checks that an entry is
    still good (its content version, its expiry) before serving it."""

    def __init__(self, max_bytes, weight):
        self.max_bytes = max_bytes
        self.weight = weight
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        weight = self.weight(entry)
        if weight > self.max_bytes:
            return
        with self.lock:
            previous = self.entries.pop(key, None)
            if previous is not None:
                self.size -= self.weight(previous)
            self.entries[key] = entry
            self.size += weight
            while self.size > self.max_bytes:
                _key, oldest = self.entries.popitem(last=False)
                self.size -= self.weight(oldest)

    def discard(self, key):
        with self.lock:
            previous = self.entries.pop(key, None)
            if previous is not None:
                self.size -= self.weight(previous)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


# --- Answers built once per content version --------------------------------------------------

BUILT_KEY = "built:{version}:{name}"
# Kept a day at most: one copy per content version, and versions come and go.
BUILT_SECONDS = 24 * 3600
# While one request builds an answer, the others wait for it this long (polling the cache)
# rather than build it too; then they build it themselves.
BUILD_WAIT_SECONDS = 15
BUILD_POLL_SECONDS = 0.05


def built_once(name, build, part=None):
    """What `build()` returns (picklable), made once per content version and served from the
    cache until the next change, on every server: downloads and the heavy API answers cost one
    build per change, not one per request. While it is being built, other requests wait for
    that build. With the cache unreachable, each request builds it (nothing can be shared).

    With `part`, `build()` returns a dict of parts (none of them None), each kept under a key
    of its own, and only `build()[part]` is read and returned: a download read in the one
    encoding it is sent in, not with every other one."""
    version = content_version(fresh=True)
    if version == UNKNOWN_VERSION:
        value = build()
        return value if part is None else value[part]
    key = BUILT_KEY.format(version=version, name=name)
    wanted = key if part is None else f"{key}:{part}"
    value = cache.get(wanted)
    if value is not None:
        return value
    lock = f"{key}:building"
    if not cache.add(lock, 1, BUILD_WAIT_SECONDS):
        deadline = time.monotonic() + BUILD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(BUILD_POLL_SECONDS)
            value = cache.get(wanted)
            if value is not None:
                return value
            if cache.add(lock, 1, BUILD_WAIT_SECONDS):
                break  # the other build failed: this request builds it
    try:
        value = build()
        if part is None:
            cache.set(key, value, BUILT_SECONDS)
        else:
            parts = {f"{key}:{name}": piece for name, piece in value.items()}
            cache.set_many(parts, BUILT_SECONDS)
            value = value[part]
    finally:
        cache.delete(lock)
    return value


# --- Parts of pages kept until the content changes -----------------------------------------

# The day is part of the key: what is kept says « aujourd'hui », « terminée », « ouvertes ».
KEPT_KEY = "kept:{version}:{day}:{name}"
KEPT_NAME_MAX = 120


def kept_until_change(name, build, keep_if=None, scheduled=True):
    """What `build()` returns (picklable), kept until the content changes or the next moment
    a page may change by itself (`seconds_until_change`: a scheduled publication, midnight),
    whichever comes first: the parts of a page that are the same for every visitor (an
    object with its related rows, the counts of a list, a card) are then built once and
    shared by every page that shows them, on every server, including the pages the page
    cache does not keep (a search, an « Est-ce pour moi ? » result, the first visit after a
    publish). A change is seen within `PAGE_CACHE_VERSION_SECONDS`, as by the page cache.

    `name` is made of validated values only (slugs and primary keys read from the database,
    a filter declaration's canonical values), never of text a visitor typed, so that nobody
    can fill the cache with keys of their own; `keep_if(value)`, when given, says whether a
    value is worth keeping (figures of filters that match nothing, say, which a made-up slug
    gives, are not); `scheduled=False` for a part no scheduled publication changes
    (`kept_seconds`). With the cache unreachable, `build()` runs every time."""
    key = kept_key(name)
    if key is None:
        return build()
    kept = cache.get(key)
    if kept is not None:
        return kept[0]
    value = build()
    if keep_if is not None and not keep_if(value):
        return value
    timeout = kept_seconds(scheduled)
    if timeout > 0:
        cache.set(key, (value,), timeout)
    return value


def kept_many(names, build_missing, weight=None):
    """`kept_until_change` for many values at once, such as the items of an API page: `names`
    maps an id to its name, `build_missing(ids)` returns {id: value} for the ids not kept.
    One round trip reads them all, one keeps the new ones. Returns {id: value}. With
    `weight(value)` (bytes), each value is kept in this process as well (`kept_here`): a
    page whose values are all here costs no round trip."""
    key_of = kept_keys()
    if key_of is None:  # the cache is unreachable: nothing is kept
        return build_missing(list(names))
    keys = {ident: key_of(name) for ident, name in names.items()}
    values, now = {}, time.time()
    if weight is not None:
        for ident, key in keys.items():
            entry = local_parts.get(key)
            if entry is not None and now < entry[0]:
                values[ident] = entry[1]
    shared = [key for ident, key in keys.items() if ident not in values]
    found = cache.get_many(shared) if shared else {}
    from_shared = {ident: found[key][0] for ident, key in keys.items() if key in found}
    values.update(from_shared)
    missing = [ident for ident in names if ident not in values]
    built = build_missing(missing) if missing else {}
    values.update(built)
    to_copy = {**from_shared, **built} if weight is not None else {}
    if built or to_copy:
        timeout = kept_seconds()
        if built and timeout > 0:
            cache.set_many({keys[ident]: (value,) for ident, value in built.items()}, timeout)
        if timeout > 0:
            for ident, value in to_copy.items():
                local_parts.put(keys[ident], (now + timeout, value, weight(value)))
    return values


def kept_key(name):
    """The shared cache's key of a part kept until the next change; None while the cache
    cannot be read (nothing is then kept)."""
    key = kept_keys()
    return None if key is None else key(name)


def kept_keys():
    """`kept_key` for many names at once: a function of the name, the content version and
    the day read once (None while the cache cannot be read)."""
    version = content_version()
    if version == UNKNOWN_VERSION:
        return None
    prefix = KEPT_KEY.format(version=version, day=timezone.localdate().isoformat(), name="")

    def key(name):
        if len(name) > KEPT_NAME_MAX:  # a long spelling of filters or answers: its digest
            name = hashlib.sha256(name.encode()).hexdigest()
        return prefix + name

    return key


def kept_seconds(scheduled=True):
    """How long what is kept now stays true: until the next scheduled change or midnight;
    until midnight only for a part no scheduled publication changes (`scheduled=False`),
    which then costs no query to know when that is."""
    if not scheduled:
        now = timezone.now()
        return min(BUILT_SECONDS, int((next_local_midnight(now) - now).total_seconds()))
    return min(BUILT_SECONDS, seconds_until_change())


# This process's copies of what is kept (`kept_here`): (expiry, value, weight in bytes).
local_parts = LocalCopies(
    getattr(settings, "KEPT_LOCAL_BYTES", 8 * 1024 * 1024), weight=lambda entry: entry[2]
)


def forget_local_parts():
    local_parts.clear()


def kept_here(name, build, scheduled=True, weight=len):
    """`kept_until_change` with a copy in this process as well: what every request of a kind
    reads (a part of a page's HTML, the words of a search group) then costs neither a build
    nor a round trip to the shared cache. The copy is only served under the same content
    version and day (both in the key) and until the next scheduled change, like the shared
    one (`scheduled=False`: kept until midnight, see `kept_seconds`). `weight(value)` is its
    size in bytes (the process keeps `KEPT_LOCAL_BYTES` at most, least recently used out)."""
    key = kept_key(name)
    if key is None:
        return build()
    entry = local_parts.get(key)
    if entry is not None and time.time() < entry[0]:
        return entry[1]
    value = kept_until_change(name, build, scheduled=scheduled)
    timeout = kept_seconds(scheduled)
    if timeout > 0:
        local_parts.put(key, (time.time() + timeout, value, weight(value)))
    return value


def kept_html(name, render, scheduled=True):
    """A part of a page's HTML (a string: nothing a page could alter) kept here and in the
    shared cache until the next change (`kept_here`): an offer's card, a page's body."""
    return kept_here(name, render, scheduled=scheduled)


def kept_search_words(model, field="search_text"):
    """Every row's normalised search document of `model` (drafts included) as one string,
    kept here until the next change: a term it lacks is in no row, so a search can skip
    asking the database (`careers_site.core.search.text.matches` on it is a necessary
    condition for a row to match). Rows that change by a bulk write start a new content
    version themselves (imports, migrations), like every save."""
    return kept_here(
        f"search-words:{model._meta.label_lower}:{field}",
        lambda: "".join(model._default_manager.values_list(field, flat=True).order_by()),
        scheduled=False,
    )


class ObjectKeptUntilChange:
    """For a `PublicDetailView`: the published object of the URL with what
    `get_base_queryset()` prefetches, read once per content version
    (`kept_until_change`), never for a preview (?apercu=1: drafts stay out of the cache).
    Only an object found is kept: a slug nobody published (a 404) leaves no key."""

    def get_object(self, queryset=None):
        slug = self.kwargs.get(self.slug_url_kwarg)
        if queryset is not None or not slug or PREVIEW_PARAM in self.request.GET:
            return super().get_object(queryset)
        name = f"object:{self.model._meta.label_lower}:{type(self).__name__}:{slug}"
        return kept_until_change(name, super().get_object)
