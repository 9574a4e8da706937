"""Public pages of the trainings app: where to train, diplomas, institutes, financial aid.

Every page fetches what its template shows in a fixed number of queries: offers come with
their diploma and institute joined, related lists arrive through `Prefetch(..., to_attr=...)`
on `.published()` querysets, so a draft never leaks and nothing queries inside a loop."""

import re

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.views import View
from django.views.generic import ListView

from careers_site.core.geo import Departement
from careers_site.core.models import SiteSettings
from careers_site.core.pagination import CountedPagesMixin, page_rows
from careers_site.core.publishing import NavSectionMixin, PublicDetailView
from careers_site.core.slugs import find_renamed
from careers_site.core.text import clean_query
from careers_site.platform.cache import ObjectKeptUntilChange, kept_until_change
from professions.models import Profession, published_professions

from . import by_place, departement_map, filters
from .communes import find_communes
from .diploma_calendar import diploma_calendar
from .models import (
    AidKind,
    Commune,
    Diploma,
    FinancialAid,
    Institute,
    TrainingOffer,
)

RNCP_URL = "https://www.francecompetences.fr/recherche/rncp/{}/"
OSM_URL = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=15/{lat}/{lon}"


class OfferListView(CountedPagesMixin, NavSectionMixin, ListView):
    """« Où se former » : the public offers, filtered by what the URL asks
    (`filters.OFFER_FILTERS`), nearest first when a commune is typed or the browser's position
    given (`places.Place`), with a schematic map of the départements.

    Queries, whatever the data: the page; one GROUP BY for its count, the département (which
    also feeds the map), modality and intake-month facets and « what to relax », one GROUP BY
    for the diploma facet (`filters.count_offers`); the professions of the select; and the
    commune when one is typed."""

    # A typed commune and a position (« autour de moi ») stay seconds only in the page cache.
    filter_declaration = filters.OFFER_FILTERS
    page_cache_params = filters.OFFER_FILTERS.page_cache_params
    page_cache_free_text_params = filters.OFFER_FILTERS.free_text_params
    # One spelling of a query string for the page cache's key (junk dropped, page=1 = none).
    page_cache_canonical = filters.OFFER_FILTERS.canonical
    nav_section = "trainings"
    template_name = "trainings/offer_list.html"
    context_object_name = "offers"
    # Twenty cards: what a phone scrolls through before the next page, and a render that
    # costs the same whatever the number of offers.
    paginate_by = 20

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.filters = filters.OfferFilters.from_params(request.GET)

    def get_queryset(self):
        place = self.filters.place.locate()
        queryset = (
            TrainingOffer.objects.public()
            .filter(self.filters.all_except())
            .select_related("diploma", "institute")
        )
        if place.is_known:
            return place.nearest_first(queryset, "institute__", then=filters.OFFERS_BY_NAME)
        return queryset.order_by(*filters.OFFERS_BY_DIPLOMA)

    def paginate_queryset(self, queryset, page_size):
        """The page's offers, sorted and sliced as ids (a narrow sort), then read whole: sorting
        every matching offer with all its columns and its institute's and diploma's cost far
        more than reading twenty rows again."""
        paginator, page, page_ids, is_paginated = super().paginate_queryset(
            self.filters.place.nearest_ids(queryset, "institute__", self.counts.total),
            page_size,
        )
        # Read when the list is shown: not at all when the page's body is kept.
        page.object_list = SimpleLazyObject(lambda: page_rows(queryset, page_ids))
        return paginator, page, page.object_list, is_paginated

    def matching_count(self):
        return self.counts.total  # counted with the facets (`count_offers`)

    def get_context_data(self, **kwargs):
        chosen, place = self.filters, self.filters.place
        self.counts = filters.count_offers(chosen)
        context = super().get_context_data(**kwargs)
        context.update(
            filters=chosen,
            place=place,
            is_filtered=bool(chosen.active),
            is_by_proximity=place.is_known,
            departement_label=dict(Departement.choices).get(chosen.departement, ""),
            # The body is kept under the filters in use and the page (validated values; a
            # page out of range was refused above), never near a place (what was typed shows
            # in the form, and a position is the visitor's own) nor under a made-up slug,
            # which matches nothing and would leave a key of its own (`worth_keeping`).
            kept_page=(
                None
                if place.commune_text or place.uses_position or not self.counts.worth_keeping()
                else f"{chosen.key}:{context['page_obj'].number}"
            ),
            body_context=lambda: self.body_context(context),
        )
        return context

    def body_context(self, context):
        """The page's offers, the facets and what to relax: laid out only when the body is
        built (`{% kept %}`); the figures come from `count_offers`, kept too."""
        chosen, place, counts = self.filters, self.filters.place, self.counts
        offers = list(context["object_list"])
        for offer in offers:
            offer.distance_km = place.distance_km(offer.institute)
            offer.proximity_label = place.label(offer)
        professions = kept_until_change(
            "offer-filter-professions",
            lambda: list(
                Profession.objects.published()
                .filter(diplomas__in=Diploma.objects.published())
                .distinct()
                .order_by("title_masculine")
                .only("title_masculine", "title_feminine", "slug")
            ),
        )
        return {
            "offers": offers,
            "object_list": offers,
            "querystring_without_page": chosen.querystring(),
            "commune_not_found": place.commune_not_found,
            "departements": counts.departements(),
            "map_tiles": counts.map_tiles(),
            "map_view_box": departement_map.view_box(),
            "all_departements_url": "?" + chosen.querystring(**{filters.DEPARTEMENT: None}),
            "modalities": counts.modalities(),
            "months": counts.months(),
            "diplomas": counts.diplomas(),
            "professions": professions,
            "open_now_count": counts.relax["open_now"],
            "adults_count": counts.relax["adults"],
            "parcoursup_count": counts.relax["parcoursup"],
            "next_opening": counts.relax["next_opening"],
            "relax": counts.relax_suggestions(),
            "clear_position_url": "?"
            + chosen.querystring(**{filters.LATITUDE: None, filters.LONGITUDE: None}),
        }


