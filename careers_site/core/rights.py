"""What a staff member may do to an object, checked in one place whatever the door: the change
form, a list action (« Publier maintenant », « Repasser en brouillon », delete, add offers), a
preview of a draft on the site, a campaign's kit. The object's ModelAdmin is the authority:
its `has_<right>_permission(request, obj)`, which Django's groups grant per model and
ownership.py narrows to the editor's organisations. Nothing here knows an app."""

import functools

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

# An action that declares no `permissions=[…]` changes what it touches.
DEFAULT_ACTION_RIGHTS = ("change",)


def model_admin(model):
    """The admin of `model` on the site's admin, None when it has none."""
    try:
        return admin.site.get_model_admin(model)
    except admin.sites.NotRegistered:
        return None


def may(request, right, model, obj=None):
    """May the user `right` (« view », « change », « delete »…) `obj`, or some object of
    `model` when `obj` is None, as the admin's change form would allow?"""
    if not request.user.is_active or not request.user.is_staff:
        return False
    found = model_admin(model)
    if found is None:
        return request.user.is_superuser
    return _has(found, request, right, obj)


def _has(model_admin, request, right, obj=None):
    check = getattr(model_admin, f"has_{right}_permission")
    if obj is None:
        return check(request)
    try:
        return check(request, obj)
    except TypeError:  # a right with no object level (« export »): the model's answers
        return check(request)


def action_rights(func):
    return getattr(func, "allowed_permissions", None) or DEFAULT_ACTION_RIGHTS


class RightsCheckedActions:
    """For every ModelAdmin: each list action is offered only to who holds its rights on the
    model (declared with `@admin.action(permissions=[…])`, « change » when it declares
    none: Django then filters the list of actions), and runs only when the user holds them
    on every selected object, as on each object's change form. Otherwise nothing is done and
    the list says why."""

    def get_action(self, action):
        found = super().get_action(action)
        if found is None:
            return None
        func, name, description = found

        @functools.wraps(func)
        def checked(modeladmin, request, queryset):
            rights = action_rights(func)
            refused = [
                obj
                for obj in queryset
                if not all(_has(modeladmin, request, right, obj) for right in rights)
            ]
            if refused:
                modeladmin.message_user(
                    request,
                    "Action refusée : vous n'avez pas les droits nécessaires sur "
                    + ", ".join(f"« {obj} »" for obj in refused[:5])
                    + (f" et {len(refused) - 5} autre(s)" if len(refused) > 5 else "")
                    + ". Aucun élément n'a été modifié.",
                    messages.ERROR,
                )
                return None
            return func(modeladmin, request, queryset)

        checked.allowed_permissions = action_rights(func)
        return checked, name, description


def refuse_unless(request, right, model, obj=None):
    """PermissionDenied (the French 403 page) unless `may(...)`."""
    if not may(request, right, model, obj):
        raise PermissionDenied


class RightsCheckedAdminSite(admin.AdminSite):
    """The site's admin (careers_site.core.apps.AdminConfig): every ModelAdmin registered,
    ours and the libraries' (groups, login attempts…), checks the rights of its actions."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, RightsCheckedActions):
            admin_class = type(
                admin_class.__name__,
                (RightsCheckedActions, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
