"""Public pages of the professions: the list of jobs and the full page of one job.

The job page is the join the site exists for (profession → diploma → institute → aid →
testimonials). It loads in a fixed number of queries whatever the number of diplomas, offers,
testimonials or videos: every related list arrives through `Prefetch(..., to_attr=...)` over a
`.published()` queryset, so a draft, a scheduled item or an expired consent never shows. The
offers are the exception: twenty at most in all, the rest counted (`trainings.by_place`)."""

from django.db.models import Prefetch
from django.views.generic import ListView, TemplateView

from campaigns.models import Testimonial
from careers_site.core.pagination import CountedPagesMixin
from careers_site.core.publishing import NavSectionMixin, PublicDetailView
from careers_site.platform.cache import ObjectKeptUntilChange, kept_until_change
from trainings import by_place
from trainings.models import training_durations

from . import filters, related
from .models import Profession, Sector, rome_fiches

ONISEP_URL = "https://www.onisep.fr/http/redirection/metier/slug/{}"


class ProfessionListView(CountedPagesMixin, NavSectionMixin, ListView):
    """The published jobs, grouped by sector (inside a sector the jobs that recruit first),
    narrowed by the filters of the URL (see `professions.filters`), 24 to a page. Three
    queries whatever the number of jobs: the interests with their counts, every other count
    (which also gives the paginator its total), and the page."""

    filter_declaration = filters.PROFESSION_FILTERS
    page_cache_params = filters.PROFESSION_FILTERS.page_cache_params
    # One spelling of a query string for the page cache's key (junk dropped, page=1 = none).
    page_cache_canonical = filters.PROFESSION_FILTERS.canonical
    nav_section = "professions"
    template_name = "professions/profession_list.html"
    context_object_name = "professions"
    paginate_by = 24

    def get_queryset(self):
        published = Profession.objects.published()
        asked = filters.ProfessionFilters.from_params(self.request.GET)
        # The interests are counted first: they also tell which ones the URL may ask for.
        # Their counts keep every other filter, so they are kept under those alone (validated
        # values: the interests typed in the URL are not in the key).
        self.interests = kept_until_change(
            f"profession-interests:{asked.with_interests_among(set()).key}",
            lambda: filters.interest_counts(published, asked),
        )
        self.filters = asked.with_interests_among({slug for slug, _name, _count in self.interests})
        self.counts = kept_until_change(
            f"profession-counts:{self.filters.key}",
            lambda: filters.counts(published, self.filters),
        )
        return (
            published.filter(self.filters.all_except())
            .only(
                "title_masculine",
                "title_feminine",
                "slug",
                "tagline",
                "sector",
                "entry_level",
                "recruiting",
            )
            .order_by(*filters.LIST_ORDER)
        )

    def matching_count(self):
        return self.counts["matching"]  # counted with the options (`filters.counts`)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_filtered"] = bool(self.filters.active)
        # The body is kept under the filters in use and the page (both validated: a page
        # out of range was refused above), and built only when it is not kept.
        context["kept_page"] = f"{self.filters.key}:{context['page_obj'].number}"
        context["body_context"] = lambda: self.body_context(context)
        return context

    def body_context(self, context):
        """The page's jobs under their sectors, and the filters' options with their counts:
        read and laid out only when the body is built (`{% kept %}`)."""
        professions = list(context["object_list"])
        # The page comes sorted by sector (`filters.LIST_ORDER`): each under its heading.
        by_sector = {}
        for profession in professions:
            by_sector.setdefault(profession.sector, []).append(profession)
        body = {
            "sector_groups": [
                {
                    "slug": sector.value,
                    "label": sector.label,
                    "professions": by_sector[sector.value],
                }
                for sector in Sector
                if sector.value in by_sector
            ],
            "professions": professions,
            "object_list": professions,
        }
        return body | facets(self.filters, self.counts, self.interests)


def facets(chosen, counts, interests):
    """The options of each filter with the number of jobs each would give, the other filters
    kept; and, for each filter in use, the number of jobs without it (`filters.counts()`)."""
    return {
        "filters": chosen,
        "is_filtered": bool(chosen.active),
        "querystring_without_page": chosen.querystring(),
        "total_count": counts["total"],
        "matching_count": counts["matching"],
        "recruiting_count": counts["matching_recruiting"],
        "sector_options": [
            {
                "value": sector.value,
                "label": sector.label,
                "checked": sector.value in chosen.sectors,
                "count": counts["options"][filters.SECTOR, sector.value],
            }
            for sector in Sector
        ],
        "level_options": [
            {
                "value": value,
                "label": label,
                "checked": value == chosen.level,
                "count": counts["options"][filters.LEVEL, value],
            }
            for value, label in filters.LEVEL_CHOICES
        ],
        "duration_options": [
            {
                "value": value,
                "label": label,
                "checked": value == chosen.duration,
                "count": counts["options"][filters.DURATION, value],
            }
            for value, label in filters.DURATION_CHOICES
        ],
        "apprenticeship_count": counts["options"][filters.APPRENTICESHIP, True],
        "recruiting_option_count": counts["options"][filters.RECRUITING, True],
        "interest_options": sorted(
            (
                {
                    "value": slug,
                    "label": name,
                    "checked": slug in chosen.interests,
                    "count": count,
                }
                for slug, name, count in interests
            ),
            key=lambda option: option["label"].casefold(),
        ),
        "relax": chosen.relax_suggestions(lambda name: counts["without"][name]),
    }


