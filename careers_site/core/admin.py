"""Admin pieces every app shares: publication columns and actions, links to the public page
and to a preview of drafts, and the site settings."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from careers_site.core.history import HistoryAdmin
from careers_site.core.models import (
    SiteSettings,
    SlugHistory,
    Status,
)
from careers_site.core.publishing import draft_preview_url, host_previews
from careers_site.core.sources import source_problems

admin.site.site_header = "Métiers du soin – administration"
admin.site.site_title = "Administration"
admin.site.index_title = "Contenus du site"


def publication_fieldsets(*extra, title="Publication", description=""):
    """The last fieldsets of every content form: its state and publication window, the fields
    a model adds there (rights, announcement…), the date staff last checked it, then the
    timestamps, folded."""
    options = {"fields": ("status", ("published_at", "unpublished_at"), *extra, "last_reviewed")}
    if description:
        options["description"] = description
    return (
        (title, options),
        ("Historique", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )


class FactsCheckedForm(forms.ModelForm):
    """What no content form lets through (issue 25), with a French message and nothing saved:
    a source without address or date (careers_site/core/sources.py), a consultation or review
    date in the future, an end of rights (« expire le ») before the publication date."""

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        if "sources" in self.fields:
            problems = source_problems(
                cleaned.get("sources", ""), cleaned.get("sources_checked_on"), today
            )
            if problems:
                self.add_error("sources", problems)
        for name, what in (
            ("sources_checked_on", "consulté les sources"),
            ("last_reviewed", "relu"),
        ):
            value = cleaned.get(name)
            if name in self.fields and value and value > today:
                self.add_error(
                    name,
                    f"Cette date est dans le futur : indiquez le jour où vous avez {what}.",
                )
        expires, starts = cleaned.get("rights_expire_on"), cleaned.get("published_at")
        if expires and starts and expires <= timezone.localdate(starts):
            self.add_error(
                "rights_expire_on",
                "Les droits expirent avant la date de publication : le contenu ne serait "
                "jamais visible. Corrigez l'une des deux dates.",
            )
        return cleaned


class FactsCheckedAdmin:
    """Gives every form of the admin the checks of `FactsCheckedForm`, whatever form the
    admin declares."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if issubclass(form, FactsCheckedForm):
            return form
        return type(form.__name__, (FactsCheckedForm, form), {})


class PublishableAdmin(FactsCheckedAdmin, HistoryAdmin):
    """List columns, filters and actions for anything with a draft/published state."""

    publication_fields = ("status", "published_at")
    list_filter = ("status",)
    date_hierarchy = "published_at"
    actions = ("publish_now", "back_to_draft")
    save_on_top = True
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description="état", ordering="status")
    def publication_state(self, obj):
        # Colours in static/css/admin.css: the admin's CSP allows no style attribute.
        if obj.status == Status.DRAFT:
            state = "draft"
        elif obj.is_public:
            state = "published"
        else:
            state = "waiting"  # scheduled, or its publication has ended
        return format_html(
            '<strong class="publication-state publication-{}">{}</strong>',
            state,
            obj.publication_label,
        )

    @admin.display(description="sur le site")
    def public_link(self, obj):
        if not obj.pk:
            return "–"
        if obj.is_public:
            return format_html(
                '<a href="{}" target="_blank">Voir la page</a>', obj.get_absolute_url()
            )
        links = [format_html('<a href="{}" target="_blank">Aperçu</a>', draft_preview_url(obj))]
        for host, url in host_previews(obj):
            if url != draft_preview_url(obj):
                links.append(
                    format_html('<a href="{}" target="_blank">Aperçu dans « {} »</a>', url, host)
                )
        return format_html_join(" · ", "{}", ((link,) for link in links))

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else draft_preview_url(obj)

    @admin.action(
        description="Publier maintenant les éléments sélectionnés", permissions=["change"]
    )
    def publish_now(self, request, queryset):
        count = queryset.update(status=Status.PUBLISHED, published_at=timezone.now())
        self.message_user(request, f"{count} élément(s) publié(s).", messages.SUCCESS)

    @admin.action(
        description="Repasser en brouillon les éléments sélectionnés", permissions=["change"]
    )
    def back_to_draft(self, request, queryset):
        count = queryset.update(status=Status.DRAFT)
        self.message_user(request, f"{count} élément(s) repassé(s) en brouillon.", messages.SUCCESS)


IDENTITY_FIELDS = ("site_name", "tagline", "logo", "logo_alt", "logo_decorative")
COLOUR_FIELDS = ("primary_colour", "accent_colour")
LEGAL_FIELDS = (
    "publisher",
    "publisher_address",
    "publication_director",
    "host",
    "contact_email",
    "credits",
)
# The level, rate, date and non-conformities come from the audit grid in the code
# (docs/accessibility/audit-rgaa-4.1.toml), never typed here: they could not drift apart.
ACCESSIBILITY_FIELDS = (
    "accessibility_contact",
    "accessibility_multiyear_plan",
    "accessibility_annual_plan",
)


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = SiteSettings
        fields = IDENTITY_FIELDS + COLOUR_FIELDS + LEGAL_FIELDS + ACCESSIBILITY_FIELDS


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row only: the list page leads straight to it, it cannot be deleted."""

    form = SiteSettingsForm
    readonly_fields = ("updated_at",)
    fieldsets = (
        ("Identité", {"fields": IDENTITY_FIELDS}),
        (
            "Couleurs",
            {
                "description": "Les couleurs doivent rester lisibles sur fond blanc : "
                "une couleur trop claire est refusée à l'enregistrement.",
                "fields": COLOUR_FIELDS,
            },
        ),
        ("Mentions légales", {"fields": LEGAL_FIELDS}),
        (
            "Déclaration d'accessibilité",
            {
                "description": "Ces informations forment la page « Accessibilité » du site. "
                "Tant qu'aucun audit n'a été mené, l'état reste « non conforme ».",
                "fields": ACCESSIBILITY_FIELDS,
            },
        ),
        ("Historique", {"fields": ("updated_at",)}),
    )

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings = SiteSettings.objects.filter(pk=1).first()
        if settings is None:
            return redirect("admin:careers_site_sitesettings_add")
        return redirect("admin:careers_site_sitesettings_change", settings.pk)


@admin.register(SlugHistory)
class SlugHistoryAdmin(admin.ModelAdmin):
    list_display = ("old_slug", "content_type", "target", "changed_at")
    search_fields = ("old_slug",)
    list_select_related = ("content_type",)


# The organisations' admin (kept in its own module) registers itself when imported.
from careers_site.core import organisation_admin  # noqa: E402, F401
