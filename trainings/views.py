"""Public pages of the trainings app: where to train, diplomas, institutes, financial aid.

Every page fetches what its template shows in a fixed number of queries: offers come with
their diploma and institute joined, related lists arrive through `Prefetch(..., to_attr=...)`
on `.published()` querysets, so a draft never leaks and nothing queries inside a loop."""

import re

from django.db.models import Count, F, Prefetch
from django.http import JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views import View
from django.views.generic import ListView

from careers_site.core.geo import Departement
from careers_site.core.pagination import CountedPagesMixin, ids_only, page_rows
from careers_site.core.publishing import NavSectionMixin, PublicDetailView
from careers_site.core.search.text import clean_query
from professions.models import Profession, published_professions

from . import by_place, departement_map, filters
from .communes import find_communes, haversine_km
from .models import (
    AidKind,
    Commune,
    Diploma,
    FinancialAid,
    Institute,
    Modality,
    Month,
    TrainingOffer,
)

RNCP_URL = "https://www.francecompetences.fr/recherche/rncp/{}/"
OSM_URL = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=15/{lat}/{lon}"


class OfferListView(CountedPagesMixin, NavSectionMixin, ListView):
    """« Où se former » : the public offers, filtered by what the URL asks (profession or
    diploma, département, modality, applications open now, intake month), optionally ordered
    by proximity (a typed commune, or the browser's position when the visitor asks for it),
    with a schematic map of the départements.

    Queries, whatever the data: the page; one GROUP BY for its count, the département (which
    also feeds the map), modality and intake-month facets and « what to relax »
    (`filters.count_offers`); one GROUP BY for the diploma facet; the professions of the
    select; and the commune when one is typed."""

    # A typed commune and a position (« autour de moi ») stay seconds only in the page cache.
    page_cache_params = (*filters.FILTER_PARAMS, "page")
    page_cache_free_text_params = filters.PROXIMITY_PARAMS
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
        self.filters.locate()
        queryset = (
            TrainingOffer.objects.public()
            .filter(self.filters.all_except())
            .select_related("diploma", "institute")
        )
        by_proximity = self.filters.order_by_proximity(queryset)
        if by_proximity is not None:
            return by_proximity
        return queryset.order_by(
            "diploma__level",
            "diploma__name",
            "diploma_id",
            "institute__departement",
            "institute__commune",
            "institute__name",
            "modality",
            "pk",
        )

    def paginate_queryset(self, queryset, page_size):
        """The page's offers, sorted and sliced as ids (a narrow sort), then read whole: sorting
        every matching offer with all its columns and its institute's and diploma's cost far
        more than reading twenty rows again."""
        paginator, page, page_ids, is_paginated = super().paginate_queryset(
            ids_only(queryset), page_size
        )
        page.object_list = page_rows(queryset, page_ids)
        return paginator, page, page.object_list, is_paginated

    def matching_count(self):
        return self.counts.total  # counted with the facets (`count_offers`)

    def get_context_data(self, **kwargs):
        chosen = self.filters
        base = TrainingOffer.objects.public()
        self.counts = counts = filters.count_offers(base, chosen)
        context = super().get_context_data(**kwargs)
        offers = list(context["object_list"])
        for offer in offers:
            if chosen.origin:
                if offer.institute.has_coordinates:
                    offer.distance_km = filters_distance(chosen, offer.institute)
                    offer.proximity_label = ""
                else:
                    offer.proximity_label = filters.UNKNOWN_DISTANCE_LABEL
            elif chosen.commune:
                offer.proximity_label = filters.TIER_LABELS[offer.proximity_tier]
        context["offers"] = context["object_list"] = offers

        diploma_rows = (
            base.filter(chosen.all_except(filters.DIPLOMA))
            .order_by("diploma__level", "diploma__name")
            .values("diploma__slug", "diploma__name", "diploma__acronym")
            .annotate(count=Count("pk"))
        )
        professions = list(
            Profession.objects.published()
            .filter(diplomas__in=Diploma.objects.published())
            .distinct()
            .order_by("title_masculine")
            .only("title_masculine", "title_feminine", "slug")
        )

        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        departements = [
            {
                "code": code,
                "label": label,
                "count": counts.by_departement.get(code, 0),
                "selected": code == chosen.departement,
                "url": "?" + chosen.querystring(**{filters.DEPARTEMENT: code}),
            }
            for code, label in Departement.choices
        ]
        for tile in (tiles := departement_map.map_tiles(counts.by_departement, chosen.departement)):
            tile["url"] = "?" + chosen.querystring(**{filters.DEPARTEMENT: tile["code"]})
        context.update(
            querystring_without_page=query.urlencode(),
            filters=chosen,
            is_filtered=bool(chosen.active),
            is_by_proximity=bool(chosen.commune or chosen.uses_position),
            commune_not_found=bool(chosen.commune_text and not chosen.commune)
            and not chosen.uses_position,
            departements=departements,
            map_tiles=tiles,
            map_view_box=departement_map.view_box(),
            all_departements_url="?" + chosen.querystring(**{filters.DEPARTEMENT: None}),
            modalities=[
                {
                    "value": value,
                    "label": label,
                    "count": counts.by_modality.get(value, 0),
                    "checked": value in chosen.modalities,
                }
                for value, label in Modality.choices
            ],
            months=[
                {
                    "value": value,
                    "label": label,
                    "count": counts.by_month.get(value, 0),
                    "selected": value == chosen.month,
                }
                for value, label in Month.choices
                if counts.by_month.get(value) or value == chosen.month
            ],
            diplomas=[
                {
                    "slug": row["diploma__slug"],
                    "label": row["diploma__acronym"] or row["diploma__name"],
                    "name": row["diploma__name"],
                    "count": row["count"],
                    "selected": row["diploma__slug"] == chosen.diploma,
                }
                for row in diploma_rows
            ],
            professions=professions,
            open_now_count=counts.relax["open_now"],
            adults_count=counts.relax["adults"],
            next_opening=counts.relax["next_opening"],
            relax=chosen.relax_suggestions(lambda name: counts.relax[f"without_{name}"]),
            clear_position_url="?"
            + chosen.querystring(**{filters.LATITUDE: None, filters.LONGITUDE: None}),
            departement_label=dict(Departement.choices).get(chosen.departement, ""),
        )
        return context


