"""« Est-ce pour moi ? » as a visitor sees it: the questions, the result with its reasons and
next steps, bad addresses, privacy (no cookie, no copy kept) and a fixed number of queries."""

import itertools
import re

import pytest
from django.urls import reverse

from careers_site.core.models import VisitCount
from careers_site.demo import content as demo
from careers_site.toolkit import visits
from professions.models import Frequency, Profession, Situation
from tests.factories import (
    DiplomaFactory,
    FinancialAidFactory,
    ProfessionFactory,
    ProfessionSituationFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

QUESTIONS = reverse("orientation:questions")
RESULT = reverse("orientation:result")


def text(response):
    """The page's words, without tags and with entities read."""
    html = response.content.decode()
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    words = re.sub(r"<[^>]+>", "", html).replace("&#x27;", "'").replace("&amp;", "&")
    return re.sub(r"\s+", " ", words)


@pytest.fixture
def carer():
    job = ProfessionFactory(title_masculine="Aide-soignant", title_feminine="aide-soignante")
    ProfessionSituationFactory(
        profession=job,
        situation=Situation.objects.get(slug="toilette"),
        frequency=Frequency.OFTEN,
        note="La toilette fait partie des soins de confort.",
        source="France Travail, fiche ROME J1501",
        source_url="https://www.francetravail.fr/",
    )
    ProfessionSituationFactory(
        profession=job, situation=Situation.objects.get(slug="nuit"), frequency=Frequency.OFTEN
    )
    diploma = DiplomaFactory(name="Diplôme d'État d'aide-soignant", duration_months=11)
    diploma.professions.add(job)
    aid = FinancialAidFactory(name="Bourse régionale sanitaire et sociale")
    aid.professions.add(job)
    video = VideoFactory(title="Sara, aide-soignante")
    video.professions.add(job)
    return job


def test_the_questions_are_fieldsets_with_dont_know_ticked(client):
    response = client.get(QUESTIONS)
    assert response.status_code == 200
    html = response.content.decode()
    situations = list(Situation.objects.asked())
    assert len(situations) == 12
    assert html.count("<fieldset>") == 12 and html.count("<legend>") == 12
    for situation in situations:
        assert situation.question.replace("'", "&#x27;") in html
        assert f'name="{situation.slug}" value="nsp" checked' in html
    assert f'action="{RESULT}" method="get"' in html
    assert "csrfmiddlewaretoken" not in html
    assert 'href="/est-ce-pour-moi/"' in client.get("/").content.decode()  # home and menu


def test_staff_wording_and_order_are_what_the_visitor_reads(client):
    night = Situation.objects.get(slug="nuit")
    night.question = "Travailler quand les autres dorment. Ça vous irait ?"
    night.position = 1
    night.save()
    Situation.objects.filter(slug="enfants").update(is_active=False)
    html = client.get(QUESTIONS).content.decode()
    assert html.count("<fieldset>") == 11
    assert 'name="enfants"' not in html
    first = re.search(r"<legend>.*?</legend>", html, flags=re.S).group(0)
    assert "Travailler quand les autres dorment." in first


def test_result_explains_the_fit_and_what_may_not_fit(client, carer):
    other = ProfessionFactory(title_masculine="Préparateur en pharmacie")
    ProfessionSituationFactory(
        profession=other, situation=Situation.objects.get(slug="nuit"), frequency=Frequency.RARELY
    )
    response = client.get(RESULT, {"toilette": "oui", "nuit": "non"})
    assert response.status_code == 200
    page = text(response)
    # The carer: +2 for the care, -3 for the nights; the pharmacy: +1 for the days.
    assert page.index("Préparateur en pharmacie") < page.index("Aide-soignant ou aide-soignante")
    assert (
        "Vous êtes d'accord pour aider une personne à se laver, à s'habiller, à manger : ce "
        "métier le demande souvent. La toilette fait partie des soins de confort. (Source : "
        "France Travail, fiche ROME J1501)" in page
    )
    assert "Ce qui peut moins vous convenir" in page
    assert (
        "Vous préférez ne pas travailler la nuit, le week-end ou les jours fériés, or ce "
        "métier le demande souvent." in page
    )
    assert (
        "Vous préférez ne pas travailler la nuit, le week-end ou les jours fériés : ce métier "
        "le demande rarement." in page
    )
    assert "fait pour vous" not in page.replace("ne dit pas quel métier est fait pour vous", "")
    assert "conseiller" in page


def test_result_leads_to_next_steps(client, carer):
    page = text(client.get(RESULT, {"toilette": "oui"}))
    html = client.get(RESULT, {"toilette": "oui"}).content.decode()
    assert "Regarder la vidéo : Sara, aide-soignante" in page
    assert "Diplôme d'État d'aide-soignant, 11 mois de formation" in page
    assert "Bourse régionale sanitaire et sociale" in page
    assert "PMSMP" in page and "mission locale" in page
    assert f'<input type="hidden" name="metier" value="{carer.slug}">' in html
    assert f'action="{reverse("trainings:offer_list")}"' in html
    near_me = client.get(reverse("trainings:offer_list"), {"metier": carer.slug})
    assert near_me.status_code == 200


def test_rome_interest_codes_show_in_words_when_staff_gave_them(client, carer):
    page = text(client.get(RESULT, {"toilette": "oui"}))
    assert "RIASEC" not in page  # none known for the demo professions: nothing shown
    carer.riasec = "SR"
    carer.save()
    page = text(client.get(RESULT, {"toilette": "oui"}))
    assert "Profil d'intérêts selon France Travail (codes RIASEC SR) : social, réaliste." in page


def test_unknown_positions_are_said_plainly(client, carer):
    ProfessionFactory(title_masculine="Ambulancier")
    page = text(client.get(RESULT, {"toilette": "oui", "enfants": "oui"}))
    assert (
        "Non renseigné : nous ne savons pas encore ce que ce métier demande pour « aider une "
        "personne à se laver, à s'habiller, à manger » et « vous occuper de bébés ou "
        "d'enfants »." in page
    )
    assert "Ces réponses n'ont pas compté pour ce métier" in page


def test_dont_know_everywhere_gives_every_job_in_alphabetical_order(client, carer):
    ProfessionFactory(title_masculine="Ambulancier")
    ProfessionFactory(title_masculine="Ergothérapeute")
    everything_dont_know = {s.slug: "nsp" for s in Situation.objects.asked()}
    for params in ({}, everything_dont_know):
        response = client.get(RESULT, params)
        assert response.status_code == 200
        page = text(response)
        assert "Vous avez répondu « je ne sais pas » partout" in page
        # A to Z
        assert page.index("Aide-soignant ou") < page.index("Ambulancier")
        assert page.index("Ambulancier") < page.index("Ergothérapeute")
        assert "Ce qui correspond" not in page and "Non renseigné" not in page


def test_partial_answers_count_the_rest_as_dont_know(client, carer):
    page = text(client.get(RESULT, {"toilette": "oui"}))
    assert "Vous avez répondu « oui » ou « non » à 1 question (11 questions" in page
    assert "11 questions sans réponse comptent comme « je ne sais pas »" in page


@pytest.mark.parametrize(
    "query",
    [
        {"toilette": "peut-être"},
        {"nuit": "<script>alert(1)</script>"},
        {"toilette": "oui", "nuit": "x" * 5000},
        {"etudes": ""},
    ],
)
def test_answers_not_understood_give_the_form_back_with_a_message(client, carer, query):
    response = client.get(RESULT, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Certaines réponses n'ont pas été comprises" in text(response)
    assert "<script>alert" not in html
    assert html.count("<fieldset>") == 12
    if query.get("toilette") == "oui":
        assert 'name="toilette" value="oui" checked' in html  # what was understood stays


def test_other_parameters_and_repeats_are_harmless(client, carer):
    response = client.get(
        RESULT + "?toilette=non&toilette=oui&inconnu=%3Cb%3E&src=salon-lyon&page=-1"
    )
    assert response.status_code == 200
    assert "Vous êtes d'accord pour aider" in text(response)  # the last one counts


def test_nothing_is_kept_about_the_visitor(client, carer):
    response = client.get(RESULT, {"toilette": "oui", "nuit": "non"})
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")


def test_the_result_link_reopens_the_same_result(client, carer):
    response = client.get(RESULT + "?nuit=non&toilette=oui&etudes=nsp")
    share = re.search(r'class="orientation-link"><a href="([^"]+)"', response.content.decode())
    link = share.group(1).replace("&amp;", "&")
    assert link == "http://testserver/est-ce-pour-moi/resultat/?toilette=oui&nuit=non"
    again = client.get(link.replace("http://testserver", ""))

    def ranking(page):
        return page[page.index("Vos premières pistes") :]

    assert ranking(text(again)) == ranking(text(response))
    html = response.content.decode()
    assert 'aria-label="QR code qui ouvre ce résultat"><svg' in html
    edit = client.get(QUESTIONS + "?toilette=oui&nuit=non").content.decode()
    assert 'name="toilette" value="oui" checked' in edit
    assert 'name="nuit" value="non" checked' in edit


def test_salon_mode_keeps_large_type_and_a_reset(client, carer):
    html = client.get(QUESTIONS, {"salon": "1"}).content.decode()
    assert "orientation-salon" in html
    assert '<input type="hidden" name="salon" value="1">' in html
    result = client.get(RESULT, {"salon": "1", "toilette": "oui"})
    assert "orientation-salon" in result.content.decode()
    assert "Recommencer à zéro" in text(result)
    assert (
        'class="orientation-link"><a href="http://testserver/est-ce-pour-moi/resultat/?toilette=oui">'
        in result.content.decode()
    )
    assert "no-store" in result["Cache-Control"]
    assert "data-salon-replace" in result.content.decode()  # no history kept with JavaScript
    assert "orientation.js" not in client.get(RESULT, {"toilette": "oui"}).content.decode()


def test_result_makes_the_same_queries_whatever_the_number_of_jobs(
    client, carer, django_assert_num_queries
):
    client.get(RESULT)  # the site settings reach the cache
    with django_assert_num_queries(6):
        client.get(RESULT, {"toilette": "oui", "nuit": "non"})
    for _ in range(4):
        job = ProfessionFactory()
        ProfessionSituationFactory(profession=job, situation=Situation.objects.get(slug="nuit"))
        DiplomaFactory().professions.add(job)
        VideoFactory().professions.add(job)
    client.get(RESULT)  # new content: the footer's partners are read again, once
    with django_assert_num_queries(6):
        client.get(RESULT, {"toilette": "oui", "nuit": "non"})
    with django_assert_num_queries(1):
        client.get(QUESTIONS)


def test_drafts_never_show(client, carer):
    ProfessionFactory(title_masculine="Métier en brouillon", draft=True)
    assert "Métier en brouillon" not in text(client.get(RESULT, {"toilette": "oui"}))


# -- the demonstration content ----------------------------------------------------------


@pytest.fixture
def demo_content(monkeypatch):
    tiny = lambda *args, **kwargs: demo._png(demo.Image.new("RGB", (8, 8)), (4, 4))  # noqa: E731
    monkeypatch.setattr(demo, "draw_illustration", tiny)
    monkeypatch.setattr(demo, "draw_poster", tiny)
    demo.DemoLoader(demo.read_fixtures()).load()


def test_demo_positions_all_carry_a_source(demo_content):
    professions = Profession.objects.prefetch_related("situations")
    positions = [p for job in professions for p in job.situations.all()]
    assert len(positions) == 8
    assert all(p.source and p.note for p in positions)
    carer = Profession.objects.get(slug="aide-soignant")
    assert carer.situations.get(situation__slug="toilette").frequency == Frequency.OFTEN


def test_demo_every_profession_can_come_first(client, demo_content):
    """For the demo data, some answers put first each published profession whose position on
    some situation is known (the others are « non renseigné » and cannot be told apart)."""
    answered = [s.slug for s in Situation.objects.filter(positions__isnull=False).distinct()]
    described = set(
        Profession.objects.published()
        .filter(situations__isnull=False)
        .values_list("slug", flat=True)
    )
    assert len(described) >= 3
    firsts = set()
    for values in itertools.product(("oui", "non", "nsp"), repeat=len(answered)):
        query = dict(zip(answered, values, strict=True))
        page = client.get(RESULT, query).content.decode()
        firsts.add(re.search(r'<h3 id="metier-([^"]+)"', page).group(1))
        if described <= firsts:
            break
    assert described <= firsts


def test_results_shown_are_counted_without_the_answers(client, carer):
    """Only an anonymous total per page and day, like every page: never the answers."""
    browser = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0"
    client.get(RESULT + "?toilette=oui&nuit=non", HTTP_USER_AGENT=browser)
    client.get(RESULT + "?toilette=non", HTTP_USER_AGENT=browser)
    visits.flush()
    rows = list(VisitCount.objects.values_list("path", "count"))
    assert rows == [(RESULT, 2)]
