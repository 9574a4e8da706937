"""What the official-data importers share (trainings/finess.py, trainings/parcoursup.py):
the rule by which hand edits win, and the kind of a school guessed from its published name."""

from .models import InstituteKind


def compare_imported(current, new, last):
    """Split an import's new values into the fields to write and the conflicts to report.

    `current` holds the record's values now, `new` what the source says, `last` what the
    previous import wrote (all as text). A field untouched since the last import takes the
    new value; a field never imported takes it while empty; a field an editor changed keeps
    its value, and is reported as a conflict when the source changed it too.
    Returns ({name: (current, new)} to write, {name: (kept, imported)} in conflict)."""
    fields, conflicts = {}, {}
    for name, value in new.items():
        now = current[name]
        if now == value:
            continue
        untouched = name in last and now == last[name]
        first_fill = name not in last and now == ""
        if untouched or first_fill:
            fields[name] = (now, value)
        elif name not in last or value != last[name]:
            conflicts[name] = (now, value)
    return fields, conflicts


def institute_kind(name):
    """The kind of a school from its published name; « autre » when the name does not say."""
    upper = name.upper()
    if "IFSI" in upper and "IFAS" in upper:
        return InstituteKind.IFSI_IFAS
    if upper.startswith("IFAS") or "AIDES-SOIGNANTS" in upper or "AIDES SOIGNANTS" in upper:
        return InstituteKind.IFAS
    if "MANIPULATEUR" in upper or upper.startswith("IFMEM"):
        return InstituteKind.IFMEM
    return InstituteKind.OTHER
