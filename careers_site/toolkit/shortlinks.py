"""Short links and old slugs: the addresses a counsellor says aloud or prints stay valid.

Every profession, campaign, video, event and institute gets a main short link on its first
save (/m/aide-soignant, /v/sara-aide); the code comes from the slug (itself made from the
name), shortened to whole words but never to one word when the name has more: read aloud,
« /c/region » or « /m/educateur » could be several pages, « /c/region-manipulateur » and
« /m/educateur-specialise » cannot. An institute's code ends with its town
(« /i/ifap-ch-vichy »). The site never changes a code again; staff may edit it in the admin,
and the codes it had keep leading to the page (`ShortLink.former_codes`). Dedicated /s/ links
carry a source, so that a job fair's QR code counts its own visits.

Old slugs are core's business (careers_site/core/slugs.py): a page keeps answering them."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save

from careers_site.core.search.text import normalise

# From the model's own module: models/source_requests.py imports this one while the models
# package is still loading.
from .models.short_links import ShortLink, ShortLinkKind, short_code

# Which letter each kind of page gets.
KIND_OF_MODEL = {
    "professions.profession": ShortLinkKind.PROFESSION,
    "campaigns.campaign": ShortLinkKind.CAMPAIGN,
    "campaigns.video": ShortLinkKind.VIDEO,
    "campaigns.event": ShortLinkKind.EVENT,
    "trainings.institute": ShortLinkKind.INSTITUTE,
}
MODEL_OF_KIND = {kind: label for label, kind in KIND_OF_MODEL.items()}

# Short enough to say aloud and to read on a poster across a stand.
CODE_TARGET_LENGTH = 18
# A code does not end on a little word: « salon-des » reads badly, « salon » is better.
TRAILING_WORDS = {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les"}
CODE_MAX_LENGTH = 40


def code_from_slug(slug, limit=CODE_TARGET_LENGTH):
    """The first whole words of the slug that fit in `limit` characters, and at least two
    words that are not little ones when the slug has them (up to `CODE_MAX_LENGTH`):
    « manipulateur-electroradiologie-medicale » gives « manipulateur-electroradiologie »,
    « region-manipulateur-radio » « region-manipulateur »."""
    words = [word for word in slug.lower().split("-") if word]
    code = words[0][:CODE_MAX_LENGTH] if words else "page"
    meaningful = int(bool(words) and words[0] not in TRAILING_WORDS)
    for word in words[1:]:
        too_long = len(code) + 1 + len(word) > limit
        if too_long and (meaningful >= 2 or len(code) + 1 + len(word) > CODE_MAX_LENGTH):
            break
        code = f"{code}-{word}"
        meaningful += word not in TRAILING_WORDS
    parts = code.split("-")
    while len(parts) > 1 and parts[-1] in TRAILING_WORDS:
        parts.pop()
    return "-".join(parts).strip("-") or "page"


def human_code(obj):
    """The main code a page gets: the first words of its slug; for an institute, with its
    town when the code does not say it (two « IFSI-IFAS du CH » are two towns)."""
    code = code_from_slug(obj.slug)
    if kind_of(obj) == ShortLinkKind.INSTITUTE:
        town = "-".join(normalise(getattr(obj, "commune", "")).split())
        if town and town not in code:
            code = code_from_slug(f"{code}-{town}", limit=CODE_MAX_LENGTH)
    return code


def free_code(kind, wanted):
    """`wanted`, or `wanted-2`, `wanted-3`… whichever no link of this kind uses yet."""
    base = wanted[: CODE_MAX_LENGTH - 4].rstrip("-")
    links = ShortLink.objects.filter(kind=kind)
    taken = set(links.filter(code__startswith=base).values_list("code", flat=True))
    # A former code still leads to its page: it is not free either.
    for former in links.filter(former_codes__contains=base).values_list("former_codes", flat=True):
        taken.update(former.split())
    if wanted not in taken:
        return wanted
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def kind_of(obj):
    return KIND_OF_MODEL.get(obj._meta.label_lower)


def links_of(obj):
    """Every short link of a page, in one query (joined on the content type, so the count
    does not depend on the content-type cache)."""
    meta = obj._meta
    return ShortLink.objects.filter(
        content_type__app_label=meta.app_label,
        content_type__model=meta.model_name,
        object_id=obj.pk,
    )


def main_link(obj):
    """The main short link of a page, made now if it has none yet (pages saved before this
    feature existed)."""
    kind = kind_of(obj)
    if kind is None or obj.pk is None:
        return None
    link = links_of(obj).exclude(kind=ShortLinkKind.SOURCE).first()
    if link is None:
        link = ShortLink.objects.create(
            kind=kind,
            code=free_code(kind, human_code(obj)),
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        )
    return link


def source_link(obj):
    """The first dedicated /s/ link of a page (an event, a campaign), made now if it has none:
    its source is what the kit's QR codes carry and what the visit report counts."""
    link = links_of(obj).filter(kind=ShortLinkKind.SOURCE).order_by("pk").first()
    if link is None:
        code = free_code(ShortLinkKind.SOURCE, code_from_slug(obj.slug, limit=24))
        link = ShortLink.objects.create(
            kind=ShortLinkKind.SOURCE,
            code=code,
            source=code,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        )
    return link


