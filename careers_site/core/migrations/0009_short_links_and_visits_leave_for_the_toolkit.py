"""ShortLink and VisitCount leave core for the toolkit, state only: their tables keep the names
core gave them (the toolkit's models set Meta.db_table), no table or row is touched. The
toolkit's migration that takes them in depends on this one and renames their content types."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('careers_site', '0008_short_link_former_codes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='ShortLink'),
                migrations.DeleteModel(name='VisitCount'),
            ],
        ),
    ]
