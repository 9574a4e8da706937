"""Admin pieces every app shares: publication columns and actions, links to the public page
and to a preview of drafts, and the site settings."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from careers_site.core.history import HistoryAdmin
from careers_site.core.models import (
    AccessibilityStatus,
    ShortLink,
    ShortLinkKind,
    SiteSettings,
    SlugHistory,
    Status,
)
from careers_site.core.publishing import draft_preview_url, host_previews

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


class PublishableAdmin(HistoryAdmin):
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
ACCESSIBILITY_FIELDS = (
    "accessibility_status",
    "accessibility_audit_date",
    "accessibility_audit_by",
    "accessibility_rate",
    "accessibility_non_compliant",
    "accessibility_contact",
    "accessibility_multiyear_plan",
    "accessibility_annual_plan",
)


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = SiteSettings
        fields = IDENTITY_FIELDS + COLOUR_FIELDS + LEGAL_FIELDS + ACCESSIBILITY_FIELDS

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("accessibility_status")
        if (
            status
            and status != AccessibilityStatus.NONE
            and not cleaned_data.get("accessibility_audit_date")
        ):
            self.add_error(
                "accessibility_status",
                "Sans audit, le site doit être déclaré « non conforme » (obligation légale). "
                "Indiquez la date de l'audit pour choisir un autre état.",
            )
        return cleaned_data


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


# -- short links of a page (the toolkit, above the apps, reports their visits) --------------


class ShortLinkInline(GenericTabularInline):
    """The short links of a page, on its admin form: the main one (made on first save) and
    the dedicated /s/ links of job fairs or posters, each with its source."""

    model = ShortLink
    extra = 0
    fields = ("kind", "code", "source", "created_at")
    readonly_fields = ("created_at",)
    verbose_name = "lien court"
    verbose_name_plural = "liens courts (à imprimer ou à dire à voix haute)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A link added here is most often a fair's or a poster's own link, with its source.
        formset.form.base_fields["kind"].initial = ShortLinkKind.SOURCE
        return formset

    # The links belong to the page: whoever may change the page (an event of their own
    # organisation, for an organisation's editor) manages its links, and nobody else. The
    # « Liens courts » list, which spans every page, stays with the administrators.
    def _parent_admin(self):
        return self.admin_site._registry[self.parent_model]

    def has_view_permission(self, request, obj=None):
        return self._parent_admin().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._parent_admin().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_admin().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_admin().has_change_permission(request, obj)


def visit_report_link(obj, parameter):
    """« Visites » column of the event and campaign lists: their report in one click."""
    url = reverse("admin:careers_site_visitcount_report") + f"?{parameter}={obj.pk}"
    return format_html('<a href="{}">Voir les visites</a>', url)


@admin.register(ShortLink)
class ShortLinkAdmin(admin.ModelAdmin):
    list_display = ("path", "kind", "source", "target_page", "created_at")
    list_filter = ("kind",)
    search_fields = ("code", "source")
    readonly_fields = ("created_at", "updated_at")
    list_select_related = ("content_type",)

    @admin.display(description="page")
    def target_page(self, obj):
        target = obj.target
        if target is None:
            return "–"
        return format_html('<a href="{}">{}</a>', target.get_absolute_url(), target)


@admin.register(SlugHistory)
class SlugHistoryAdmin(admin.ModelAdmin):
    list_display = ("old_slug", "content_type", "target", "changed_at")
    search_fields = ("old_slug",)
    list_select_related = ("content_type",)


# The organisations' admin (kept in its own module) registers itself when imported.
from careers_site.core import organisation_admin  # noqa: E402, F401
