"""The ranking of « Est-ce pour moi ? » (careers_site/orientation/ranking.py): deterministic,
every reason comes from an answer, « je ne sais pas » changes nothing, unknown positions are
said, and every profession can come first."""

import itertools
from types import SimpleNamespace

import pytest

from careers_site.orientation import ranking
from careers_site.orientation.ranking import NO, YES
from professions.models import Frequency, Profession, Situation
from tests.factories import ProfessionFactory, ProfessionSituationFactory

pytestmark = pytest.mark.django_db


def ranked(answers):
    professions = Profession.objects.published().prefetch_related("situations")
    for profession in professions:
        profession.orientation_positions = list(profession.situations.all())
    return ranking.rank(list(professions), list(Situation.objects.asked()), answers)


def titles(matches):
    return [m.profession.title_masculine for m in matches]


@pytest.fixture
def jobs():
    """Two jobs that differ on the night and on the studies (seeded situations)."""
    night = Situation.objects.get(slug="nuit")
    studies = Situation.objects.get(slug="etudes")
    carer = ProfessionFactory(title_masculine="Aide-soignant")
    ProfessionSituationFactory(
        profession=carer,
        situation=night,
        frequency=Frequency.OFTEN,
        note="Les patients ont besoin de soins à toute heure.",
        source="Source de test",
    )
    ProfessionSituationFactory(profession=carer, situation=studies, frequency=Frequency.RARELY)
    pharmacy = ProfessionFactory(title_masculine="Préparateur en pharmacie")
    ProfessionSituationFactory(profession=pharmacy, situation=night, frequency=Frequency.RARELY)
    ProfessionSituationFactory(profession=pharmacy, situation=studies, frequency=Frequency.DEPENDS)
    return carer, pharmacy


def test_answers_order_the_jobs_and_each_reason_says_which_answer(jobs):
    carer, pharmacy = jobs
    matches = ranked({"nuit": YES, "etudes": NO})
    assert titles(matches) == ["Aide-soignant", "Préparateur en pharmacie"]
    first, second = matches
    assert first.score == 2 + 1
    assert [r.text for r in first.fits] == [
        "Vous êtes d'accord pour travailler la nuit, le week-end ou les jours fériés : ce "
        "métier le demande souvent.",
        "Vous préférez ne pas faire 3 ans d'études ou plus après le bac : ce métier le "
        "demande rarement.",
    ]
    assert first.fits[0].note == "Les patients ont besoin de soins à toute heure."
    assert first.fits[0].source == "Source de test"
    assert first.misfits == []
    assert second.score == 0 - 1
    assert [r.text for r in second.misfits] == [
        "Vous préférez ne pas faire 3 ans d'études ou plus après le bac : certains postes ou "
        "certaines formations de ce métier le demandent."
    ]
    assert [r.text for r in second.good_to_know] == [
        "Vous êtes d'accord pour travailler la nuit, le week-end ou les jours fériés, mais ce "
        "métier le demande rarement."
    ]


def test_the_other_answers_reverse_the_order(jobs):
    matches = ranked({"nuit": NO})
    assert titles(matches) == ["Préparateur en pharmacie", "Aide-soignant"]
    assert matches[1].score == -3
    assert matches[1].misfits[0].text == (
        "Vous préférez ne pas travailler la nuit, le week-end ou les jours fériés, or ce "
        "métier le demande souvent."
    )


def test_same_answers_same_order(jobs):
    answers = {"nuit": YES, "etudes": YES}
    assert titles(ranked(answers)) == titles(ranked(dict(reversed(answers.items()))))


def test_dont_know_everywhere_is_neutral(jobs):
    for answers in ({}, {"nuit": "nsp", "etudes": "nsp"}):
        matches = ranked(answers)
        assert titles(matches) == ["Aide-soignant", "Préparateur en pharmacie"]  # A to Z
        for match in matches:
            assert (match.score, match.fits, match.misfits, match.unknown) == (0, [], [], [])


