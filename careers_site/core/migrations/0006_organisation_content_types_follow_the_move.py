"""The content types of Organisation and StaffMembership follow the models to core: the rows
are renamed (app_label "campaigns" -> "careers_site"), their ids are kept, so that the
permissions, the groups that hold them, the admin log and the history of django-reversion keep
pointing at them. The versions of django-reversion also name the model inside their serialised
data: it is relabelled too, or the old versions could not be read.

If a content type with the new label exists already (created by a `migrate` of the code before
this migration ran), it is merged into the old one, which keeps its id."""

from django.db import migrations

from careers_site.core.moved_models import MOVED_MODELS, relabel_serialized_data

PAIRS = [(tuple(old.split(".")), tuple(new.split("."))) for old, new in MOVED_MODELS.items()]


def _merge(apps, duplicate, kept):
    """Move everything that points at `duplicate` to `kept`, then delete `duplicate`."""
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("auth", "User")
    LogEntry = apps.get_model("admin", "LogEntry")
    Version = apps.get_model("reversion", "Version")
    LogEntry.objects.filter(content_type=duplicate).update(content_type=kept)
    Version.objects.filter(content_type=duplicate).update(content_type=kept)
    kept_permissions = {p.codename: p for p in Permission.objects.filter(content_type=kept)}
    for permission in Permission.objects.filter(content_type=duplicate):
        same = kept_permissions.get(permission.codename)
        if same is None:
            permission.content_type = kept
            permission.save(update_fields=["content_type"])
            continue
        for through, holder in (
            (Group.permissions.through, "group_id"),
            (User.user_permissions.through, "user_id"),
        ):
            holders = set(
                through.objects.filter(permission=permission).values_list(holder, flat=True)
            )
            already = set(
                through.objects.filter(permission=same).values_list(holder, flat=True)
            )
            through.objects.bulk_create(
                [through(**{holder: pk, "permission_id": same.pk}) for pk in holders - already]
            )
        permission.delete()
    duplicate.delete()


def relabel(apps, pairs, relabel_data):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    for (old_app, old_model), (new_app, new_model) in pairs:
        old = ContentType.objects.filter(app_label=old_app, model=old_model).first()
        if old is None:
            continue  # a new installation: post_migrate creates the new content type
        new = ContentType.objects.filter(app_label=new_app, model=new_model).first()
        if new is not None:
            _merge(apps, new, old)
        old.app_label, old.model = new_app, new_model
        old.save(update_fields=["app_label", "model"])
        versions = Version.objects.filter(content_type=old).only("pk", "serialized_data")
        changed = []
        for version in versions.iterator():
            data = relabel_data(version.serialized_data)
            if data != version.serialized_data:
                version.serialized_data = data
                changed.append(version)
        Version.objects.bulk_update(changed, ["serialized_data"], batch_size=500)


def forwards(apps, schema_editor):
    relabel(apps, PAIRS, relabel_serialized_data)


def backwards(apps, schema_editor):
    back = {new: old for old, new in MOVED_MODELS.items()}
    relabel(apps, [(new, old) for old, new in PAIRS], lambda text: relabel_serialized_data(text, back))


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