class CommuneSuggestionsView(View):
    """Communes whose name or postcode starts with what is typed, for the autocomplete of
    « Près de chez moi » (JSON). The form works without it."""

    page_cache_params = ()
    page_cache_free_text_params = ("q",)

    def get(self, request):
        typed = clean_query(request.GET.get("q", ""))[:100]
        communes = find_communes(Commune, typed) if len(typed) >= 2 else []
        response = JsonResponse(
            {"communes": [{"label": c.label, "departement": c.departement} for c in communes]}
        )
        patch_cache_control(response, public=True, max_age=60 * 60 * 24)
        return response


class DiplomaListView(NavSectionMixin, ListView):
    page_cache_params = ()
    nav_section = "trainings"
    template_name = "trainings/diploma_list.html"
    context_object_name = "diplomas"

    def get_queryset(self):
        return Diploma.objects.published()


class DiplomaDetailView(ObjectKeptUntilChange, PublicDetailView):
    """A diploma: what it is, the jobs it leads to, how to pay for it, and where to train:
    twenty offers at most, by place, then how many more and where, with the way to
    « Où se former » filtered on it (`by_place.attach_offers`). Five queries whatever the
    number of offers: the diploma, its jobs, its aids, the offers counted by département,
    the offers shown."""

    nav_section = "trainings"
    model = Diploma
    template_name = "trainings/diploma_detail.html"
    context_object_name = "diploma"

    def get_base_queryset(self):
        return Diploma.objects.prefetch_related(
            published_professions(),
            Prefetch(
                "financial_aids",
                queryset=FinancialAid.objects.published().order_by("-for_adults", "name"),
                to_attr="public_aids",
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Twenty offers at most, by place, and where the others are (two queries). The diploma
        # itself may be a draft in a staff preview: only its offers' own state and their
        # institute's decide what shows, so the preview is what the public will get.
        by_place.attach_offers([self.object])
        rncp_digits = self.object.rncp_code.removeprefix("RNCP")
        context["rncp_url"] = RNCP_URL.format(rncp_digits) if rncp_digits.isdigit() else ""
        return context


class InstituteListView(NavSectionMixin, ListView):
    """The published institutes, by département; a typed commune or postcode (or the
    browser's position) orders them nearest first (`places.Place`), « à N km », those not yet
    placed on the map last (nearest département first). Queries: the page and its count, the
    offers of the page's institutes, and the commune when one is typed."""

    # A typed commune and a position (« autour de moi ») stay seconds only in the page cache.
    filter_declaration = filters.INSTITUTE_FILTERS
    page_cache_params = filters.INSTITUTE_FILTERS.page_cache_params
    page_cache_free_text_params = filters.INSTITUTE_FILTERS.free_text_params
    page_cache_canonical = filters.INSTITUTE_FILTERS.canonical
    nav_section = "trainings"
    template_name = "trainings/institute_list.html"
    context_object_name = "institutes"
    # Thousands of institutes once the region's list is imported: a phone gets them in pages.
    paginate_by = 20

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.filters = filters.InstitutePlace.from_params(request.GET)
        self.place = self.filters.place

    def get_queryset(self):
        offers = (
            TrainingOffer.objects.public()
            .select_related("diploma")
            .order_by("diploma_level", "diploma_name")
        )
        queryset = (
            Institute.objects.published()
            .filter(self.filters.all_except())
            .prefetch_related(Prefetch("offers", queryset=offers, to_attr="public_offers"))
        )
        if self.place.locate().is_known:
            return self.place.nearest_first(queryset)
        return queryset.order_by("departement", "commune", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = self.place
        institutes = list(context["object_list"])
        for institute in institutes:
            # One entry per diploma, even when it is taught in several modalities.
            institute.taught_diplomas = list(
                {offer.diploma_id: offer.diploma for offer in institute.public_offers}.values()
            )
            institute.distance_km = place.distance_km(institute)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context.update(
            institutes=institutes,
            object_list=institutes,
            place=place,
            is_by_proximity=place.is_known,
            commune_not_found=place.commune_not_found,
            querystring_without_page=query.urlencode(),
        )
        return context


class InstituteDetailView(ObjectKeptUntilChange, PublicDetailView):
    nav_section = "trainings"
    model = Institute
    template_name = "trainings/institute_detail.html"
    context_object_name = "institute"

    def get_base_queryset(self):
        offers = (
            TrainingOffer.objects.public()
            .select_related("diploma")
            .with_parcoursup_figures()
            .order_by("diploma_level", "diploma_name", "modality", "start_date")
        )
        return Institute.objects.prefetch_related(
            Prefetch("offers", queryset=offers, to_attr="public_offers")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        institute = self.object
        # A draft offer its editor previews here (?apercu=trainings.trainingoffer.<pk>).
        institute.public_offers = self.preview_inside(
            context,
            TrainingOffer.objects.filter(institute=institute).select_related("diploma"),
            institute.public_offers,
        )
        if institute.has_coordinates:
            context["osm_url"] = OSM_URL.format(lat=institute.latitude, lon=institute.longitude)
        # « 04 71 60 00 00 » is read aloud as it is written; the link needs the digits only.
        context["phone_href"] = re.sub(r"[^\d+]", "", institute.phone)
        return context


class AidListView(NavSectionMixin, ListView):
    page_cache_params = ()
    nav_section = "aids"
    template_name = "trainings/aid_list.html"
    context_object_name = "aids"

    def get_queryset(self):
        return FinancialAid.objects.published().select_related("provider")


class AidDetailView(PublicDetailView):
    nav_section = "aids"
    model = FinancialAid
    template_name = "trainings/aid_detail.html"
    context_object_name = "aid"

    def get_base_queryset(self):
        return FinancialAid.objects.select_related("provider").prefetch_related(
            published_professions(),
            Prefetch(
                "diplomas",
                queryset=Diploma.objects.published().order_by("level", "name"),
                to_attr="published_diplomas",
            ),
        )


class RetrainingView(NavSectionMixin, ListView):
    """« Se reconvertir »: for adults and job seekers, the routes to a diploma (VAE,
    continuing education, apprenticeship) and the ways to pay for it, each with who may use
    it. One query: the published aids marked « pour se reconvertir », with their provider."""

    nav_section = "aids"
    template_name = "trainings/retraining.html"
    context_object_name = "aids"

    def get_queryset(self):
        return (
            FinancialAid.objects.published()
            .for_adults()
            .select_related("provider")
            .order_by("-kind", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        aids = context["aids"]
        context.update(
            routes=[aid for aid in aids if aid.kind == AidKind.ROUTE],
            funding=[aid for aid in aids if aid.kind == AidKind.FUNDING],
            adult_offers_url=f"{reverse('trainings:offer_list')}?{filters.ADULTS}=1",
        )
        return context


def diploma_ics(request, slug):
    """The diploma's application calendar to subscribe to (.ics): Parcoursup's key dates and
    each school's selection dates, each with its source. No account, no address asked.
    Queries: the diploma, the site's name, the offers, and the Parcoursup calendar when the
    cache does not hold it (sessions, dates): five at most, whatever the number of offers."""
    diploma = Diploma.objects.published().filter(slug=slug).first()
    if diploma is None:
        # A subscription made before the diploma's address changed keeps working.
        renamed = get_object_or_404(Diploma.objects.published(), pk=find_renamed(Diploma, slug))
        return redirect("trainings:diploma_ics", slug=renamed.slug, permanent=True)
    host = request.get_host().split(":")[0] or "localhost"

    def offer_url(offer):
        path = offer.get_absolute_url()
        return settings.SITE_URL + path if settings.SITE_URL else request.build_absolute_uri(path)

    content = diploma_calendar(diploma, host, offer_url, SiteSettings.load().site_name)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="candidatures-{diploma.slug}.ics"'
    return response