class CompareView(NavSectionMixin, TemplateView):
    """Two or three jobs side by side: diploma and level, length of training, apprenticeship,
    starting salary with its source, workplaces, hours, whether it recruits. The choice lives
    in the URL (?m=slug&m=slug), from a plain checkbox form. Three queries: the jobs of the
    form, then the compared jobs and their published diplomas."""

    page_cache_params = ("m",)
    nav_section = "professions"
    template_name = "professions/compare.html"
    max_compared = 3

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asked = list(dict.fromkeys(self.request.GET.getlist("m")))[:20]
        choices = list(
            Profession.objects.published()
            .order_by("title_masculine")
            .only("title_masculine", "title_feminine", "slug")
        )
        known = {p.slug for p in choices}
        chosen = [slug for slug in asked if slug in known]
        message = ""
        if len(chosen) > self.max_compared:
            message = (
                "Vous pouvez comparer trois métiers au plus : voici les trois premiers cochés."
            )
            chosen = chosen[: self.max_compared]
        elif len(chosen) < len(asked):
            message = "Un des métiers demandés n'est plus présenté sur le site."
        if len(chosen) == 1:
            message = "Cochez au moins un deuxième métier pour les comparer."
        elif asked and not chosen:
            message = "Cochez deux ou trois métiers pour les comparer."
        compared = []
        if len(chosen) >= 2:
            rows = (
                Profession.objects.published()
                .filter(slug__in=chosen)
                .prefetch_related(related.public_diplomas())
            )
            by_slug = {p.slug: p for p in rows}
            compared = [by_slug[slug] for slug in chosen if slug in by_slug]
            for profession in compared:
                profession.training_durations = training_durations(profession.public_diplomas)
                profession.apprenticeship = apprenticeship_label(profession.public_diplomas)
        context.update(
            choices=choices,
            chosen=set(chosen),
            compared=compared,
            message=message,
        )
        return context


class ProfessionDetailView(ObjectKeptUntilChange, PublicDetailView):
    nav_section = "professions"
    model = Profession
    template_name = "professions/profession_detail.html"
    context_object_name = "profession"

    def get_base_queryset(self):
        return Profession.objects.prefetch_related(
            "interests",
            related.public_diplomas(),
            Prefetch(
                "testimonials",
                queryset=Testimonial.objects.published()
                .select_related("video")
                .order_by("-published_at"),
                to_attr="public_testimonials",
            ),
            related.public_videos(),
            related.public_aids(),
            related.public_campaigns(),
            Prefetch(
                "related",
                queryset=Profession.objects.published().order_by("title_masculine"),
                to_attr="public_related",
            ),
            rome_fiches(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profession = self.object
        # A draft testimonial its editor previews here (?apercu=campaigns.testimonial.<pk>).
        profession.public_testimonials = self.preview_inside(
            context,
            Testimonial.objects.filter(profession=profession).select_related("video"),
            profession.public_testimonials,
        )
        context["body_context"] = self.body_context
        return context

    def body_context(self):
        """What the page's body needs beyond the profession, computed only when the body is
        built (`{% kept … prepare body_context %}`): once per change, not once per visit."""
        profession = self.object
        diplomas = profession.public_diplomas
        # Twenty offers at most in all, by place, then how many more and where (two queries).
        offer_count = by_place.attach_offers(diplomas)
        body = {
            "interests": list(profession.interests.all()),
            "training_durations": training_durations(diplomas),
            "apprenticeship": apprenticeship_label(diplomas),
            "diplomas_with_offers": [d for d in diplomas if d.offer_count],
            "offer_count": offer_count,
            "onisep_url": ONISEP_URL.format(profession.onisep_id) if profession.onisep_id else "",
        }
        body["toc"] = table_of_contents(profession)
        return body


def apprenticeship_label(diplomas):
    """« Oui » when one diploma is open to apprentices, « Non » only when every diploma is
    known closed to them; otherwise « Non renseigné » (a diploma nobody has told us about)."""
    if not diplomas:
        return ""
    if all(d.apprenticeship_only for d in diplomas):
        return "Uniquement en alternance"
    if any(d.apprenticeship_possible for d in diplomas):
        return "Oui, c'est possible"
    if all(d.apprenticeship_possible is False for d in diplomas):
        return "Non"
    return "Non renseigné"


def table_of_contents(profession):
    """(anchor, label) of the sections the page shows, in their order: empty ones are left out."""
    entries = [
        ("en-quelques-mots", "En quelques mots", profession.summary),
        ("missions", "Missions au quotidien", profession.missions.strip()),
        ("competences", "Compétences et qualités", profession.skills.strip()),
        ("conditions", "Conditions de travail", profession.working_conditions.strip()),
        ("lieux", "Où travailler", profession.workplaces.strip()),
        ("rome", "Selon France Travail", list(profession.rome_codes.all())),
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
        ("campagnes", "Campagnes", profession.public_campaigns),
        ("metiers-proches", "Métiers proches", profession.public_related),
    ]
    return [(anchor, label) for anchor, label, present in entries if present]
