"""Long texts typed as plain text become HTML for the rich-text editor: paragraphs on blank
lines, line breaks kept, everything escaped (careers_site.richtext.plain_to_html)."""

from django.db import migrations

from careers_site.richtext import plain_to_html

FIELDS = {'Profession': ('working_conditions', 'career_moves')}


def to_html(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("professions", model_name)
        for obj in model.objects.only("pk", *fields).iterator():
            changed = {}
            for field in fields:
                value = getattr(obj, field)
                converted = plain_to_html(value)
                if converted != value:
                    changed[field] = converted
            if changed:
                model.objects.filter(pk=obj.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("professions", "0005_editorial_workflow")]

    operations = [migrations.RunPython(to_html, migrations.RunPython.noop)]
