"""Public pages of the campaigns: the video series, their episodes, testimonials and the agenda.

Each view loads what its template shows in a fixed number of queries (select_related, and
Prefetch(..., to_attr=...) over `.published()` querysets), whatever the number of items."""

import mimetypes

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Count, F, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import ListView

from careers_site.core.filters import DEPARTEMENT, UrlFilters
from careers_site.core.geo import Departement
from careers_site.core.models import SiteSettings, Status
from careers_site.core.publishing import NavSectionMixin, PublicDetailView, visible
from careers_site.platform.cache import ObjectKeptUntilChange
from professions.models import published_professions

from . import ics, renditions
from .announcements import has_passed
from .dates import event_when, french_date
from .embeds import PLATFORM_NOTICE, embed_url
from .filters import EVENT_FILTERS
from .models import Campaign, Event, SocialAsset, Testimonial, Video

PAST_EVENTS_SHOWN = 6


class CampaignListView(ListView):
    page_cache_params = ()
    template_name = "campaigns/campaign_list.html"
    context_object_name = "campaigns"

    def get_queryset(self):
        now = timezone.now()
        today = timezone.localdate()
        public_video = Q(videos__status=Status.PUBLISHED, videos__published_at__lte=now) & (
            Q(videos__rights_expire_on__isnull=True) | Q(videos__rights_expire_on__gt=today)
        )
        return (
            Campaign.objects.published()
            .select_related("owner")
            .annotate(video_count=Count("videos", filter=public_video))
        )