def test_dont_know_changes_nothing_to_the_other_answers(jobs):
    with_dont_know = ranked({"nuit": YES, "etudes": "nsp", "toilette": "nsp"})
    without = ranked({"nuit": YES})
    assert [(m.profession, m.score, m.fits) for m in with_dont_know] == [
        (m.profession, m.score, m.fits) for m in without
    ]


def test_unknown_positions_count_nothing_and_are_listed(jobs):
    unknown_job = ProfessionFactory(title_masculine="Ambulancier")
    matches = ranked({"nuit": YES, "toilette": NO})
    match = next(m for m in matches if m.profession == unknown_job)
    assert match.score == 0
    assert [s.slug for s in match.unknown] == ["toilette", "nuit"]
    assert not match.fits and not match.misfits
    carer = next(m for m in matches if m.profession.title_masculine == "Aide-soignant")
    assert [s.slug for s in carer.unknown] == ["toilette"]


def test_every_published_profession_can_come_first():
    """Three jobs with different positions: for each, the answers that suit it best put it
    first (a job's ideal answers: « oui » where it asks, « non » where it rarely does)."""
    situations = list(Situation.objects.asked()[:3])
    profiles = [
        (Frequency.OFTEN, Frequency.RARELY, Frequency.DEPENDS),
        (Frequency.RARELY, Frequency.OFTEN, Frequency.RARELY),
        (Frequency.DEPENDS, Frequency.DEPENDS, Frequency.OFTEN),
    ]
    for profile in profiles:
        job = ProfessionFactory()
        for situation, frequency in zip(situations, profile, strict=True):
            ProfessionSituationFactory(profession=job, situation=situation, frequency=frequency)
    for job in Profession.objects.all():
        positions = {p.situation.slug: p.frequency for p in job.situations.all()}
        answers = {
            slug: NO if frequency == Frequency.RARELY else YES
            for slug, frequency in positions.items()
        }
        assert ranked(answers)[0].profession == job


def test_every_answer_combination_gives_a_result(jobs):
    for night, studies in itertools.product((YES, NO, "nsp"), repeat=2):
        matches = ranked({"nuit": night, "etudes": studies})
        assert len(matches) == 2
        for match in matches:
            assert len(match.fits) + len(match.misfits) + len(match.good_to_know) == sum(
                answer in (YES, NO) for answer in (night, studies)
            )


def position(situation, frequency):
    return SimpleNamespace(
        situation_id=situation.pk, frequency=frequency, note="", source="", source_url=""
    )


def test_the_documented_tie_breaks_fewer_misfits_then_a_to_z_then_the_oldest():
    """Points first; at equal points, fewer things that may not fit; then A to Z whatever
    the capitals; then the job created first. No database: the rule alone."""
    asked = [
        SimpleNamespace(pk=pk, slug=slug, topic=slug, rome_contexts="")
        for pk, slug in enumerate("abc", start=1)
    ]
    a, b, c = asked
    answers = {"a": YES, "b": NO, "c": NO}

    def job(pk, title, *positions):
        return SimpleNamespace(pk=pk, title_masculine=title, orientation_positions=list(positions))

    # 0 points with one misfit: +2 (a, often), -3 (b, often), +1 (c, rarely).
    one_misfit = job(
        1,
        "Aide-soignant",
        *map(position, asked, (Frequency.OFTEN, Frequency.OFTEN, Frequency.RARELY)),
    )
    # 0 points with none: a rarely (0), b and c not known.
    no_misfit = job(2, "Zététicien", position(a, Frequency.RARELY))
    # Same points and misfits as `no_misfit`, named with a small letter, then a twin.
    small_letter = job(3, "brancardier", position(a, Frequency.RARELY))
    twin = job(4, "brancardier", position(a, Frequency.RARELY))
    order = ranking.rank([twin, one_misfit, no_misfit, small_letter], asked, answers)
    assert {match.score for match in order} == {0}
    assert [match.profession.pk for match in order] == [3, 4, 2, 1]
