"""Who may touch which campaign content: an editor of an organisation sees and changes only
what that organisation owns (a campaign's « organisme porteur », an event's organiser, and
the videos, testimonials and visuals of its campaigns). Superusers see everything.

Each owned model declares the path to its owner (`owner_path = "campaign__owner"`), so this
module knows no app. One mixin for every admin of that content (and its inlines): the list
and the change pages, the choices of the related fields (so a tampered POST naming another
organisation's campaign is refused by the form), the autocomplete answers, the history and
the recovery of deleted items all go through `get_queryset` and `is_owned`.
"""

from django.contrib.admin import RelatedOnlyFieldListFilter
from django.core.exceptions import PermissionDenied, ValidationError


def owner_path(model):
    """The path from `model` to its owning organisation, as the model declares it in
    `owner_path` ("" for the organisation itself); None when nobody owns it."""
    return getattr(model, "owner_path", None)


def organisation_ids(request_or_user):
    """The ids of the organisations the user works for; None means « every one »
    (superusers). Cached on the user object for the request."""
    user = getattr(request_or_user, "user", request_or_user)
    if user.is_superuser:
        return None
    if not hasattr(user, "_organisation_ids"):
        user._organisation_ids = frozenset(
            user.memberships.values_list("organisation_id", flat=True)
        )
    return user._organisation_ids


def scope(queryset, request, path=None):
    """Only what the user's organisations own (everything for superusers and for models
    nobody owns). `path` defaults to the model's own `owner_path`."""
    if path is None:
        path = owner_path(queryset.model)
        if path is None:
            return queryset
    ids = organisation_ids(request)
    if ids is None:
        return queryset
    lookup = f"{path}__in" if path else "pk__in"
    return queryset.filter(**{lookup: ids})


def owner_id(obj):
    """The id of the organisation owning `obj` (None when it has none yet)."""
    path = owner_path(type(obj)).split("__")
    value = obj
    for part in path[:-1]:
        value = getattr(value, part, None) if getattr(value, f"{part}_id", None) else None
        if value is None:
            return None
    return getattr(value, f"{path[-1]}_id", None)


def is_owned(request, obj):
    ids = organisation_ids(request)
    return ids is None or owner_id(obj) in ids


class ScopedFormFieldsMixin:
    """Limits the choices of owner/organiser/campaign/video to the editor's own: the form
    then refuses another organisation's id (« Sélectionnez un choix valide »)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if owner_path(related) is not None and organisation_ids(request) is not None:
            base = kwargs.get("queryset", related._default_manager.all())
            kwargs["queryset"] = scope(base, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_autocomplete_fields(self, request):
        """Owner and organiser are a short plain list of the editor's organisations."""
        fields = super().get_autocomplete_fields(request)
        if organisation_ids(request) is None:
            return fields
        return tuple(name for name in fields if name not in ("owner", "organiser"))


ANOTHER_ORGANISATION = (
    "Ce contenu appartient à un autre organisme : seuls ses éditeurs peuvent l'ouvrir."
)


class OwnedByOrganisationAdmin(ScopedFormFieldsMixin):
    """For the ModelAdmin of a model that declares its `owner_path`."""

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request)

    def get_object(self, request, object_id, from_field=None):
        """Another organisation's item (change, delete, history pages) is refused as such
        (the French 403 page), not as an item that « n'existe pas »."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None and organisation_ids(request) is not None:
            meta = self.model._meta
            field = meta.pk if from_field is None else meta.get_field(from_field)
            try:
                value = field.to_python(object_id)
            except ValidationError:
                return None
            if self.model._default_manager.filter(**{field.attname: value}).exists():
                raise PermissionDenied(ANOTHER_ORGANISATION)
        return obj

    def _allowed(self, request, obj):
        return obj is None or is_owned(request, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._allowed(request, obj)

    def get_list_filter(self, request):
        """Related filters list only what the editor may see, not every organisation's
        campaigns."""
        filters = []
        for item in super().get_list_filter(request):
            if item in ("campaign", "owner", "organiser"):
                item = (item, RelatedOnlyFieldListFilter)
            filters.append(item)
        return filters

    def save_model(self, request, obj, form, change):
        # The form already refused foreign choices; this is the last line of defence.
        if not is_owned(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        ids = organisation_ids(request)
        if ids and len(ids) == 1:
            (only,) = ids
            for field in ("owner", "organiser"):
                if any(f.name == field for f in self.model._meta.fields):
                    initial.setdefault(field, only)
        return initial

    def version_is_owned(self, request, version):
        """A version (of history or of a deleted item) may be restored only when, as it was
        saved, it belonged to one of the editor's organisations."""
        ids = organisation_ids(request)
        if ids is None:
            return True
        try:
            obj = version._object_version.object
            return owner_id(obj) in ids
        except Exception:  # noqa: BLE001 - a version whose campaign is gone: not restorable
            return False
