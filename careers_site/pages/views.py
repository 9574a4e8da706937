"""Site-wide pages: home, search, the legal pages, the site map, robots.txt and error pages."""

from django.conf import settings
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import defaults
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from campaigns.models import Campaign, Event, Video
from careers_site.core.geo import Departement
from careers_site.core.search.service import search
from careers_site.pages.accessibility import audit
from professions.models import Profession
from trainings.models import Diploma, FinancialAid, Institute
from trainings.sources import data_sources

HOME_VIDEOS = 4
HOME_EVENTS = 3
HOME_PROFESSIONS = 6
# Professions offered when a search finds nothing (then « Voir tous les métiers »).
SEARCH_SUGGESTIONS = 24
SITE_MAP_VIDEOS = 30


class HomeView(TemplateView):
    """Four queries (campaign, professions, videos, events; the settings come from the
    cache) when its body is built, once per change; none on the visits after."""

    page_cache_params = ()
    template_name = "careers_site/home.html"
    extra_context = {"is_home": True}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["body_context"] = self.body_context
        return context

    def body_context(self):
        """The home's content, read only when its body is built (`{% kept %}`): once per
        change, not once per visit."""
        context = {}
        # Default ordering puts the campaign marked « à la une » first.
        context["featured_campaign"] = (
            Campaign.objects.published().real().select_related("owner").first()
        )
        # One extra row tells whether there are more professions than the home shows.
        professions = list(
            Profession.objects.published().order_by("-recruiting", "title_masculine")[
                : HOME_PROFESSIONS + 1
            ]
        )
        context["professions"] = professions[:HOME_PROFESSIONS]
        context["more_professions"] = len(professions) > HOME_PROFESSIONS
        # Real portraits only, the episodes of the campaign « à la une » (the ARS web-series)
        # first: the site's demonstration clips are no one's account of their job.
        context["latest_videos"] = list(
            Video.objects.published()
            .real()
            .select_related("campaign")
            .order_by("-campaign__is_featured", "-published_at", "episode_number", "-pk")[
                :HOME_VIDEOS
            ]
        )
        context["upcoming_events"] = list(
            Event.objects.published().upcoming().real().order_by("starts_at")[:HOME_EVENTS]
        )
        return context


class SearchView(TemplateView):
    """The search page: `careers_site.core.search.service.search(query)` does the work
    (what each app registered, grouped and ranked, « Vouliez-vous dire … ? », places); the
    view renders it. Four queries for a plain search (the four stored groups: professions,
    diplomas, institutes, events); see the service for the rest."""

    # Words typed by a visitor: kept seconds only in the page cache. « groupe »: one group
    # alone (« voir plus »).
    page_cache_params = ("groupe",)
    page_cache_free_text_params = ("q",)

    template_name = "careers_site/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = search(self.request.GET.get("q", ""), group=self.request.GET.get("groupe", ""))
        for group in results.groups:
            context[group.searchable.name] = [hit.obj for hit in group.hits]
        if results.did_you_mean:
            context["did_you_mean"] = results.did_you_mean
        context.update(
            search=results,
            search_query=results.query,
            total=results.total,
            query_too_short=results.too_short,
        )
        if not results.total and not results.answers:
            suggestions = list(
                Profession.objects.published().only("title_masculine", "title_feminine", "slug")[
                    : SEARCH_SUGGESTIONS + 1
                ]
            )
            context["suggestions"] = suggestions[:SEARCH_SUGGESTIONS]
            context["more_professions"] = len(suggestions) > SEARCH_SUGGESTIONS
        return context


class AccessibilityView(TemplateView):
    """The accessibility statement: level, rate, date and sample from the audit grid."""

    page_cache_params = ()
    template_name = "careers_site/accessibility.html"

    def get_context_data(self, **kwargs):
        grid = audit()
        by_theme = {}
        for criterion in grid.criteria:
            by_theme.setdefault(criterion.theme, []).append(criterion)
        return super().get_context_data(
            audit=grid,
            by_theme=by_theme,
            year=timezone.localdate().year,
            **kwargs,
        )


