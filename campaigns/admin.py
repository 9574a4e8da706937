"""Admin of the campaigns for the ARS and Région editors: campaigns with their
episodes, videos, testimonials (with their consent dates), the social-media kit and the agenda."""

import datetime

from django.contrib import admin
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from careers_site.core.admin import PublishableAdmin, publication_fieldsets
from careers_site.core.history import HistoryAdmin
from careers_site.core.ownership import (
    OwnedByOrganisationAdmin,
    ScopedFormFieldsMixin,
)

from . import renditions
from .models import (
    Campaign,
    Event,
    SocialAsset,
    Testimonial,
    Video,
)

CONSENT_WARNING_DAYS = 60


class RightsFilter(admin.SimpleListFilter):
    """What has expired, and what expires within 60 days: time to renew or to replace it."""

    title = "droits"
    parameter_name = "droits"

    def lookups(self, request, model_admin):
        return (
            ("expire", "Droits expirés"),
            ("bientot", f"Expirent dans les {CONSENT_WARNING_DAYS} jours"),
        )

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "expire":
            return queryset.filter(rights_expire_on__lte=today)
        if self.value() == "bientot":
            return queryset.filter(
                rights_expire_on__gt=today,
                rights_expire_on__lte=today + datetime.timedelta(days=CONSENT_WARNING_DAYS),
            )
        return queryset


def rights_state(expires_on):
    """« expiré », « expire dans 12 jours », or the date: read at a glance in a list."""
    if expires_on is None:
        return "—"
    days = (expires_on - timezone.localdate()).days
    if days <= 0:
        return format_html('<strong class="rights-expired">Expiré le {}</strong>', expires_on)
    if days <= CONSENT_WARNING_DAYS:
        return format_html(
            '<strong class="rights-soon">Expire dans {} jour{}</strong> ({})',
            days,
            "s" if days > 1 else "",
            expires_on.strftime("%d/%m/%Y"),
        )
    return expires_on.strftime("%d/%m/%Y")


class VideoInline(ScopedFormFieldsMixin, admin.TabularInline):
    model = Video
    fields = ("episode_number", "title", "slug", "status", "published_at", "announced_for")
    prepopulated_fields = {"slug": ("title",)}
    extra = 0
    show_change_link = True
    ordering = ("episode_number", "published_at")
    verbose_name = "épisode"
    verbose_name_plural = (
        "épisodes (le média, la transcription et les sous-titres se règlent sur la fiche "
        "de chaque vidéo)"
    )


class TestimonialInline(ScopedFormFieldsMixin, admin.StackedInline):
    model = Testimonial
    fields = (
        ("first_name", "role_label"),
        "profession",
        "quote",
        "video",
        ("status", "published_at", "rights_expire_on"),
    )
    autocomplete_fields = ("profession", "video")
    extra = 0
    show_change_link = True
    classes = ("collapse",)


def crops_preview(asset):
    """The four crops as they will be downloaded, small: the editor moves the focal point and
    saves until every crop keeps what matters."""
    if not asset or not asset.pk or not asset.master:
        return "Les recadrages apparaissent ici après l'enregistrement du visuel."
    try:
        items = [
            (fmt, default_storage.url(renditions.rendition(asset, fmt)))
            for fmt in renditions.FORMATS
        ]
    except (OSError, ValueError):
        return "Ce visuel n'a pas pu être lu : envoyez un fichier JPEG ou PNG."
    return format_html(
        '<div class="crops-preview">{}</div>',
        format_html_join(
            "",
            '<figure><img src="{}" alt=""><figcaption>{} ({} px)</figcaption></figure>',
            ((url, fmt.label, fmt.size_label) for fmt, url in items),
        ),
    )


class SocialAssetInline(ScopedFormFieldsMixin, admin.StackedInline):
    model = SocialAsset
    fields = (
        ("title", "position"),
        "master",
        "alt_text",
        ("focal_x", "focal_y"),
        ("credits", "licence", "rights_expire_on"),
        "preview",
    )
    readonly_fields = ("preview",)
    extra = 0
    show_change_link = True
    classes = ("collapse",)
    verbose_name_plural = "kit pour les réseaux sociaux (visuels recadrés en quatre formats)"

    @admin.display(description="recadrages")
    def preview(self, obj):
        return crops_preview(obj)


