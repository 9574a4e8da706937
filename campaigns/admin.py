"""Admin of the campaigns for the ARS and Région editors: organisations, campaigns with their
episodes, videos, testimonials (with their consent dates) and the agenda."""

import datetime

from django.contrib import admin
from django.utils import timezone

from careers_site.admin import PublishableAdmin

from .models import Campaign, Event, Organisation, Testimonial, Video

CONSENT_WARNING_DAYS = 60


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "has_logo", "show_as_partner")
    list_filter = ("kind", "show_as_partner")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "website")}),
        (
            "Logo et pied de page",
            {"fields": ("logo", "logo_alt", "logo_decorative", "show_as_partner")},
        ),
    )

    @admin.display(description="logo", boolean=True)
    def has_logo(self, obj):
        return bool(obj.logo)


class VideoInline(admin.TabularInline):
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


class TestimonialInline(admin.StackedInline):
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


@admin.register(Campaign)
class CampaignAdmin(PublishableAdmin):
    list_display = (
        "title",
        "owner",
        "starts_on",
        "ends_on",
        "is_featured",
        "publication_state",
        "public_link",
    )
    list_select_related = ("owner",)
    list_filter = ("status", "is_featured", "owner")
    search_fields = ("title", "tagline", "summary")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("owner", "partners", "professions")
    inlines = (VideoInline, TestimonialInline)
    fieldsets = (
        (None, {"fields": ("title", "slug", "tagline", "summary", "source_url")}),
        ("Qui la porte", {"fields": ("owner", "partners")}),
        (
            "Diffusion",
            {"fields": (("starts_on", "ends_on"), "channels", "hashtags", "professions")},
        ),
        ("Image", {"fields": ("hero_image", "hero_image_alt", "hero_image_decorative")}),
        ("Publication", {"fields": ("status", "published_at", "is_featured")}),
        ("Historique", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )


@admin.register(Video)
class VideoAdmin(PublishableAdmin):
    list_display = (
        "campaign",
        "episode_number",
        "title",
        "orientation",
        "has_captions",
        "has_transcript",
        "rights_expire_on",
        "publication_state",
        "public_link",
    )
    list_display_links = ("title",)
    list_select_related = ("campaign",)
    list_filter = ("campaign", "status", "orientation")
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
                    "aucun traceur. Un lien vers une plateforme s'affiche comme un simple "
                    "lien, sans lecteur intégré."
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
                    "Une vidéo publiée doit avoir des sous-titres synchronisés et une "
                    "transcription (RGAA, thématique 4)."
                ),
                "fields": ("captions", "transcript"),
            },
        ),
        ("Métiers montrés", {"fields": ("professions",)}),
        (
            "Publication et droits",
            {"fields": ("status", "published_at", "announced_for", "rights_expire_on")},
        ),
        ("Historique", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description="sous-titres", boolean=True)
    def has_captions(self, obj):
        return bool(obj.captions)

    @admin.display(description="transcription", boolean=True)
    def has_transcript(self, obj):
        return bool(obj.transcript.strip())


class ConsentFilter(admin.SimpleListFilter):
    title = "consentement"
    parameter_name = "consentement"

    def lookups(self, request, model_admin):
        return (
            ("expire", "Consentement expiré"),
            ("bientot", f"Expire dans {CONSENT_WARNING_DAYS} jours"),
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


@admin.register(Testimonial)
class TestimonialAdmin(PublishableAdmin):
    list_display = (
        "first_name",
        "role_label",
        "profession",
        "campaign",
        "rights_expire_on",
        "publication_state",
    )
    list_select_related = ("profession", "campaign")
    list_filter = (ConsentFilter, "status", "campaign")
    search_fields = ("first_name", "role_label", "quote")
    autocomplete_fields = ("profession", "campaign", "video")
    fieldsets = (
        (None, {"fields": ("first_name", "role_label", "quote")}),
        ("Rattachement", {"fields": ("profession", "campaign", "video")}),
        ("Photo", {"fields": ("photo", "photo_alt", "photo_decorative")}),
        (
            "Publication et consentement",
            {
                "description": (
                    "À la fin du consentement, le témoignage disparaît de lui-même du site."
                ),
                "fields": ("status", "published_at", "rights_expire_on"),
            },
        ),
        ("Historique", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
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
class EventAdmin(PublishableAdmin):
    list_display = (
        "starts_at",
        "title",
        "kind",
        "commune",
        "departement",
        "publication_state",
        "public_link",
    )
    list_display_links = ("title",)
    list_filter = (WhenFilter, "kind", "departement", "status")
    search_fields = ("title", "commune", "venue", "description")
    date_hierarchy = "starts_at"
    ordering = ("-starts_at",)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("organiser", "campaign", "professions")
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "description", "url")}),
        ("Date", {"fields": (("starts_at", "ends_at"),)}),
        ("Lieu", {"fields": ("venue", "address", ("commune", "departement"))}),
        ("Qui", {"fields": ("organiser", "campaign", "professions")}),
        ("Publication", {"fields": ("status", "published_at")}),
        ("Historique", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