def target_of(link):
    """The published page a link points to, or None (draft, deleted). A page merged into
    another (a model with `merged_into`, such as an institute) leads to that one."""
    model = link.content_type.model_class()
    if model is None:
        return None
    target = model.objects.published().filter(pk=link.object_id).first()
    if target is None and any(f.name == "merged_into" for f in model._meta.get_fields()):
        merged_into = (
            model._base_manager.filter(pk=link.object_id)
            .values_list("merged_into", flat=True)
            .first()
        )
        if merged_into:
            target = model.objects.published().filter(pk=merged_into).first()
    return target


def find(kind, code):
    """(the link, the published page it leads to) for a short link's kind and code, current or
    former; the page is None when nothing published answers it. A page older than its short
    link answers its slug as a code too."""
    code = (code or "").strip("/").lower()
    if not short_code.regex.match(code):
        return None, None
    links = ShortLink.objects.select_related("content_type").filter(kind=kind)
    link = links.filter(code=code).first()
    if link is None:  # a code the link had before staff changed it
        link = next(
            (
                old
                for old in links.filter(former_codes__contains=code)
                if code in old.former_codes.split()
            ),
            None,
        )
    target = target_of(link) if link else None
    if target is None and kind in MODEL_OF_KIND:
        model = ContentType.objects.get_by_natural_key(
            *MODEL_OF_KIND[kind].split(".")
        ).model_class()
        target = model.objects.published().filter(slug=code).first()
    return link, target


def hand_over_links(sender, kept, removed, **kwargs):
    """A page merged into another (trainings/merging.py, `institutes_merged`) hands its links
    over: the dedicated ones and, when the kept page has none, its main link; a main link
    that cannot (one per page) stays on the merged record, whose `merged_into` leads to the
    kept page (`target_of`). Answers {"links": how many moved}."""
    content_type = ContentType.objects.get_for_model(sender)
    links = ShortLink.objects.filter(content_type=content_type, object_id=removed.pk)
    kept_has_main = (
        ShortLink.objects.filter(content_type=content_type, object_id=kept.pk)
        .exclude(kind=ShortLinkKind.SOURCE)
        .exists()
    )
    movable = links.filter(kind=ShortLinkKind.SOURCE) if kept_has_main else links
    return {"links": movable.update(object_id=kept.pk)}


def _make_main_link(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        main_link(instance)


def connect_signals():
    for label in KIND_OF_MODEL:
        post_save.connect(
            _make_main_link, sender=apps.get_model(label), dispatch_uid=f"shortlinks-{label}"
        )


def first_words_code(slug):
    """The code the site made before issue 28 (the first words within 18 characters, even a
    single word), to recognise the links staff never edited."""
    words = [word for word in slug.lower().split("-") if word]
    code = words[0][:CODE_MAX_LENGTH] if words else "page"
    for word in words[1:]:
        if len(code) + 1 + len(word) > CODE_TARGET_LENGTH:
            break
        code = f"{code}-{word}"
    parts = code.split("-")
    while len(parts) > 1 and parts[-1] in TRAILING_WORDS:
        parts.pop()
    return "-".join(parts).strip("-") or "page"


def humanise(dry_run=False):
    """Give the main links the site made by the former rule their human code (see the module),
    the old code kept as a former one; a code staff chose is left alone. Returns
    [(old path, new path)]."""
    changed = []
    for link in ShortLink.objects.exclude(kind=ShortLinkKind.SOURCE).select_related("content_type"):
        target = link.target
        if target is None:
            continue
        old = first_words_code(target.slug)
        made_by_site = link.code == old or (
            link.code.startswith(f"{old}-") and link.code[len(old) + 1 :].isdigit()
        )
        wanted = human_code(target)
        if not made_by_site or link.code == wanted:
            continue
        before = link.path
        link.code = free_code(link.kind, wanted)
        if link.code == before.rsplit("/", 1)[-1]:
            continue
        if not dry_run:
            link.save()
        changed.append((before, link.path))
    return changed