@admin.register(SocialAsset)
class SocialAssetAdmin(OwnedByOrganisationAdmin, HistoryAdmin):
    list_display = ("title", "campaign", "position", "credits", "rights")
    list_select_related = ("campaign",)
    list_filter = (RightsFilter, "campaign")
    search_fields = ("title", "alt_text", "credits", "campaign__title")
    autocomplete_fields = ("campaign",)
    readonly_fields = ("preview", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("campaign", "title", "position")}),
        (
            "Visuel",
            {
                "description": (
                    "Un seul visuel d'origine, grand : le site le recadre en carré "
                    "(1080 × 1080), portrait (1080 × 1350), story (1080 × 1920) et aperçu de "
                    "lien (1200 × 630). Le point d'intérêt (en %) reste visible dans chaque "
                    "recadrage : modifiez-le et enregistrez pour voir le résultat."
                ),
                "fields": ("master", "alt_text", ("focal_x", "focal_y"), "preview"),
            },
        ),
        (
            "Crédits et droits",
            {
                "description": (
                    "Repris dans le fichier README du kit. À la fin des droits, le visuel "
                    "n'est plus proposé au téléchargement."
                ),
                "fields": ("credits", "licence", "rights_expire_on"),
            },
        ),
        ("Historique", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description="recadrages")
    def preview(self, obj):
        return crops_preview(obj)

    @admin.display(description="fin des droits", ordering="rights_expire_on")
    def rights(self, obj):
        return rights_state(obj.rights_expire_on)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Crop now, so that no visitor waits; the former crops are deleted.
        renditions.make_renditions(obj)


@admin.register(Campaign)
class CampaignAdmin(OwnedByOrganisationAdmin, PublishableAdmin):
    list_display = (
        "title",
        "owner",
        "starts_on",
        "ends_on",
        "is_featured",
        "publication_state",
        "public_link",
        # + « Visites », from the toolkit (careers_site.toolkit.admin.attach_to_pages)
    )
    list_select_related = ("owner",)
    list_filter = ("status", "is_featured", "owner")
    search_fields = ("title", "tagline", "summary")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("owner", "partners", "professions")
    inlines = (VideoInline, TestimonialInline, SocialAssetInline)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is SocialAsset:
            for asset in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
                renditions.make_renditions(asset)

    fieldsets = (
        (None, {"fields": ("title", "slug", "tagline", "summary", "source_url")}),
        ("Sources", {"fields": ("sources", "sources_checked_on")}),
        ("Qui la porte", {"fields": ("owner", "partners")}),
        (
            "Diffusion",
            {"fields": (("starts_on", "ends_on"), "channels", "hashtags", "professions")},
        ),
        ("Image", {"fields": ("hero_image", "hero_image_alt", "hero_image_decorative")}),
        *publication_fieldsets("is_featured"),
    )


