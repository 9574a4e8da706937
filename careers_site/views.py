"""Site-wide pages: home, search, the legal pages, the site map, robots.txt and error pages."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views import defaults
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from campaigns.models import Campaign, Event, Video
from professions.models import Profession
from trainings.models import Diploma, FinancialAid, Institute

from .text import clean_query, matches, normalise, query_terms

HOME_VIDEOS = 4
HOME_EVENTS = 3
HOME_PROFESSIONS = 6


class HomeView(TemplateView):
    """Four queries (campaign, professions, videos, events; the settings come from the
    cache), whatever the amount of content."""

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
    """A first, honest search over the published professions, diplomas and institutes.

    The rows are few (a few hundred), so they are compared in Python on a normalised form
    (no accents, no case, no punctuation): « electroradiologie », « aide soignante »,
    « manip radio », « MERM » or « PPH » find their page on any database.
    """

    template_name = "careers_site/search.html"

    @staticmethod
    def groups():
        """What is searched, in the order shown: (context name, anchor, heading, noun,
        queryset, main fields, other fields). A match in the main fields ranks first."""
        return (
            (
                "professions",
                "metiers",
                "Métiers",
                "métier",
                Profession.objects.published(),
                ("title_masculine", "title_feminine", "other_names"),
                ("tagline", "summary"),
            ),
            (
                "diplomas",
                "diplomes",
                "Diplômes",
                "diplôme",
                Diploma.objects.published(),
                ("name", "acronym"),
                (),
            ),
            (
                "institutes",
                "etablissements",
                "Établissements de formation",
                "établissement",
                Institute.objects.published(),
                ("name", "acronym"),
                ("commune", "postcode"),
            ),
        )

    @staticmethod
    def search(queryset, terms, main_fields, other_fields):
        hits = []
        for position, obj in enumerate(queryset):
            main = normalise(" ".join(str(getattr(obj, f)) for f in main_fields))
            other = normalise(" ".join(str(getattr(obj, f)) for f in other_fields))
            if matches(terms, main):
                hits.append((0, position, obj))
            elif matches(terms, f"{main} {other}"):
                hits.append((1, position, obj))
        return [obj for _rank, _position, obj in sorted(hits, key=lambda hit: hit[:2])]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = clean_query(self.request.GET.get("q", ""))
        terms = query_terms(query)
        results, summary = [], []
        if query:
            for name, anchor, heading, noun, queryset, main, other in self.groups():
                items = self.search(queryset, terms, main, other) if terms else []
                context[name] = items
                results.append((anchor, heading, items))
                if items:
                    summary.append((anchor, f"{len(items)} {noun}{'s' if len(items) > 1 else ''}"))
        context.update(
            search_query=query,
            results=results,
            summary=summary,
            total=sum(len(items) for _anchor, _heading, items in results),
        )
        if not context["total"]:
            context["suggestions"] = Profession.objects.published().only(
                "title_masculine", "title_feminine", "slug"
            )
        return context


class AccessibilityView(TemplateView):
    template_name = "careers_site/accessibility.html"


class LegalNoticeView(TemplateView):
    template_name = "careers_site/legal.html"


class PrivacyView(TemplateView):
    template_name = "careers_site/privacy.html"


class SiteMapView(TemplateView):
    """Every published page, one query per kind of content."""

    template_name = "careers_site/site_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["professions"] = Profession.objects.published().only(
            "title_masculine", "title_feminine", "slug"
        )
        context["diplomas"] = Diploma.objects.published().only("name", "acronym", "slug")
        context["institutes"] = Institute.objects.published().only("name", "commune", "slug")
        context["aids"] = FinancialAid.objects.published().only("name", "slug")
        context["campaigns"] = Campaign.objects.published().only("title", "slug")
        context["videos"] = Video.objects.published().only("title", "slug", "episode_number")
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
