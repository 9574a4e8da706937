"""« Est-ce pour moi ? »: the questions (one GET form, no JavaScript needed) and the result,
whose address holds the answers, so that it can be shared, printed or reopened by a
counsellor. Nothing is stored about the visitor: no account, no session, no cookie; the
result page is marked `no-store` so that neither the page cache nor a shared browser keeps a
copy of someone's answers. The visits are counted like any page (anonymous totals per path)."""

from typing import NamedTuple

import segno
from django.conf import settings
from django.db.models import FilteredRelation, Prefetch, Q, prefetch_related_objects
from django.http import QueryDict
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.generic import TemplateView

from careers_site.platform.cache import kept_until_change
from professions import related
from professions.models import Profession, ProfessionSituation, RomeCode, Situation

from . import ranking

SALON_PARAM = "salon"
INTERESTS_PARAM = "interets"
FIRST_PICKS = 3  # shown with their next steps
QR_MASK = 2
SHOWN = 10  # the best matches shown; the others are counted, with a link to every job


class Position(NamedTuple):
    """A job's position as the order needs it (the reasons come from the full rows)."""

    situation_id: int
    frequency: str
    note: str = ""
    source: str = ""
    source_url: str = ""


class Candidate(NamedTuple):
    """A published job as the order needs it: its title, its positions on the answers that
    count, its RIASEC letters typed by staff and what its ROME fiches say."""

    pk: int
    title_masculine: str
    riasec: str
    orientation_positions: list
    rome_facts: object = None


def read_answers(params, situations):
    """({slug: answer}, [situations whose answer was not understood]). Parameters that are
    not questions (a source tag, the salon mode) are ignored; a repeated one counts once, the
    last one."""
    answers, not_understood = {}, []
    for situation in situations:
        # Its slug, or a former one: results shared before a renaming keep their answers.
        values = next(
            (params.getlist(name) for name in situation.address_names if params.getlist(name)),
            [],
        )
        if not values:
            continue
        value = values[-1].strip().lower()
        if value in ranking.VALID_ANSWERS:
            answers[situation.slug] = value
        else:
            not_understood.append(situation)
    return answers, not_understood


def read_interests(params):
    """The RIASEC families the visitor chose, in the order of the step; a letter that is not
    one of them is ignored (nothing to correct: the choice is a box to tick)."""
    chosen = {value.strip().upper() for value in params.getlist(INTERESTS_PARAM)}
    return [letter for letter, _words in ranking.INTERESTS if letter in chosen]


def answers_querystring(answers, situations, salon=False, interests=()):
    """The result's address part: the « oui » and « non » in the order of the questions
    (« je ne sais pas » is the default and is left out, which keeps the link short), then the
    interests chosen."""
    query = QueryDict(mutable=True)
    for situation in situations:
        if answers.get(situation.slug) in (ranking.YES, ranking.NO):
            query[situation.slug] = answers[situation.slug]
    if interests:
        query.setlist(INTERESTS_PARAM, list(interests))
    if salon:
        query[SALON_PARAM] = "1"
    return query.urlencode()


class OrientationMixin:
    def get_situations(self):
        # The questions, read once per change: every page of the questionnaire asks them.
        return kept_until_change("orientation-situations", lambda: list(Situation.objects.asked()))

    def is_salon(self):
        return self.request.GET.get(SALON_PARAM) == "1"

    def interest_choices(self, interests):
        return [
            {"value": letter, "label": words, "checked": letter in interests}
            for letter, words in ranking.INTERESTS
        ]

    def questions(self, situations, answers):
        return [
            {
                "situation": situation,
                "number": number,
                "choices": [
                    {
                        "value": value,
                        "label": label,
                        "checked": answers.get(situation.slug, ranking.DONT_KNOW) == value,
                    }
                    for value, label in ranking.ANSWERS
                ],
            }
            for number, situation in enumerate(situations, start=1)
        ]

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Answers in the address: neither the page cache nor the browser keeps a copy.
        if self.request.GET or context.get("is_result"):
            add_never_cache_headers(response)
        return response


class QuestionsView(OrientationMixin, TemplateView):
    """The questions, « je ne sais pas » already ticked: one query."""

    template_name = "orientation/questions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        situations = self.get_situations()
        answers, _ = read_answers(self.request.GET, situations)
        context.update(
            questions=self.questions(situations, answers),
            interest_choices=self.interest_choices(read_interests(self.request.GET)),
            salon=self.is_salon(),
            nav_section="orientation",
        )
        return context