class CampaignDetailView(PublicDetailView):
    model = Campaign
    template_name = "campaigns/campaign_detail.html"

    def get_base_queryset(self):
        now = timezone.now()
        today = timezone.localdate()
        not_expired = Q(rights_expire_on__isnull=True) | Q(rights_expire_on__gt=today)
        announced = Video.objects.filter(not_expired).filter(
            Q(status=Status.PUBLISHED, published_at__gt=now)
            | (Q(status=Status.DRAFT) & ~Q(announced_for=""))
        )
        return Campaign.objects.select_related("owner").prefetch_related(
            "partners",
            published_professions(),
            Prefetch(
                "videos",
                queryset=Video.objects.published().order_by(
                    F("episode_number").asc(nulls_last=True), "published_at"
                ),
                to_attr="episodes",
            ),
            Prefetch(
                "videos",
                queryset=announced.order_by(
                    F("episode_number").asc(nulls_last=True), "published_at"
                ),
                to_attr="announced_videos",
            ),
            Prefetch(
                "testimonials",
                queryset=Testimonial.objects.published()
                .select_related("video")
                .order_by(F("video__episode_number").asc(nulls_last=True), "-published_at"),
                to_attr="published_testimonials",
            ),
            Prefetch(
                "events",
                queryset=Event.objects.published().upcoming().order_by("starts_at"),
                to_attr="upcoming_events",
            ),
            Prefetch(
                "social_assets",
                queryset=SocialAsset.objects.available(),
                to_attr="kit_assets",
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        # A draft episode its editor previews in the list (?apercu=campaigns.video.<pk>).
        campaign.episodes = self.preview_inside(
            context, Video.objects.filter(campaign=campaign), campaign.episodes
        )
        scheduled = sorted(
            (video for video in campaign.announced_videos if video.status == Status.PUBLISHED),
            key=lambda video: video.published_at,
        )
        for video in scheduled:
            video.publication_day = french_date(video.published_at)
        groups = {}
        for video in campaign.announced_videos:
            if video.status == Status.DRAFT:
                groups[video.announced_for.strip()] = groups.get(video.announced_for.strip(), 0) + 1
        # An announcement whose period has passed no longer says « bientôt » (issue 15).
        today = timezone.localdate()
        announced = [
            {"when": when, "count": count, "overdue": has_passed(when, today)}
            for when, count in groups.items()
        ]
        kit = [
            {
                "asset": asset,
                "thumbnail": default_storage.url(
                    renditions.rendition(asset, renditions.FORMATS_BY_KEY["carre"])
                ),
            }
            for asset in campaign.kit_assets
        ]
        share_image = None
        if campaign.kit_assets:
            # The first visual of the kit is what a shared link of this page shows.
            asset = campaign.kit_assets[0]
            share_image = {
                "url": default_storage.url(renditions.rendition(asset, renditions.LINK_PREVIEW)),
                "width": renditions.LINK_PREVIEW.width,
                "height": renditions.LINK_PREVIEW.height,
                "alt": asset.alt_text,
            }
        context.update(
            scheduled_episodes=scheduled,
            next_episode_day=scheduled[0].publication_day if scheduled else "",
            announced_groups=announced,
            anything_coming=bool(scheduled) or any(not group["overdue"] for group in announced),
            partners=list(campaign.partners.all()),
            kit=kit,
            kit_formats=renditions.FORMATS,
            share_image=share_image,
        )
        return context


class VideoListView(NavSectionMixin, ListView):
    page_cache_params = ("page",)
    nav_section = "videos"
    template_name = "campaigns/video_list.html"
    context_object_name = "videos"
    paginate_by = 12

    def get_queryset(self):
        # Real portraits: the demonstration clips are reached from their own campaign's page.
        return (
            Video.objects.published()
            .real()
            .select_related("campaign")
            .order_by("-published_at", "pk")
        )


class VideoDetailView(ObjectKeptUntilChange, PublicDetailView):
    nav_section = "videos"
    model = Video
    template_name = "campaigns/video_detail.html"

    def get_base_queryset(self):
        return Video.objects.select_related("campaign__owner").prefetch_related(
            published_professions(),
            Prefetch(
                "testimonials",
                queryset=Testimonial.objects.published().select_related("profession"),
                to_attr="published_testimonials",
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        video = self.object
        context.update(
            video_type=mimetypes.guess_type(video.video_file.name)[0] if video.video_file else "",
            embed_url=embed_url(video.platform_url) if not video.video_file else "",
            body_context=self.body_context,
        )
        return context

    def body_context(self):
        """The episodes around this one and the platform's notice: read only when the page's
        body is built (`{% kept %}`), once per change."""
        video = self.object
        previous_episode = next_episode = None
        if video.episode_number:
            # The other episodes the public can see or will see on their date (one query).
            today = timezone.localdate()
            siblings = (
                Video.objects.filter(
                    Q(rights_expire_on__isnull=True) | Q(rights_expire_on__gt=today),
                    campaign_id=video.campaign_id,
                    status=Status.PUBLISHED,
                    episode_number__isnull=False,
                )
                .exclude(pk=video.pk)
                .order_by("episode_number")
                .only(
                    "slug",
                    "title",
                    "episode_number",
                    "campaign_id",
                    "status",
                    "published_at",
                    "unpublished_at",
                )
            )
            for sibling in siblings:
                if sibling.episode_number < video.episode_number:
                    if sibling.is_public:
                        previous_episode = sibling
                elif next_episode is None:
                    next_episode = sibling
                    if sibling.is_scheduled:
                        sibling.publication_day = french_date(sibling.published_at)
        platform_name = (
            video.get_platform_display() if video.platform and video.platform != "autre" else ""
        )
        return {
            "previous_episode": previous_episode,
            "next_episode": next_episode,
            "platform_name": platform_name,
            "platform_notice": PLATFORM_NOTICE.format(platform=platform_name or "la plateforme"),
        }


class EventListView(NavSectionMixin, ListView):
    """Upcoming events soonest first, in pages, then (on the first page) the latest past ones;
    a GET filter by département (with the number of upcoming events in each) that works
    without JavaScript and is kept from page to page."""

    filter_declaration = EVENT_FILTERS
    page_cache_params = EVENT_FILTERS.page_cache_params
    # One spelling for the page cache's key: an unknown département is no filter.
    page_cache_canonical = EVENT_FILTERS.canonical
    nav_section = "events"

    template_name = "campaigns/event_list.html"
    context_object_name = "upcoming_events"
    # A busy season announces hundreds of fairs and open days: a phone gets them in pages.
    paginate_by = 30

    def get(self, request, *args, **kwargs):
        self.filters = UrlFilters.of(EVENT_FILTERS, request.GET)
        self.departement = self.filters.values.get(DEPARTEMENT, "")
        return super().get(request, *args, **kwargs)

    def in_departement(self, queryset):
        return queryset.filter(self.filters.all_except())

    def get_queryset(self):
        upcoming = Event.objects.published().upcoming().real()
        return self.in_departement(upcoming).order_by("starts_at", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Real events only, listed and counted: the demonstration salon is no rendez-vous.
        counts = dict(
            Event.objects.published()
            .upcoming()
            .real()
            .filter(self.filters.all_except(DEPARTEMENT))
            .values_list("departement")
            .annotate(count=Count("pk"))
            .order_by()
        )
        labels = dict(Departement.choices)
        past_events = []
        if context["page_obj"].number == 1:
            past = self.in_departement(Event.objects.published().past().real())
            past_events = list(past.order_by("-starts_at", "-pk")[:PAST_EVENTS_SHOWN])
        context.update(
            past_events=past_events,
            upcoming_count=context["paginator"].count,
            querystring_without_page=self.filters.querystring(),
            departement=self.departement,
            departement_label=labels.get(self.departement, ""),
            departement_choices=[
                {"value": value, "label": label, "count": counts.get(value, 0)}
                for value, label in Departement.choices
            ],
            upcoming_total=sum(counts.values()),
        )
        return context


class EventDetailView(PublicDetailView):
    nav_section = "events"
    model = Event
    template_name = "campaigns/event_detail.html"

    def get_base_queryset(self):
        return Event.objects.select_related("organiser", "campaign").prefetch_related(
            published_professions()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        context.update(
            when=event_when(event),
            is_past=(event.ends_at or event.starts_at) < timezone.now(),
        )
        return context


def event_calendar(request, slug):
    """The event as an .ics file to add to a calendar."""
    events = Event.objects.published().real()
    event = get_object_or_404(events.select_related("organiser"), slug=slug)
    host = request.get_host().split(":")[0] or "localhost"
    url = absolute(request, event.get_absolute_url())
    content = ics.calendar(event, url, host, SiteSettings.load().site_name)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def absolute(request, path):
    return settings.SITE_URL + path if settings.SITE_URL else request.build_absolute_uri(path)


def kit_campaign(request, slug):
    """The campaign of a kit: published, or a draft its organisation's staff preview."""
    return get_object_or_404(visible(request, Campaign.objects.select_related("owner")), slug=slug)


def social_asset_file(request, slug, pk, format_key):
    """One format of one visual of the kit, as a download."""
    fmt = renditions.FORMATS_BY_KEY.get(format_key)
    if fmt is None:
        raise Http404("Format inconnu")
    campaign = kit_campaign(request, slug)
    asset = get_object_or_404(SocialAsset.objects.available(), campaign=campaign, pk=pk)
    asset.campaign = campaign
    name = renditions.rendition(asset, fmt)
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=renditions.download_name(asset, fmt, name),
    )


def campaign_kit(request, slug):
    """Every format of every visual the campaign still has rights to, and README.txt, in one
    zip built in memory."""
    campaign = kit_campaign(request, slug)
    assets = list(campaign.social_assets.available())
    if not assets:
        raise Http404("Aucun visuel disponible")
    for asset in assets:
        asset.campaign = campaign
    content = renditions.kit_zip(
        campaign,
        assets,
        SiteSettings.load().site_name,
        absolute(request, campaign.get_absolute_url()),
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="kit-{campaign.slug}.zip"'
    return response
