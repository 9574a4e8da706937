"""Models that moved from one app to another and the labels they had before.

- Organisation and StaffMembership were models of campaigns; they are models of core now
  (label "careers_site"), in the same tables.
- ShortLink and VisitCount were models of core; they are the toolkit's now (label "toolkit"),
  in the same tables.

Data written before a move names the model by its old label: the content types (renamed by
the migration of each move, with `rename_content_types`), the versions kept by
django-reversion (each holds its object serialised with its model's label) and the backups
made before the move (restored by careers_site/platform/backup.py). This module says how to
read those old labels, in one place."""

import json

# old "app_label.model_name" -> new one, per move
ORGANISATIONS_TO_CORE = {
    "campaigns.organisation": "careers_site.organisation",
    "campaigns.staffmembership": "careers_site.staffmembership",
}
SHORT_LINKS_TO_TOOLKIT = {
    "careers_site.shortlink": "toolkit.shortlink",
    "careers_site.visitcount": "toolkit.visitcount",
}
MOVED_MODELS = {**ORGANISATIONS_TO_CORE, **SHORT_LINKS_TO_TOOLKIT}
_MOVED_PAIRS = {tuple(old.split(".")): tuple(new.split(".")) for old, new in MOVED_MODELS.items()}


def current_label(label):
    """The label a model has now, given the one it may have had ("campaigns.Organisation")."""
    return MOVED_MODELS.get(label.lower(), label)


def _relabel_natural_key(value):
    """A content type's natural key [app_label, model] or a permission's [codename, app_label,
    model], as dumpdata writes them; anything else unchanged."""
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        if len(value) in (2, 3) and tuple(value[-2:]) in _MOVED_PAIRS:
            return [*value[:-2], *_MOVED_PAIRS[tuple(value[-2:])]]
        return value
    if isinstance(value, list):
        return [_relabel_natural_key(item) for item in value]
    return value


def relabel_serialized_data(text, mapping=MOVED_MODELS):
    """A django-reversion version's `serialized_data` (JSON), with the model's current label
    (or, with the reverse mapping, its old one)."""
    try:
        objects = json.loads(text)
    except (TypeError, ValueError):
        return text
    if not isinstance(objects, list):
        return text
    changed = False
    for obj in objects:
        if isinstance(obj, dict) and obj.get("model") in mapping:
            obj["model"] = mapping[obj["model"]]
            changed = True
    return json.dumps(objects, ensure_ascii=False) if changed else text


def relabel_dump(objects):
    """Objects as `dumpdata --natural-foreign` writes them, with the current labels: the model
    of each record, the natural keys of content types and permissions, and the versions of
    django-reversion. Changes `objects` in place; returns how many records changed."""
    changed = 0
    for obj in objects:
        before = json.dumps(obj, sort_keys=True)
        obj["model"] = current_label(obj.get("model", ""))
        fields = obj.get("fields", {})
        for name, value in fields.items():
            fields[name] = _relabel_natural_key(value)
        if obj["model"] == "reversion.version" and isinstance(fields.get("serialized_data"), str):
            fields["serialized_data"] = relabel_serialized_data(fields["serialized_data"])
        if json.dumps(obj, sort_keys=True) != before:
            changed += 1
    return changed


# --- In the migrations of a move ---------------------------------------------------------------


def _merge(apps, duplicate, kept):
    """Move everything that points at the content type `duplicate` to `kept`, then delete
    `duplicate`."""
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
            already = set(through.objects.filter(permission=same).values_list(holder, flat=True))
            through.objects.bulk_create(
                [through(**{holder: pk, "permission_id": same.pk}) for pk in holders - already]
            )
        permission.delete()
    duplicate.delete()


def rename_content_types(apps, mapping):
    """The content types of the models of `mapping` (old label -> new label) take their new
    label; their ids are kept, so that the permissions, the groups that hold them, the admin
    log and the history of django-reversion keep pointing at them. The versions of
    django-reversion also name the model inside their serialised data: relabelled too, or the
    old versions could not be read. Run by a migration (`apps`: its historical models), before
    `post_migrate` would create content types under the new labels; going back, with the
    reversed mapping.

    If a content type with the new label exists already (created by a `migrate` of the code
    before the move's migration ran), it is merged into the old one, which keeps its id."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    for old_label, new_label in mapping.items():
        old_app, old_model = old_label.split(".")
        new_app, new_model = new_label.split(".")
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
            data = relabel_serialized_data(version.serialized_data, mapping)
            if data != version.serialized_data:
                version.serialized_data = data
                changed.append(version)
        Version.objects.bulk_update(changed, ["serialized_data"], batch_size=500)
