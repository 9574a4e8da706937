"""Admin of the organisations and of who works for them (staff memberships, also shown on each
account's page). The rules that scope the editors' work by organisation are in ownership.py."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from careers_site.core.admin import FactsCheckedAdmin
from careers_site.core.history import HistoryAdmin
from careers_site.core.models import Organisation, StaffMembership
from careers_site.core.ownership import organisation_ids


@admin.register(Organisation)
class OrganisationAdmin(FactsCheckedAdmin, HistoryAdmin):
    list_display = ("name", "short_name", "kind", "has_logo", "show_as_partner")
    list_filter = ("kind", "show_as_partner")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "website")}),
        (
            "Page partenaire",
            {
                "description": "Ce que l'organisme fait pour ces métiers, en langage courant, "
                "avec ses sources. Ses campagnes, événements et aides publiés s'y ajoutent "
                "d'eux-mêmes.",
                "fields": ("has_public_page", "role", "sources", "sources_checked_on"),
            },
        ),
        (
            "Logo et pied de page",
            {"fields": ("logo", "logo_alt", "logo_decorative", "show_as_partner")},
        ),
    )
    # What an organisation's own editor may not change: who it is and where it shows.
    IDENTITY_FIELDS = ("name", "slug", "kind", "has_public_page", "show_as_partner")

    @admin.display(description="logo", boolean=True)
    def has_logo(self, obj):
        return bool(obj.logo)

    def view_on_site(self, obj):
        """« Voir sur le site » only for the organisations that have a page."""
        return obj.get_absolute_url() if obj.has_public_page else None

    @staticmethod
    def manages_every_organisation(request):
        """Superusers and regional editors (who may add organisations) change them all; an
        organisation's own editors change only their organisation's page."""
        return organisation_ids(request) is None or request.user.has_perm(
            "careers_site.add_organisation"
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or self.manages_every_organisation(request):
            return allowed
        return obj.pk in organisation_ids(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if self.manages_every_organisation(request):
            return readonly
        return (*readonly, *self.IDENTITY_FIELDS)

    def get_prepopulated_fields(self, request, obj=None):
        if self.manages_every_organisation(request):
            return super().get_prepopulated_fields(request, obj)
        return {}  # the slug is read-only for the organisation's own editors


class StaffMembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 0
    autocomplete_fields = ("organisation",)
    verbose_name = "organisme pour lequel cette personne édite"
    verbose_name_plural = "organismes pour lesquels cette personne édite"


# The account page shows its organisations too: administrators set groups and organisations
# in one place.
User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = (*UserAdmin.inlines, StaffMembershipInline)


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    """Who works for which organisation: set by the administrators only (no group has these
    permissions)."""

    list_display = ("user", "organisation")
    list_select_related = ("user", "organisation")
    list_filter = ("organisation",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
