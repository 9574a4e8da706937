"""Public pages of the trainings app: where to train, diplomas, institutes, financial aid.

Every page fetches what its template shows in a fixed number of queries: offers come with
their diploma and institute joined, related lists arrive through `Prefetch(..., to_attr=...)`
on `.published()` querysets, so a draft never leaks and nothing queries inside a loop."""

import re

from django.db.models import Prefetch
from django.views.generic import ListView

from careers_site.publishing import PublicDetailView
from professions.models import Profession

from .models import Diploma, FinancialAid, Institute, TrainingOffer

RNCP_URL = "https://www.francecompetences.fr/recherche/rncp/{}/"
OSM_URL = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=15/{lat}/{lon}"


def public_offers():
    """Offers the public may see: the offer, its diploma and its institute are all published."""
    return TrainingOffer.objects.published().filter(
        diploma__in=Diploma.objects.published(),
        institute__in=Institute.objects.published(),
    )


def published_professions():
    return Prefetch(
        "professions",
        queryset=Profession.objects.published().order_by("title_masculine"),
        to_attr="public_professions",
    )


class OfferListView(ListView):
    """« Où se former » : every public offer, grouped by diploma then by département.

    Later filters (département, modality, proximity) narrow `get_queryset()`; the pagination
    keeps them in its links through `querystring_without_page`."""

    template_name = "trainings/offer_list.html"
    context_object_name = "offers"
    paginate_by = 50

    def get_queryset(self):
        return (
            public_offers()
            .select_related("diploma", "institute")
            .order_by(
                "diploma__level",
                "diploma__name",
                "diploma_id",
                "institute__departement",
                "institute__commune",
                "institute__name",
                "modality",
                "pk",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context["querystring_without_page"] = query.urlencode()
        context["nav_section"] = "trainings"
        return context


class DiplomaListView(ListView):
    template_name = "trainings/diploma_list.html"
    context_object_name = "diplomas"

    def get_queryset(self):
        return Diploma.objects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav_section="trainings", **kwargs)


class DiplomaDetailView(PublicDetailView):
    model = Diploma
    template_name = "trainings/diploma_detail.html"
    context_object_name = "diploma"

    def get_base_queryset(self):
        # The diploma itself may be a draft in a staff preview: only its offers' own state and
        # their institute's decide what shows, so the preview is what the public will get.
        offers = (
            TrainingOffer.objects.published()
            .filter(institute__in=Institute.objects.published())
            .select_related("institute")
            .order_by("institute__departement", "institute__commune", "institute__name", "modality")
        )
        return Diploma.objects.prefetch_related(
            published_professions(),
            Prefetch("offers", queryset=offers, to_attr="public_offers"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rncp_digits = self.object.rncp_code.removeprefix("RNCP")
        context["rncp_url"] = RNCP_URL.format(rncp_digits) if rncp_digits.isdigit() else ""
        context["nav_section"] = "trainings"
        return context


class InstituteListView(ListView):
    template_name = "trainings/institute_list.html"
    context_object_name = "institutes"

    def get_queryset(self):
        offers = (
            TrainingOffer.objects.published()
            .filter(diploma__in=Diploma.objects.published())
            .select_related("diploma")
            .order_by("diploma__level", "diploma__name")
        )
        return (
            Institute.objects.published()
            .prefetch_related(Prefetch("offers", queryset=offers, to_attr="public_offers"))
            .order_by("departement", "commune", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        institutes = list(context["object_list"])
        for institute in institutes:
            # One entry per diploma, even when it is taught in several modalities.
            institute.taught_diplomas = list(
                {offer.diploma_id: offer.diploma for offer in institute.public_offers}.values()
            )
        context["institutes"] = context["object_list"] = institutes
        context["nav_section"] = "trainings"
        return context


class InstituteDetailView(PublicDetailView):
    model = Institute
    template_name = "trainings/institute_detail.html"
    context_object_name = "institute"

    def get_base_queryset(self):
        offers = (
            TrainingOffer.objects.published()
            .filter(diploma__in=Diploma.objects.published())
            .select_related("diploma")
            .order_by("diploma__level", "diploma__name", "modality", "start_date")
        )
        return Institute.objects.prefetch_related(
            Prefetch("offers", queryset=offers, to_attr="public_offers")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        institute = self.object
        if institute.has_coordinates:
            context["osm_url"] = OSM_URL.format(lat=institute.latitude, lon=institute.longitude)
        # « 04 71 60 00 00 » is read aloud as it is written; the link needs the digits only.
        context["phone_href"] = re.sub(r"[^\d+]", "", institute.phone)
        context["nav_section"] = "trainings"
        return context


class AidListView(ListView):
    template_name = "trainings/aid_list.html"
    context_object_name = "aids"

    def get_queryset(self):
        return FinancialAid.objects.published().select_related("provider")

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav_section="aids", **kwargs)


class AidDetailView(PublicDetailView):
    model = FinancialAid
    template_name = "trainings/aid_detail.html"
    context_object_name = "aid"

    def get_base_queryset(self):
        return FinancialAid.objects.select_related("provider").prefetch_related(
            published_professions()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav_section="aids", **kwargs)
