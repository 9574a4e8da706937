"""« Est-ce pour moi ? » as a visitor sees it: the questions, the result with its reasons and
next steps, bad addresses, privacy (no cookie, no copy kept) and a fixed number of queries."""

import itertools
import re

import pytest
from django.db.models import Prefetch
from django.urls import reverse

from careers_site.core.templatetags.french import espaces
from careers_site.orientation import ranking
from careers_site.orientation.views import ResultView
from careers_site.platform.cache import bump_content_version
from careers_site.toolkit import visits
from careers_site.toolkit.models import VisitCount
from professions.models import Frequency, Profession, Situation
from tests.factories import (
    DiplomaFactory,
    FinancialAidFactory,
    ProfessionFactory,
    ProfessionSituationFactory,
    RomeCodeFactory,
    RomeWorkContextFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

QUESTIONS = reverse("orientation:questions")
RESULT = reverse("orientation:result")
SHOWN = 10  # the best matches shown (careers_site/orientation/views.py)


def text(response):
    """The page's words, without tags and with entities read."""
    html = response.content.decode()
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    words = re.sub(r"<[^>]+>", "", html).replace("&#x27;", "'").replace("&amp;", "&")
    words = words.replace("&nbsp;", " ").replace("\xa0", " ")
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
    assert len(situations) == 14
    # The situations, then the interests step (six boxes, none ticked).
    assert html.count("<fieldset>") == 15 and html.count("<legend>") == 15
    assert html.count('type="checkbox" name="interets"') == 6
    assert 'name="interets" value="S" checked' not in html
    for situation in situations:
        # As typed, with French spacing: « Ça vous irait ? » never breaks before its « ? ».
        assert espaces(situation.question) in html
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
    assert html.count("<fieldset>") == 14  # 13 questions and the interests step
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
    response = client.get(RESULT, {"toilette": "oui", "enfants": "oui"})
    page = text(response)
    assert (
        "Non renseigné : nous ne savons pas encore ce que ce métier demande pour « vous "
        "occuper de bébés ou d'enfants ». Cette réponse n'a pas compté pour ce métier" in page
    )
    # A job known on none of the answers cannot be placed: it is counted, not listed.
    assert "Ambulancier" not in page
    assert (
        "Non renseigné : 1 métier n'est pas classé, car nous ne savons pas encore ce qu'il "
        "demande pour les situations auxquelles vous avez répondu" in page
    )
    assert 'href="/metiers/">Voir la liste de tous les métiers' in response.content.decode()


def test_when_nothing_is_known_for_the_answers_the_page_says_so(client, carer):
    ProfessionFactory(title_masculine="Ambulancier")
    response = client.get(RESULT, {"enfants": "oui"})
    assert response.status_code == 200
    page = text(response)
    assert "Aide-soignant" not in page and "Ambulancier" not in page
    assert "Nous avons comparé vos réponses aux 2 métiers présentés sur le site." in page
    assert "Non renseigné : 2 métiers ne sont pas classés" in page
    assert "conseiller" in page


def test_the_best_matches_only_the_others_counted_with_a_link(client, carer):
    """Ten jobs shown, best first; the others counted, with the list of every job."""
    night = Situation.objects.get(slug="nuit")
    for number in range(12):
        job = ProfessionFactory(title_masculine=f"Métier de nuit {number:02}")
        ProfessionSituationFactory(profession=job, situation=night, frequency=Frequency.DEPENDS)
    for number in range(3):
        ProfessionFactory(title_masculine=f"Métier inconnu {number}")
    response = client.get(RESULT, {"toilette": "oui", "nuit": "oui"})
    html = response.content.decode()
    shown = re.findall(r'<h3 id="metier-([^"]+)"', html)
    assert len(shown) == SHOWN
    assert shown[0] == carer.slug  # +2 +2, then the night jobs A to Z (+1)
    page = text(response)
    assert page.index("Métier de nuit 00") < page.index("Métier de nuit 08")
    assert "Métier de nuit 09" not in page and "Métier inconnu" not in page
    assert (
        "Nous avons comparé vos réponses aux 16 métiers présentés sur le site : voici les 10 "
        "premiers. 3 autres métiers viennent après dans le classement." in page
    )
    assert "Non renseigné : 3 métiers ne sont pas classés" in page
    assert 'href="/metiers/">Voir la liste de tous les métiers' in html
    # « Je ne sais pas » everywhere: the first ten A to Z, and how many follow.
    page = text(client.get(RESULT))
    assert "Voici les 10 premiers métiers, dans l'ordre alphabétique." in page
    assert "Le site présente 16 métiers : les 6 autres viennent ensuite" in page


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
    assert "Vous avez répondu « oui » ou « non » à 1 question (13 questions" in page
    assert "13 questions sans réponse comptent comme « je ne sais pas »" in page


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
    assert html.count("<fieldset>") == 15
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
    """The questions, the jobs' ROME fiches and the work contexts the answers ask about, every
    job's small rows for the order; then for the jobs shown, their cards and positions, and
    for the first three their diplomas, videos and aids."""
    client.get(RESULT)  # the site settings reach the cache
    bump_content_version()  # the first result after a change
    # No fiche linked: no work context to read; once per change, when the next change is.
    with django_assert_num_queries(8 + 1):
        client.get(RESULT, {"toilette": "oui", "nuit": "non"})
    night = RomeWorkContextFactory(code_ogr="300803", label="Travail de nuit")
    for number in range(3 * SHOWN):
        job = ProfessionFactory()
        ProfessionSituationFactory(profession=job, situation=Situation.objects.get(slug="nuit"))
        DiplomaFactory().professions.add(job)
        VideoFactory().professions.add(job)
        FinancialAidFactory().professions.add(job)
        ProfessionFactory()  # nothing known: counted, not shown
        # Known from the ROME only, every other one with night work.
        ProfessionFactory().rome_codes.add(RomeCodeFactory(contexts=[night] if number % 2 else []))
    client.get(RESULT)  # new content: the footer's partners are read again, once
    bump_content_version()
    with django_assert_num_queries(9 + 1):
        response = client.get(RESULT, {"toilette": "oui", "nuit": "non"})
    assert response.content.decode().count('<h3 id="metier-') == SHOWN
    # The questions are kept until the next change (read above).
    with django_assert_num_queries(8 - 1):
        client.get(RESULT)
    # The result of the same answers is kept until the next change: any visitor who gives
    # them shares one render (and nothing kept says who gave them).
    with django_assert_num_queries(0):
        again = client.get(RESULT, {"toilette": "oui", "nuit": "non"})
    assert again.content == response.content
    with django_assert_num_queries(0):
        client.get(QUESTIONS)


def test_drafts_never_show(client, carer):
    ProfessionFactory(title_masculine="Métier en brouillon", draft=True)
    assert "Métier en brouillon" not in text(client.get(RESULT, {"toilette": "oui"}))


def test_results_shown_are_counted_without_the_answers(client, carer):
    """Only an anonymous total per page and day, like every page: never the answers."""
    browser = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0"
    client.get(RESULT + "?toilette=oui&nuit=non", HTTP_USER_AGENT=browser)
    client.get(RESULT + "?toilette=non", HTTP_USER_AGENT=browser)
    visits.flush()
    rows = list(VisitCount.objects.values_list("path", "count"))
    assert rows == [(RESULT, 2)]


# -- the demonstration content ----------------------------------------------------------
# Loaded once for the tests below (tests/shared_demo.py): they stay the last of the module.


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


def test_demo_result_shows_the_first_jobs_of_the_whole_ranking(client, demo_content):
    """The page orders every job from small rows and reads the details of the jobs shown
    only: they are the first of the ranking of every job read whole, as before."""
    situations = list(Situation.objects.asked())
    professions = list(
        Profession.objects.published().prefetch_related(
            Prefetch("situations", to_attr="orientation_positions")
        )
    )
    every_answer = {situation.slug: "oui" for situation in situations}
    facts = ResultView.rome_facts(situations, every_answer)
    for profession in professions:
        profession.rome_facts = facts.get(profession.pk)
    for answers in (
        {
            "toilette": "oui",
            "nuit": "oui",
            "physique": "oui",
            "etudes": "non",
            "apprentissage": "oui",
        },
        {"nuit": "non", "etudes": "oui", "toilette": "non"},
        {"apprentissage": "non", "enfants": "oui"},
        {},
    ):
        whole = ranking.rank(professions, situations, answers)
        expected = [m.profession.slug for m in whole if not m.all_unknown][:SHOWN]
        html = client.get(RESULT, answers).content.decode()
        assert re.findall(r'<h3 id="metier-([^"]+)"', html) == expected
    html = client.get(RESULT, {"toilette": "oui", "nuit": "oui", "etudes": "non"}).content.decode()
    assert re.findall(r'<h3 id="metier-([^"]+)"', html)[:3] == [
        # Night and weekend work from their ROME fiches (the carer's also typed by staff).
        "aide-soignant",
        "accompagnant-educatif-social",
        "agent-service-hospitalier",
    ]
