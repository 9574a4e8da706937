"""Site-wide pages: home, search, the legal pages, the site map, robots.txt and error pages."""

from django.conf import settings
from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.views import defaults
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from campaigns.models import Campaign, Event, Video
from careers_site.core.geo import Departement
from careers_site.core.search import engine as search
from careers_site.core.search.text import clean_query, highlight, matches, normalise, query_terms
from professions.models import Profession
from trainings.models import Diploma, FinancialAid, Institute

HOME_VIDEOS = 4
HOME_EVENTS = 3
HOME_PROFESSIONS = 6
SITE_MAP_VIDEOS = 30


class HomeView(TemplateView):
    """Four queries (campaign, professions, videos, events; the settings come from the
    cache), whatever the amount of content."""

    page_cache_params = ()
    template_name = "careers_site/home.html"
    extra_context = {"is_home": True}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Default ordering puts the campaign marked « à la une » first.
        context["featured_campaign"] = Campaign.objects.published().select_related("owner").first()
        # One extra row tells whether there are more professions than the home shows.
        professions = list(
            Profession.objects.published().order_by("-recruiting", "title_masculine")[
                : HOME_PROFESSIONS + 1
            ]
        )
        context["professions"] = professions[:HOME_PROFESSIONS]
        context["more_professions"] = len(professions) > HOME_PROFESSIONS
        context["latest_videos"] = list(
            Video.objects.published()
            .select_related("campaign")
            .order_by("-published_at", "-pk")[:HOME_VIDEOS]
        )
        context["upcoming_events"] = list(
            Event.objects.published().upcoming().order_by("starts_at")[:HOME_EVENTS]
        )
        return context


class SearchView(TemplateView):
    """One box for the published professions, diplomas and institutes (see
    `careers_site.core.search`): insensitive to case, accents and punctuation, other names and
    acronyms count, typos get a « Vouliez-vous dire … ? », results come grouped by type, best
    first, with the matched words highlighted.

    Three queries (one per type); when nothing is found, the vocabulary (cached, one query),
    the three searches again with the corrected words, and the list of professions to offer."""

    # Words typed by a visitor: kept seconds only in the page cache.
    page_cache_params = ()
    page_cache_free_text_params = ("q",)

    template_name = "careers_site/search.html"

    @staticmethod
    def groups():
        """What is searched, in the order shown: (context name, anchor, heading, noun,
        queryset, describe), where describe(obj) gives (titles, other names, text)."""
        return (
            (
                "professions",
                "metiers",
                "Métiers",
                "métier",
                Profession.objects.published().only(
                    "title_masculine",
                    "title_feminine",
                    "slug",
                    "other_names",
                    "tagline",
                    "recruiting",
                    "sector",
                    "entry_level",
                ),
                lambda p: (
                    [p.title_masculine, p.title_feminine],
                    p.other_names_list,
                    p.tagline,
                ),
            ),
            (
                "diplomas",
                "diplomes",
                "Diplômes",
                "diplôme",
                Diploma.objects.published(),
                lambda d: ([d.name], [d.acronym], d.summary),
            ),
            (
                "institutes",
                "etablissements",
                "Établissements de formation",
                "établissement",
                Institute.objects.published(),
                lambda i: ([i.name], [i.acronym], i.commune),
            ),
        )

    @staticmethod
    def run(query, terms, groups):
        """[(name, anchor, heading, noun, hits, truncated)] for one list of terms."""
        results = []
        for name, anchor, heading, noun, queryset, describe in groups:
            rows = search.find(queryset, terms)
            hits = []
            for obj in rows[: search.MAX_RESULTS]:
                titles, aliases, text = describe(obj)
                hit = search.Hit(obj=obj, rank=search.rank(terms, query, titles, aliases))
                title = obj.title if name == "professions" else titles[0]
                hit.title = highlight(title[:1].upper() + title[1:], terms)
                # Other names explain a result whose title does not show the words typed.
                if not any(matches(terms, normalise(title)) for title in titles):
                    hit.other_names = search.matching_aliases(terms, [a for a in aliases if a])[:2]
                hit.text = highlight(text, terms) if text else ""
                obj.search_hit = hit
                hits.append(hit)
            hits = search.rank_hits(hits)
            results.append((name, anchor, heading, noun, hits, len(rows) > search.MAX_RESULTS))
        return results

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = clean_query(self.request.GET.get("q", ""))
        terms = query_terms(query)
        groups = self.groups()
        results = self.run(query, terms, groups) if terms else []
        total = sum(len(hits) for *_rest, hits, _truncated in results)
        if terms and not total:
            words = search.vocabulary([queryset for *_rest, queryset, _describe in groups])
            corrected = search.correct(terms, words)
            if corrected:
                context["did_you_mean"] = " ".join(corrected)
                results = self.run(context["did_you_mean"], corrected, groups)
                total = sum(len(hits) for *_rest, hits, _truncated in results)
        summary = []
        for name, anchor, _heading, noun, hits, truncated in results:
            context[name] = [hit.obj for hit in hits]
            if hits:
                count = f"plus de {len(hits)}" if truncated else str(len(hits))
                summary.append((anchor, f"{count} {noun}{'s' if len(hits) > 1 else ''}"))
        context.update(
            search_query=query,
            results=[
                (anchor, heading, hits, truncated)
                for _name, anchor, heading, _noun, hits, truncated in results
            ],
            summary=summary,
            total=total,
            query_too_short=bool(query) and not terms,
        )
        if not total:
            context["suggestions"] = Profession.objects.published().only(
                "title_masculine", "title_feminine", "slug"
            )
        return context


class AccessibilityView(TemplateView):
    page_cache_params = ()
    template_name = "careers_site/accessibility.html"


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


def page_not_found(request, exception):
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    # 500.html is plain HTML: it must render even when the database is down.
    return defaults.server_error(request, template_name="500.html")