@admin.register(Video)
class VideoAdmin(OwnedByOrganisationAdmin, PublishableAdmin):
    list_display = (
        "campaign",
        "episode_number",
        "title",
        "orientation",
        "has_captions",
        "has_transcript",
        "rights",
        "publication_state",
        "public_link",
    )
    list_display_links = ("title",)
    list_select_related = ("campaign",)
    list_filter = (RightsFilter, "campaign", "status", "orientation")
    search_fields = ("title", "summary", "transcript", "campaign__title")
    ordering = ("campaign", "episode_number", "published_at")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("campaign", "professions")
    readonly_fields = ("platform", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("campaign", "episode_number", "title", "slug", "summary")}),
        (
            "Vidéo",
            {
                "description": (
                    "De préférence un fichier MP4 hébergé par le site, avec ses sous-titres : "
                    "aucun traceur. Pour une vidéo sur une plateforme (YouTube, Vimeo, "
                    "Dailymotion, TikTok, Instagram), le site n'affiche qu'un lien et un bouton : "
                    "rien n'est chargé depuis la plateforme avant le clic du visiteur."
                ),
                "fields": (
                    "video_file",
                    "platform_url",
                    "platform",
                    "orientation",
                    "duration_seconds",
                    ("poster", "poster_alt", "poster_decorative"),
                ),
            },
        ),
        (
            "Accessibilité",
            {
                "description": (
                    "Une vidéo publiée doit avoir des sous-titres synchronisés (fichier WebVTT, "
                    "pour une vidéo hébergée par le site) et une transcription (RGAA, "
                    "thématique 4). Sans vidéo ni lien, elle peut rester publiée : la page "
                    "annonce « bientôt disponible »."
                ),
                "fields": ("captions", "transcript"),
            },
        ),
        ("Métiers montrés", {"fields": ("professions",)}),
        *publication_fieldsets("announced_for", "rights_expire_on", title="Publication et droits"),
    )

    @admin.display(description="sous-titres", boolean=True)
    def has_captions(self, obj):
        return bool(obj.captions)

    @admin.display(description="transcription", boolean=True)
    def has_transcript(self, obj):
        return bool(obj.transcript.strip())

    @admin.display(description="fin des droits", ordering="rights_expire_on")
    def rights(self, obj):
        return rights_state(obj.rights_expire_on)


class ConsentFilter(RightsFilter):
    """The same filter, in the words of a testimonial: the person's consent."""

    title = "consentement"
    parameter_name = "consentement"

    def lookups(self, request, model_admin):
        return (
            ("expire", "Consentement expiré"),
            ("bientot", f"Expire dans {CONSENT_WARNING_DAYS} jours"),
        )


@admin.register(Testimonial)
class TestimonialAdmin(OwnedByOrganisationAdmin, PublishableAdmin):
    list_display = (
        "first_name",
        "role_label",
        "profession",
        "campaign",
        "consent",
        "publication_state",
    )
    list_select_related = ("profession", "campaign")
    list_filter = (ConsentFilter, "status", "campaign")
    search_fields = ("first_name", "role_label", "quote")
    autocomplete_fields = ("profession", "campaign", "video")

    @admin.display(description="fin du consentement", ordering="rights_expire_on")
    def consent(self, obj):
        return rights_state(obj.rights_expire_on)

    fieldsets = (
        (None, {"fields": ("first_name", "role_label", "quote")}),
        ("Rattachement", {"fields": ("profession", "campaign", "video")}),
        ("Photo", {"fields": ("photo", "photo_alt", "photo_decorative")}),
        *publication_fieldsets(
            "rights_expire_on",
            title="Publication et consentement",
            description="À la fin du consentement, le témoignage disparaît de lui-même du site.",
        ),
    )


class WhenFilter(admin.SimpleListFilter):
    title = "date"
    parameter_name = "quand"

    def lookups(self, request, model_admin):
        return (("a-venir", "À venir ou en cours"), ("passe", "Passé"))

    def queryset(self, request, queryset):
        if self.value() == "a-venir":
            return queryset.upcoming()
        if self.value() == "passe":
            return queryset.past()
        return queryset


@admin.register(Event)
class EventAdmin(OwnedByOrganisationAdmin, PublishableAdmin):
    list_display = (
        "starts_at",
        "title",
        "kind",
        "commune",
        "departement",
        "publication_state",
        "public_link",
        # + « Visites », from the toolkit (careers_site.toolkit.admin.attach_to_pages)
    )
    list_display_links = ("title",)
    list_filter = (WhenFilter, "kind", "departement", "status")
    search_fields = ("title", "commune", "venue", "description")
    date_hierarchy = "starts_at"
    ordering = ("-starts_at",)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("organiser", "campaign", "professions")
    # The event's short links are added by the toolkit (careers_site.toolkit.admin).
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "description", "url")}),
        ("Date", {"fields": (("starts_at", "ends_at"),)}),
        ("Lieu", {"fields": ("venue", "address", ("commune", "departement"))}),
        ("Qui", {"fields": ("organiser", "campaign", "professions")}),
        ("Sources", {"fields": ("sources", "sources_checked_on")}),
        *publication_fieldsets(),
    )
