"""Give every page saved before short links existed its main short link, so that the code is
fixed from now on (new pages get theirs on first save, see careers_site.toolkit.shortlinks)."""

from django.db import migrations

KINDS = {
    ("professions", "profession"): "m",
    ("campaigns", "campaign"): "c",
    ("campaigns", "video"): "v",
    ("campaigns", "event"): "e",
    ("trainings", "institute"): "i",
}
TRAILING_WORDS = {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les"}


def code_from_slug(slug, limit=18):
    # A frozen copy of careers_site.toolkit.shortlinks.code_from_slug as of this migration.
    words = [word for word in slug.lower().split("-") if word]
    code = words[0][:40] if words else "page"
    for word in words[1:]:
        if len(code) + 1 + len(word) > limit:
            break
        code = f"{code}-{word}"
    parts = code.split("-")
    while len(parts) > 1 and parts[-1] in TRAILING_WORDS:
        parts.pop()
    return "-".join(parts).strip("-") or "page"


def create_links(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ShortLink = apps.get_model("careers_site", "ShortLink")
    for (app_label, model_name), kind in KINDS.items():
        model = apps.get_model(app_label, model_name)
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
        have_one = set(
            ShortLink.objects.filter(content_type=content_type)
            .exclude(kind="s")
            .values_list("object_id", flat=True)
        )
        taken = set(ShortLink.objects.filter(kind=kind).values_list("code", flat=True))
        for pk, slug in model.objects.order_by("pk").values_list("pk", "slug"):
            if pk in have_one:
                continue
            wanted = code_from_slug(slug)
            code, number = wanted, 2
            while code in taken:
                code = f"{wanted[:36]}-{number}"
                number += 1
            taken.add(code)
            ShortLink.objects.create(
                kind=kind, code=code, content_type=content_type, object_id=pk
            )


class Migration(migrations.Migration):
    dependencies = [
        ("careers_site", "0003_toolkit_short_links_slug_history_visits"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("professions", "0004_upload_validators"),
        ("campaigns", "0004_upload_validators"),
        ("trainings", "0003_fill_search_documents_and_communes"),
    ]

    operations = [migrations.RunPython(create_links, migrations.RunPython.noop)]