class AccessibilityGridView(AccessibilityView):
    """Every criterion of the RGAA 4.1 with its result and how it was checked."""

    template_name = "careers_site/accessibility_grid.html"


class AccessibilitySchemeView(AccessibilityView):
    """The multi-year scheme: what is in place for good, and the publisher's commitments."""

    template_name = "careers_site/accessibility_scheme.html"


class AccessibilityPlanView(AccessibilityView):
    """This year's action plan: what the grid says to fix, then to evaluate."""

    template_name = "careers_site/accessibility_plan.html"


class LegalNoticeView(TemplateView):
    page_cache_params = ()
    template_name = "careers_site/legal.html"


class PrivacyView(TemplateView):
    page_cache_params = ()
    template_name = "careers_site/privacy.html"

    def get_context_data(self, **kwargs):
        # How long a search stays in the page cache (careers_site.platform.page_cache).
        kwargs.setdefault("search_cache_seconds", settings.PAGE_CACHE_FREE_TEXT_SECONDS)
        return super().get_context_data(**kwargs)


class DataSourcesView(TemplateView):
    """« Sources des données »: each open data set the site reuses, its publisher, licence,
    link, date of last import and the mention its licence asks for."""

    template_name = "careers_site/data_sources.html"

    def get_context_data(self, **kwargs):
        # Read only when the body is built (`{% kept %}`): once per change.
        return super().get_context_data(body_context=lambda: {"sources": data_sources()}, **kwargs)


class SiteMapView(TemplateView):
    """Every section and every published page of the kinds a region has tens of (jobs,
    diplomas, aids, campaigns); the thousands of institutes by département, the latest
    videos: a site map a person can read, one query per kind of content. sitemap.xml lists
    every page for search engines."""

    page_cache_params = ()
    template_name = "careers_site/site_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["professions"] = Profession.objects.published().only(
            "title_masculine", "title_feminine", "slug"
        )
        context["diplomas"] = Diploma.objects.published().only("name", "acronym", "slug")
        by_departement = dict(
            Institute.objects.published()
            .values_list("departement")
            .annotate(count=Count("pk"))
            .order_by()
        )
        context["institute_departements"] = [
            {"code": code, "label": label, "count": by_departement[code]}
            for code, label in Departement.choices
            if code in by_departement
        ]
        context["institute_count"] = sum(by_departement.values())
        context["aids"] = FinancialAid.objects.published().only("name", "slug")
        context["campaigns"] = Campaign.objects.published().only("title", "slug")
        videos = list(
            Video.objects.published()
            .only("title", "slug", "episode_number")
            .order_by("-published_at", "pk")[: SITE_MAP_VIDEOS + 1]
        )
        context["videos"] = videos[:SITE_MAP_VIDEOS]
        context["more_videos"] = len(videos) > SITE_MAP_VIDEOS
        return context


@require_GET
def robots_txt(request):
    sitemap_path = reverse("sitemap")
    sitemap_url = (
        settings.SITE_URL + sitemap_path
        if settings.SITE_URL
        else request.build_absolute_uri(sitemap_path)
    )
    lines = [
        "User-agent: *",
        "Allow: /",
        f"Disallow: /{settings.ADMIN_URL}",
        f"Disallow: {reverse('search')}",
        "",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


FAVICON = settings.BASE_DIR / "static" / "img" / "favicon.ico"


@require_GET
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page says."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def page_not_found(request, exception):
    return defaults.page_not_found(request, exception, template_name="404.html")


def permission_denied(request, exception):
    # In the site's layout, in French; the reason when ours gives one (« appartient à un
    # autre organisme »).
    return defaults.permission_denied(request, exception, template_name="403.html")


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's own page is in English and outside the layout."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    # 500.html is plain HTML: it must render even when the database is down.
    return defaults.server_error(request, template_name="500.html")
