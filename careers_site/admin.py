"""Admin pieces every app shares: publication columns and actions, links to the public page
and to a preview of drafts, and the site settings."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from .models import SiteSettings, Status
from .publishing import preview_url

admin.site.site_header = "Métiers du soin – administration"
admin.site.site_title = "Administration"
admin.site.index_title = "Contenus du site"


class PublishableAdmin(admin.ModelAdmin):
    """List columns, filters and actions for anything with a draft/published state."""

    publication_fields = ("status", "published_at")
    list_filter = ("status",)
    date_hierarchy = "published_at"
    actions = ("publish_now", "back_to_draft")
    save_on_top = True
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description="état", ordering="status")
    def publication_state(self, obj):
        label = obj.publication_label
        colour = {"Brouillon": "#5a5a5a", "Publié": "#1b6e3a"}.get(label, "#8a4b00")
        return format_html('<strong style="color:{}">{}</strong>', colour, label)

    @admin.display(description="sur le site")
    def public_link(self, obj):
        if not obj.pk:
            return "–"
        if obj.is_public:
            return format_html('<a href="{}" target="_blank">Voir la page</a>', obj.get_absolute_url())
        return format_html('<a href="{}" target="_blank">Aperçu</a>', preview_url(obj))

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else preview_url(obj)

    @admin.action(description="Publier maintenant les éléments sélectionnés")
    def publish_now(self, request, queryset):
        count = queryset.update(status=Status.PUBLISHED, published_at=timezone.now())
        self.message_user(request, f"{count} élément(s) publié(s).", messages.SUCCESS)

    @admin.action(description="Repasser en brouillon les éléments sélectionnés")
    def back_to_draft(self, request, queryset):
        count = queryset.update(status=Status.DRAFT)
        self.message_user(request, f"{count} élément(s) repassé(s) en brouillon.", messages.SUCCESS)


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = (
        ("Identité", {"fields": ("site_name", "tagline", "logo", "logo_alt", "logo_decorative")}),
        ("Couleurs", {"fields": ("primary_colour", "accent_colour")}),
        (
            "Mentions légales",
            {"fields": ("publisher", "publisher_address", "publication_director", "host", "contact_email", "credits")},
        ),
        (
            "Déclaration d'accessibilité",
            {
                "fields": (
                    "accessibility_status",
                    "accessibility_audit_date",
                    "accessibility_audit_by",
                    "accessibility_rate",
                    "accessibility_non_compliant",
                    "accessibility_contact",
                    "accessibility_multiyear_plan",
                    "accessibility_annual_plan",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
