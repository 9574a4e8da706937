"""« Est-ce pour moi ? » from the ROME (issue 24): the questions that work contexts answer
take each linked job's position from France Travail's fiches, named in the explanation;
staff positions win; interests from the RIASEC; shared addresses survive a renaming."""

import re

import pytest
from django.urls import reverse

from professions.models import Frequency, RomeCode, Situation
from professions.rome import import_rome
from tests.factories import ProfessionFactory, ProfessionSituationFactory
from tests.professions.test_rome_import import ROME_DIR

from .test_views import text

pytestmark = pytest.mark.django_db

RESULT = reverse("orientation:result")


@pytest.fixture
def jobs():
    """Five jobs linked to their real ROME v460 fiches."""
    import_rome(ROME_DIR)
    linked = {}
    for slug, title, code in (
        ("aide-soignant", "Aide-soignant", "J1501"),  # night work, weekends; S then I
        ("dieteticien", "Diététicien", "J1402"),  # daytime; I then S
        ("auxiliaire-puericulture", "Auxiliaire de puériculture", "J1304"),  # children
        ("educateur-jeunes-enfants", "Éducateur de jeunes enfants", "K1202"),  # children
        ("technicien-laboratoire-medical", "Technicien de laboratoire médical", "J1302"),  # IR
    ):
        job = ProfessionFactory(slug=slug, title_masculine=title, title_feminine=title)
        job.rome_codes.set([RomeCode.objects.get(code=code)])
        linked[slug] = job
    return linked


def order(client, params):
    html = client.get(RESULT, params).content.decode().replace("&nbsp;", " ")
    return re.findall(r'<h3 id="metier-([^"]+)"', html)


def test_night_work_no_puts_first_a_job_the_rome_gives_no_night_work(client, jobs):
    assert order(client, {"nuit": "non"})[0] == "dieteticien"
    page = text(client.get(RESULT, {"nuit": "non"}))
    assert (
        "Vous préférez ne pas travailler la nuit, le week-end ou les jours fériés : le ROME de "
        "France Travail ne le mentionne pas pour ce métier (ce n'est pas une garantie)."
    ) in page
    assert (
        "or, d'après le ROME de France Travail, ce métier peut le demander (travail de nuit, "
        "travail les week-ends et jours fériés)."
    ) in page
    assert "(Source : France Travail, ROME 4.0 (v460), Licence Ouverte)" in page


def test_opposite_answers_lead_to_different_jobs(client, jobs):
    yes, no = order(client, {"nuit": "oui"}), order(client, {"nuit": "non"})
    assert yes[0] != no[0]
    assert no.index("aide-soignant") > no.index("dieteticien")
    assert yes.index("aide-soignant") < yes.index("dieteticien")
    # Not mentioned is a weak « rarely », never an exclusion: every job is still ranked.
    assert sorted(yes) == sorted(no) == sorted(jobs)


def test_someone_who_loves_children_is_shown_the_jobs_with_children_first(client, jobs):
    first_two = set(order(client, {"enfants": "oui"})[:2])
    assert first_two == {"auxiliaire-puericulture", "educateur-jeunes-enfants"}
    last_two = set(order(client, {"enfants": "non"})[-2:])
    assert last_two == {"auxiliaire-puericulture", "educateur-jeunes-enfants"}


def test_a_position_typed_by_staff_wins_with_its_own_source(client, jobs):
    ProfessionSituationFactory(
        profession=jobs["aide-soignant"],
        situation=Situation.objects.get(slug="nuit"),
        frequency=Frequency.RARELY,
        note="Dans ce service, jamais de nuit.",
        source="Équipe du site, 2026",
    )
    assert order(client, {"nuit": "non"})[0] == "aide-soignant"  # +1 beats +0.5
    page = text(client.get(RESULT, {"nuit": "non"}))
    assert "Dans ce service, jamais de nuit. (Source : Équipe du site, 2026)" in page


def test_a_job_without_rome_fiche_or_position_is_said_plainly(client, jobs):
    ProfessionFactory(title_masculine="Métier sans fiche")
    response = client.get(RESULT, {"nuit": "non"})
    page = text(response)
    assert "Métier sans fiche" not in page
    assert "1 métier n'est pas classé" in page
    assert "ni l'équipe du site ni une fiche ROME de France Travail liée" in page
    assert len(order(client, {"nuit": "non"})) == len(jobs)  # every job with a fiche is ranked


def test_the_interests_step_ranks_by_the_riasec_of_the_rome(client, jobs):
    assert order(client, {"interets": "S"})[0] == "aide-soignant"  # S major
    investigative = order(client, {"interets": "I"})
    assert investigative[:2] == ["dieteticien", "technicien-laboratoire-medical"]  # I major
    page = text(client.get(RESULT, {"interets": "I"}))
    assert (
        "Vous aimez : « chercher, comprendre, analyser ». D'après le ROME de France Travail, "
        "c'est l'intérêt principal de ce métier (investigateur)."
    ) in page
    assert "Ce que vous aimez faire : chercher, comprendre, analyser" in page
    assert (
        "Profil d'intérêts selon France Travail (codes RIASEC IS) : investigateur, social" in page
    )
    # The share link keeps the interests; a letter that is not a family is ignored.
    assert "interets=I" in client.get(RESULT, {"interets": ["I", "Z"]}).context["share_url"]


def test_a_renamed_question_keeps_the_answers_of_shared_links(client, jobs):
    Situation.objects.filter(slug="nuit").update(slug="la-nuit", former_slugs="nuit")
    assert order(client, {"nuit": "non"})[0] == "dieteticien"
    assert order(client, {"nuit": "non"}) == order(client, {"la-nuit": "non"})
    shared = client.get(RESULT, {"nuit": "non", "inconnu": "oui"}).context["share_url"]
    assert shared.endswith("?la-nuit=non")


def test_the_questions_know_their_rome_work_contexts_from_the_start():
    """Migration professions 0011: the situations as first written get their contexts."""
    contexts = dict(Situation.objects.values_list("slug", "rome_contexts"))
    assert contexts["nuit"] == "300803 23376"  # Travail de nuit; week-ends et jours fériés
    assert contexts["domicile"] == "300778"  # Au domicile d'un particulier
    assert contexts["machines"] == ""  # no work context answers it: staff rows only
