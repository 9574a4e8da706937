"""The partners' pages: each organisation of the coordination that has a page (ARS, Région,
DREETS, France Travail, OPCO Santé, ANFH, missions locales…) says what it does for these
careers, with its sources, and lists its published campaigns, events and aids."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from careers_site.core.models import Organisation
from trainings.models import FinancialAid

from .models import Campaign, Event


class PartnerListView(ListView):
    """One query: the organisations with a page."""

    template_name = "campaigns/partner_list.html"
    context_object_name = "partners"

    def get_queryset(self):
        return Organisation.objects.with_public_page().order_by("name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav_section="partners", **kwargs)


class PartnerDetailView(TemplateView):
    """Five queries whatever the content: the organisation, the campaigns it leads, those it
    supports, its events (upcoming first) and its aids, all published."""

    template_name = "campaigns/partner_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published_campaigns = Campaign.objects.published().select_related("owner")
        partner = get_object_or_404(
            Organisation.objects.with_public_page().prefetch_related(
                Prefetch("campaigns", queryset=published_campaigns, to_attr="led_campaigns"),
                Prefetch(
                    "partner_campaigns",
                    queryset=published_campaigns,
                    to_attr="supported_campaigns",
                ),
                Prefetch(
                    "events",
                    queryset=Event.objects.published().order_by("-starts_at"),
                    to_attr="public_events",
                ),
                Prefetch(
                    "financial_aids",
                    queryset=FinancialAid.objects.published().order_by("name"),
                    to_attr="public_aids",
                ),
            ),
            slug=kwargs["slug"],
        )
        now = timezone.now()
        upcoming = [e for e in partner.public_events if (e.ends_at or e.starts_at) >= now]
        context.update(
            partner=partner,
            upcoming_events=sorted(upcoming, key=lambda event: event.starts_at),
            past_events=[e for e in partner.public_events if e not in upcoming],
            nav_section="partners",
        )
        return context
