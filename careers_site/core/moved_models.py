"""Models that moved from one app to another and the labels they had before.

Organisation and StaffMembership were models of campaigns; they are models of core now
(label "careers_site"), in the same tables. Data written before the move names them by their
old label: the content types (renamed by the migration
careers_site/core/migrations/0006_organisation_content_types_follow_the_move.py), the versions
kept by django-reversion (each holds its object serialised with its model's label) and the
backups made before the move (restored by careers_site/platform/backup.py). This module says
how to read those old labels, in one place."""

import json

# old "app_label.model_name" -> new one
MOVED_MODELS = {
    "campaigns.organisation": "careers_site.organisation",
    "campaigns.staffmembership": "careers_site.staffmembership",
}
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
