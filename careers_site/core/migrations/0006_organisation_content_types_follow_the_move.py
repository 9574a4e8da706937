"""The content types of Organisation and StaffMembership follow the models to core: the rows
are renamed (app_label "campaigns" -> "careers_site"), their ids are kept, so that the
permissions, the groups that hold them, the admin log and the history of django-reversion keep
pointing at them. The versions of django-reversion also name the model inside their serialised
data: it is relabelled too, or the old versions could not be read.

If a content type with the new label exists already (created by a `migrate` of the code before
this migration ran), it is merged into the old one, which keeps its id
(careers_site/core/moved_models.rename_content_types)."""

from django.db import migrations

from careers_site.core.moved_models import ORGANISATIONS_TO_CORE, rename_content_types


def forwards(apps, schema_editor):
    rename_content_types(apps, ORGANISATIONS_TO_CORE)


def backwards(apps, schema_editor):
    rename_content_types(apps, {new: old for old, new in ORGANISATIONS_TO_CORE.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("careers_site", "0005_organisations_move_here_from_campaigns"),
        ("campaigns", "0009_organisations_moved_to_core"),
        ("trainings", "0011_financial_aid_provider_in_core"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
