"""Long texts typed as plain text become HTML for the rich-text editor: paragraphs on blank
lines, line breaks kept, everything escaped (careers_site.core.richtext.plain_to_html)."""

from django.db import migrations

from careers_site.core.richtext import convert_plain_text_fields

FIELDS = {'Diploma': ('entry_requirements', 'admission'), 'Institute': ('description', 'accessibility'), 'FinancialAid': ('eligibility', 'amount')}


def to_html(apps, schema_editor):
    convert_plain_text_fields(apps, "trainings", FIELDS)


class Migration(migrations.Migration):
    dependencies = [("trainings", "0004_editorial_workflow")]

    operations = [migrations.RunPython(to_html, migrations.RunPython.noop)]