def filters_distance(chosen, institute):
    return round(haversine_km(*chosen.origin, institute.latitude, institute.longitude))


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


class DiplomaDetailView(PublicDetailView):
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
    browser's position) orders them by distance, « à N km », those not yet placed on the
    map last (nearest département first). Queries: the page and its count, the offers of
    the page's institutes, and the commune when one is typed."""

    # A typed commune and a position (« autour de moi ») stay seconds only in the page cache.
    page_cache_params = ("page",)
    page_cache_free_text_params = filters.PROXIMITY_PARAMS
    nav_section = "trainings"
    template_name = "trainings/institute_list.html"
    context_object_name = "institutes"
    # Thousands of institutes once the region's list is imported: a phone gets them in pages.
    paginate_by = 20

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.place = filters.OfferFilters.from_params(request.GET)

    def get_queryset(self):
        offers = (
            TrainingOffer.objects.public()
            .select_related("diploma")
            .order_by("diploma__level", "diploma__name")
        )
        queryset = Institute.objects.published().prefetch_related(
            Prefetch("offers", queryset=offers, to_attr="public_offers")
        )
        self.place.locate()
        place = self.place
        if place.origin:
            queryset = queryset.annotate(proximity=filters.proximity(*place.origin))
            order = [F("proximity").asc(nulls_last=True)]
            if place.commune:
                queryset = queryset.annotate(proximity_tier=place.commune_tier())
                order.append("proximity_tier")
            return queryset.order_by(*order, "name", "pk")
        if place.commune:
            return queryset.annotate(proximity_tier=place.commune_tier()).order_by(
                "proximity_tier", "departement", "commune", "name", "pk"
            )
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
            if place.origin and institute.has_coordinates:
                institute.distance_km = filters_distance(place, institute)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context.update(
            institutes=institutes,
            object_list=institutes,
            place=place,
            is_by_proximity=bool(place.commune or place.uses_position),
            commune_not_found=bool(place.commune_text and not place.commune)
            and not place.uses_position,
            querystring_without_page=query.urlencode(),
        )
        return context


class InstituteDetailView(PublicDetailView):
    nav_section = "trainings"
    model = Institute
    template_name = "trainings/institute_detail.html"
    context_object_name = "institute"

    def get_base_queryset(self):
        offers = (
            TrainingOffer.objects.public()
            .select_related("diploma")
            .with_parcoursup_figures()
            .order_by("diploma__level", "diploma__name", "modality", "start_date")
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
