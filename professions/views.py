"""Public pages of the professions: the list of jobs and the full page of one job.

The job page is the join the site exists for (profession → diploma → institute → aid →
testimonials). It loads in a fixed number of queries whatever the number of diplomas, offers,
testimonials or videos: every related list arrives through `Prefetch(..., to_attr=...)` over a
`.published()` queryset, so a draft, a scheduled item or an expired consent never shows."""

from django.db.models import Prefetch
from django.views.generic import ListView

from campaigns.models import Testimonial, Video
from careers_site.publishing import PublicDetailView
from trainings.models import Diploma, FinancialAid, Institute, TrainingOffer

from .models import Profession, Sector

ONISEP_URL = "https://www.onisep.fr/http/redirection/metier/slug/{}"


class ProfessionListView(ListView):
    """Every published job, grouped by sector; inside a sector the jobs that recruit first."""

    template_name = "professions/profession_list.html"
    context_object_name = "professions"

    def get_queryset(self):
        return Profession.objects.published().order_by("-recruiting", "title_masculine")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        professions = list(context["object_list"])
        by_sector = {}
        for profession in professions:
            by_sector.setdefault(profession.sector, []).append(profession)
        # Sectors in the order of their choices, so the page reads the same from day to day.
        context["sector_groups"] = [
            {"slug": sector.value, "label": sector.label, "professions": by_sector[sector.value]}
            for sector in Sector
            if sector.value in by_sector
        ]
        context["professions"] = context["object_list"] = professions
        context["recruiting_count"] = sum(1 for p in professions if p.recruiting)
        context["nav_section"] = "professions"
        return context


def public_offers():
    """Offers the public may see, with their institute: the offer and the institute are
    published (the diploma is filtered by the prefetch that holds them)."""
    return (
        TrainingOffer.objects.published()
        .filter(institute__in=Institute.objects.published())
        .select_related("institute")
        .order_by("institute__departement", "institute__commune", "institute__name", "modality")
    )


class ProfessionDetailView(PublicDetailView):
    model = Profession
    template_name = "professions/profession_detail.html"
    context_object_name = "profession"

    def get_base_queryset(self):
        diplomas = Diploma.objects.published().prefetch_related(
            Prefetch("offers", queryset=public_offers(), to_attr="public_offers")
        )
        return Profession.objects.prefetch_related(
            "interests",
            Prefetch(
                "diplomas",
                queryset=diplomas.order_by("level", "name"),
                to_attr="public_diplomas",
            ),
            Prefetch(
                "testimonials",
                queryset=Testimonial.objects.published()
                .select_related("video")
                .order_by("-published_at"),
                to_attr="public_testimonials",
            ),
            Prefetch(
                "videos",
                queryset=Video.objects.published()
                .select_related("campaign")
                .order_by("-published_at", "pk"),
                to_attr="public_videos",
            ),
            Prefetch(
                "financial_aids",
                queryset=FinancialAid.objects.published().select_related("provider"),
                to_attr="public_aids",
            ),
            Prefetch(
                "related",
                queryset=Profession.objects.published().order_by("title_masculine"),
                to_attr="public_related",
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profession = self.object
        diplomas = profession.public_diplomas
        context.update(
            nav_section="professions",
            interests=list(profession.interests.all()),
            training_durations=training_durations(diplomas),
            apprenticeship=apprenticeship_label(diplomas),
            diplomas_with_offers=[d for d in diplomas if d.public_offers],
            offer_count=sum(len(d.public_offers) for d in diplomas),
            onisep_url=ONISEP_URL.format(profession.onisep_id) if profession.onisep_id else "",
        )
        context["toc"] = table_of_contents(profession, context)
        return context


def training_durations(diplomas):
    """How long the training takes, from the published diplomas: one value when they agree
    (« 3 ans »), else one line per diploma (« DEUST : 2 ans », « DE PPH : 1 an »)."""
    with_duration = [d for d in diplomas if d.duration_label]
    labels = {d.duration_label for d in with_duration}
    if len(with_duration) == 1:
        diploma = with_duration[0]
        return [{"label": diploma.duration_label, "diploma": "", "note": diploma.duration_note}]
    if len(labels) == 1:
        return [{"label": labels.pop(), "diploma": "", "note": ""}]
    return [{"label": d.duration_label, "diploma": d.short_name, "note": ""} for d in with_duration]


def apprenticeship_label(diplomas):
    if not diplomas:
        return ""
    if all(d.apprenticeship_only for d in diplomas):
        return "Uniquement en alternance"
    if any(d.apprenticeship_possible for d in diplomas):
        return "Oui, c'est possible"
    return "Non"


def table_of_contents(profession, context):
    """(anchor, label) of the sections the page shows, in their order: empty ones are left out."""
    entries = [
        ("en-quelques-mots", "En quelques mots", profession.summary),
        ("missions", "Missions au quotidien", profession.missions.strip()),
        ("competences", "Compétences et qualités", profession.skills.strip()),
        ("conditions", "Conditions de travail", profession.working_conditions.strip()),
        ("lieux", "Où travailler", profession.workplaces.strip()),
        ("evolutions", "Évolutions possibles", profession.career_moves.strip()),
        ("effectifs", "Effectifs", profession.workforce.strip()),
        ("diplomes", "Les diplômes pour y arriver", profession.public_diplomas),
        ("ou-se-former", "Où se former", True),
        (
            "temoignages",
            "Ils et elles en parlent",
            profession.public_testimonials or profession.public_videos,
        ),
        ("aides", "Financer sa formation", profession.public_aids),
        ("metiers-proches", "Métiers proches", profession.public_related),
    ]
    return [(anchor, label) for anchor, label, present in entries if present]