class ResultView(OrientationMixin, TemplateView):
    """The best matches for the answers of the URL, with their reasons and next steps; the
    other jobs are counted, not listed.

    Seven queries whatever the number of jobs: the questions; every published job's title and
    positions on the answers that count (small rows, one join), which the ranking orders; then
    for the `SHOWN` best only, the jobs and their positions (for the reasons), and for the
    first picks their published diplomas, videos and aids. Answers it cannot read give the
    questions back with a message (400), never an error page.

    It declares no `page_cache_params`: the questions are staff data (their slugs change
    without a deployment) and the result is `no-store` anyway, so the page cache never
    keeps it."""

    template_name = "orientation/result.html"

    def get(self, request, *args, **kwargs):
        situations = self.get_situations()
        answers, not_understood = read_answers(request.GET, situations)
        if not_understood:
            self.template_name = "orientation/questions.html"
            context = self.get_context_data(
                questions=self.questions(situations, answers),
                interest_choices=self.interest_choices(read_interests(request.GET)),
                salon=self.is_salon(),
                not_understood=not_understood,
                nav_section="orientation",
            )
            return self.render_to_response(context, status=400)
        interests = read_interests(request.GET)
        return self.render_to_response(self.result_context(situations, answers, interests))

    @staticmethod
    def rome_facts(situations, counted):
        """{profession pk: RomeFacts} of the published jobs linked to ROME fiches: their
        fiches (one query of small rows), then only the work contexts that the questions
        answered ask about (one more query, when there are some)."""
        links = (
            Profession.rome_codes.through.objects.filter(
                profession__in=Profession.objects.published().order_by().values("pk")
            )
            .order_by("profession_id", "romecode__code")
            .values_list(
                "profession_id",
                "romecode_id",
                "romecode__code",
                "romecode__riasec_major",
                "romecode__riasec_minor",
                "romecode__version",
                "romecode__version_date",
            )
        )
        fiches = {}
        for profession_id, code_id, code, major, minor, version, date in links:
            fiches.setdefault(profession_id, []).append(
                (code_id, code, major, minor, version, date)
            )
        wanted = set().union(*(s.rome_context_codes for s in situations if s.slug in counted))
        contexts = {}
        code_ids = {fiche[0] for linked in fiches.values() for fiche in linked}
        if wanted and code_ids:
            rows = RomeCode.contexts.through.objects.filter(
                romecode_id__in=code_ids, romeworkcontext__code_ogr__in=wanted
            ).values_list("romecode_id", "romeworkcontext__code_ogr", "romeworkcontext__label")
            for code_id, code_ogr, label in rows:
                contexts.setdefault(code_id, {})[code_ogr] = label
        facts = {}
        for profession_id, linked in fiches.items():
            first = linked[0]
            source = RomeCode(code=first[1], version=first[4], version_date=first[5]).source
            merged = {}
            for fiche in linked:
                merged.update(contexts.get(fiche[0], {}))
            facts[profession_id] = ranking.RomeFacts(
                contexts=dict(sorted(merged.items())),
                riasec_major=first[2],
                riasec_minor=first[3],
                source=source.label,
                source_url=source.url,
            )
        return facts

    @staticmethod
    def candidates(situations, counted, facts):
        """Every published job with its positions on the situations answered « oui » or
        « non »: one query of small rows (at most jobs × answered questions)."""
        answered_ids = [s.pk for s in situations if s.slug in counted]
        jobs = Profession.objects.published().order_by()
        rows = jobs.values_list("pk", "title_masculine", "riasec")
        if answered_ids:
            rows = jobs.alias(
                answered=FilteredRelation(
                    "situations", condition=Q(situations__situation__in=answered_ids)
                )
            ).values_list(
                "pk", "title_masculine", "riasec", "answered__situation_id", "answered__frequency"
            )
        candidates = {}
        for pk, title, riasec, *position in rows:
            candidate = candidates.setdefault(pk, Candidate(pk, title, riasec, [], facts.get(pk)))
            if position and position[0] is not None:
                candidate.orientation_positions.append(Position(*position))
        return list(candidates.values())

    @staticmethod
    def shown_professions(pks):
        """The jobs shown, with everything their cards say, in a fixed number of queries."""
        return (
            Profession.objects.published()
            .filter(pk__in=pks)
            .only("title_masculine", "title_feminine", "slug", "tagline", "riasec")
            .prefetch_related(
                Prefetch(
                    "situations",
                    queryset=ProfessionSituation.objects.only(
                        "profession_id",
                        "situation_id",
                        "frequency",
                        "note",
                        "source",
                        "source_url",
                    ),
                    to_attr="orientation_positions",
                )
            )
        )

    @staticmethod
    def add_next_steps(professions):
        """Each profession's public diplomas, videos and aids, read once per content version
        for these professions (`kept_until_change`: every result that puts them first shares
        them)."""

        def build():
            prefetch_related_objects(
                professions,
                related.public_diplomas(),
                related.public_videos(),
                related.public_aids(),
            )
            return {p.pk: (p.public_diplomas, p.public_videos, p.public_aids) for p in professions}

        pks = ",".join(str(profession.pk) for profession in professions)
        steps = kept_until_change(f"orientation-next-steps:{pks}", build)
        for profession in professions:
            diplomas, videos, aids = steps[profession.pk]
            profession.public_diplomas, profession.public_videos = diplomas, videos
            profession.public_aids = aids

    def result_context(self, situations, answers, interests=()):
        salon = self.is_salon()
        query = answers_querystring(answers, situations, salon=salon, interests=interests)
        # The link to keep or scan opens the result on the visitor's own phone: no salon mode.
        shared = answers_querystring(answers, situations, interests=interests)
        path = reverse("orientation:result") + (f"?{shared}" if shared else "")
        share_url = (settings.SITE_URL or self.request.build_absolute_uri("/")[:-1]) + path
        return self.get_context_data(
            is_result=True,
            nav_section="orientation",
            salon=salon,
            # The result's body is kept under the answers' one spelling (validated values
            # only: « oui », « non » and the interests' letters, never typed text) and the
            # address it shares: every visitor who gives the same answers shares one render,
            # and nothing says who gave them.
            result_key=f"{query}:{share_url.removesuffix(path)}",
            share_url=share_url,
            body_context=lambda: self.body_context(
                situations, answers, interests, query, share_url
            ),
        )

    def body_context(self, situations, answers, interests, query, share_url):
        """The ranking, its reasons and next steps, and the QR code of the result: computed
        only when the result's body is built (`{% kept %}`), once per answers and change."""
        counted = ranking.answered(answers)
        facts = self.rome_facts(situations, counted)
        candidates = self.candidates(situations, counted, facts)
        # The order, for every job, from the small rows; a job known on none of the answers
        # cannot be placed: it is counted, not listed.
        order = ranking.rank(candidates, situations, answers, interests)
        placed = [match for match in order if not match.all_unknown]
        shown_pks = [match.profession.pk for match in placed[:SHOWN]]
        # The same rule on the full rows of the jobs shown: the same order, with the reasons.
        shown = list(self.shown_professions(shown_pks))
        for profession in shown:
            profession.rome_facts = facts.get(profession.pk)
        matches = ranking.rank(shown, situations, answers, interests)
        self.add_next_steps([match.profession for match in matches[:FIRST_PICKS]])
        return {
            "matches": matches,
            "first_picks": matches[:FIRST_PICKS],
            "others": matches[FIRST_PICKS:],
            "compared_count": len(candidates),
            "more_count": len(placed) - len(matches),
            "unknown_count": len(order) - len(placed),
            "neutral": not counted and not interests,
            "interests_chosen": [ranking.INTEREST_WORDS[letter] for letter in interests],
            "answered_count": len(counted),
            "unanswered_count": len(situations) - len(answers),
            "question_count": len(situations),
            "my_answers": [
                {"situation": s, "answer": dict(ranking.ANSWERS)[answers[s.slug]]}
                for s in situations
                if s.slug in counted
            ],
            "edit_url": reverse("orientation:questions") + (f"?{query}" if query else ""),
            # A fixed mask: choosing the best of the eight (segno's default) costs three
            # quarters of the drawing, and any mask is a valid code that phones read. Drawn
            # once per answers and change, with the body.
            "qr_svg": segno.make(share_url, error="m", mask=QR_MASK).svg_inline(
                scale=3, title="QR code de ce résultat", omitsize=False
            ),
        }
