import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from careers_site.platform.cache import bump_content_version
from tests.factories import (
    DiplomaFactory,
    FinancialAidFactory,
    InstituteFactory,
    OrganisationFactory,
    ProfessionFactory,
    TrainingOfferFactory,
)
from trainings.models import Modality

pytestmark = pytest.mark.django_db

OFFERS = reverse("trainings:offer_list")
DIPLOMAS = reverse("trainings:diploma_list")
INSTITUTES = reverse("trainings:institute_list")
AIDS = reverse("trainings:aid_list")


def text(response):
    """The page's main content, without the head's meta tags, header and footer."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def whole(response):
    return response.content.decode()


def h1_count(response):
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


# --- Who sees what -------------------------------------------------------------------------


class TestPublicationState:
    @pytest.mark.parametrize("state", [{"draft": True}, {"scheduled": True}])
    def test_only_published_diplomas_are_listed_and_reachable(self, client, state):
        public = DiplomaFactory(name="Diplôme visible")
        hidden = DiplomaFactory(name="Diplôme caché", **state)

        listing = text(client.get(DIPLOMAS))

        assert "Diplôme visible" in listing
        assert "Diplôme caché" not in listing
        assert client.get(public.get_absolute_url()).status_code == 200
        assert client.get(hidden.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("state", [{"draft": True}, {"scheduled": True}])
    def test_only_published_institutes_are_listed_and_reachable(self, client, state):
        public = InstituteFactory(name="Institut visible")
        hidden = InstituteFactory(name="Institut caché", **state)

        listing = text(client.get(INSTITUTES))

        assert "Institut visible" in listing
        assert "Institut caché" not in listing
        assert client.get(public.get_absolute_url()).status_code == 200
        assert client.get(hidden.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("state", [{"draft": True}, {"scheduled": True}])
    def test_only_published_aids_are_listed_and_reachable(self, client, state):
        public = FinancialAidFactory(name="Aide visible")
        hidden = FinancialAidFactory(name="Aide cachée", **state)

        listing = text(client.get(AIDS))

        assert "Aide visible" in listing
        assert "Aide cachée" not in listing
        assert client.get(public.get_absolute_url()).status_code == 200
        assert client.get(hidden.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("state", [{"draft": True}, {"scheduled": True}])
    def test_unpublished_offers_show_nowhere(self, client, state):
        diploma = DiplomaFactory()
        institute = InstituteFactory(name="Institut de l'offre")
        TrainingOfferFactory(diploma=diploma, institute=institute, modality=Modality.VAE, **state)

        assert "Institut de l'offre" not in text(client.get(OFFERS))
        assert "Institut de l'offre" not in text(client.get(diploma.get_absolute_url()))
        assert "Validation des acquis" not in text(client.get(institute.get_absolute_url()))

    @pytest.mark.parametrize("state", [{"draft": True}, {"scheduled": True}])
    def test_offer_of_an_unpublished_institute_never_shows(self, client, state):
        diploma = DiplomaFactory()
        TrainingOfferFactory(
            diploma=diploma, institute=InstituteFactory(name="Institut fantôme", **state)
        )

        assert "Institut fantôme" not in text(client.get(OFFERS))
        detail = text(client.get(diploma.get_absolute_url()))
        assert "Institut fantôme" not in detail
        assert "Aucun établissement n'est encore listé" in detail

    @pytest.mark.parametrize("state", [{"draft": True}, {"scheduled": True}])
    def test_offer_of_an_unpublished_diploma_never_shows(self, client, state):
        institute = InstituteFactory()
        TrainingOfferFactory(
            diploma=DiplomaFactory(name="Diplôme fantôme", acronym="DF", **state),
            institute=institute,
        )

        assert "Diplôme fantôme" not in text(client.get(OFFERS))
        assert "Diplôme fantôme" not in text(client.get(institute.get_absolute_url()))
        institutes = text(client.get(INSTITUTES))
        assert institute.name in institutes
        assert "Prépare au" not in institutes

    def test_only_published_professions_show_on_diploma_and_aid(self, client):
        public = ProfessionFactory(title_masculine="Aide-soignant", title_feminine="Aide-soignante")
        draft = ProfessionFactory(title_masculine="Métier en brouillon", draft=True)
        diploma = DiplomaFactory(professions=[public, draft])
        aid = FinancialAidFactory()
        aid.professions.set([public, draft])

        for url in (diploma.get_absolute_url(), aid.get_absolute_url()):
            page = text(client.get(url))
            assert "Aide-soignant ou Aide-soignante" in page
            assert "Métier en brouillon" not in page


class TestPreview:
    def test_staff_previews_a_draft_diploma_with_its_offers(self, staff_client):
        diploma = DiplomaFactory(name="Nouveau diplôme", draft=True)
        TrainingOfferFactory(
            diploma=diploma, institute=InstituteFactory(name="Institut partenaire")
        )

        response = staff_client.get(diploma.get_absolute_url() + "?apercu=1")

        assert response.status_code == 200
        page = whole(response)
        assert "<strong>Aperçu</strong>" in page
        assert "Institut partenaire" in page
        assert "no-cache" in response["Cache-Control"]

    @pytest.mark.parametrize(
        "factory", [DiplomaFactory, InstituteFactory, FinancialAidFactory], ids=lambda f: f.__name__
    )
    def test_preview_is_for_staff_only(self, staff_client, factory):
        obj = factory(draft=True)
        url = obj.get_absolute_url() + "?apercu=1"

        assert Client().get(url).status_code == 404  # `staff_client` is the logged-in `client`
        assert staff_client.get(url).status_code == 200

    def test_without_the_parameter_staff_sees_the_public_page(self, staff_client):
        diploma = DiplomaFactory(draft=True)
        assert staff_client.get(diploma.get_absolute_url()).status_code == 404


# --- Où se former --------------------------------------------------------------------------


class TestOfferList:
    def test_groups_offers_by_diploma_then_departement(self, client):
        deas = DiplomaFactory(name="Diplôme d'État d'aide-soignant", acronym="DEAS", level=4)
        demem = DiplomaFactory(name="Diplôme d'État de manipulateur", acronym="DEMEM", level=6)
        flour = InstituteFactory(
            name="IFAS de Saint-Flour", commune="Saint-Flour", departement="15"
        )
        vichy = InstituteFactory(name="IFAS de Vichy", commune="Vichy", departement="03")
        lyon = InstituteFactory(name="Institut de Lyon", commune="Lyon", departement="69")
        TrainingOfferFactory(diploma=demem, institute=lyon)
        TrainingOfferFactory(diploma=deas, institute=flour)
        TrainingOfferFactory(diploma=deas, institute=vichy)

        response = client.get(OFFERS)
        page = text(response)

        assert response.context["nav_section"] == "trainings"
        assert h1_count(response) == 1
        order = [
            page.index("Diplôme d&#x27;État d&#x27;aide-soignant (DEAS)</h3>"),
            page.index("Allier (03)</h4>"),
            page.index("IFAS de Vichy"),
            page.index("Cantal (15)</h4>"),
            page.index("IFAS de Saint-Flour"),
            page.index("Diplôme d&#x27;État de manipulateur (DEMEM)</h3>"),
            page.index("Rhône (69)</h4>"),
            page.index("Institut de Lyon"),
        ]
        assert order == sorted(order)

    def test_each_offer_shows_its_practical_facts(self, client):
        offer = TrainingOfferFactory(
            institute=InstituteFactory(
                name="IFAS du lycée", commune="Yssingeaux", departement="43"
            ),
            modality=Modality.APPRENTICESHIP,
            places=15,
            intake_month=1,
            applications_open=datetime.date(2030, 1, 13),
            applications_close=datetime.date(2030, 6, 4),
        )

        page = text(client.get(OFFERS))

        assert f'href="{offer.get_absolute_url()}"' in page
        assert "Yssingeaux" in page
        assert "Apprentissage" in page
        assert "15 places" in page
        assert "Rentrée en janvier" in page
        assert "Candidatures du 13 janvier 2030 au 4 juin 2030" in page

    def test_empty_fields_are_left_out(self, client):
        TrainingOfferFactory(places=None, intake_month=None)

        page = text(client.get(OFFERS))

        assert not re.search(r"\d+ places?\b", page)
        assert "Rentrée" not in page
        assert "Candidatures du" not in page
        assert "None" not in page

    def test_explains_the_path_and_links_onwards(self, client):
        page = text(client.get(OFFERS))

        for name in ("professions:list", "trainings:diploma_list", "trainings:institute_list"):
            assert f'href="{reverse(name)}"' in page
        assert f'href="{AIDS}"' in page
        assert "Parcoursup" in page
        assert "Aucune formation n'est encore listée" in page

    def test_paginates_by_twenty(self, client):
        diploma = DiplomaFactory()
        institute = InstituteFactory()
        TrainingOfferFactory.create_batch(21, diploma=diploma, institute=institute)

        first = client.get(OFFERS)
        second = client.get(OFFERS, {"page": 2})

        assert len(first.context["offers"]) == 20
        assert len(second.context["offers"]) == 1
        assert "Page 1 sur 2" in text(first)
        assert "?page=2" in text(first)


class TestApplicationBadge:
    @pytest.fixture
    def offer(self):
        long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        return TrainingOfferFactory(
            published_at=long_ago,
            diploma__published_at=long_ago,
            institute__published_at=long_ago,
            applications_open=datetime.date(2026, 1, 13),
            applications_close=datetime.date(2026, 6, 4),
        )

    @pytest.mark.parametrize(
        ("today", "is_open"),
        [
            (datetime.date(2026, 1, 12), False),
            (datetime.date(2026, 1, 13), True),
            (datetime.date(2026, 6, 4), True),
            (datetime.date(2026, 6, 5), False),
        ],
    )
    def test_badge_shows_only_while_applications_are_open(self, client, offer, today, is_open):
        noon = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)
        with time_machine.travel(noon, tick=False):
            for url in (
                OFFERS,
                offer.diploma.get_absolute_url(),
                offer.institute.get_absolute_url(),
            ):
                assert ("Candidatures ouvertes" in text(client.get(url))) is is_open, url

    def test_closed_window_says_so(self, client, offer):
        with time_machine.travel(
            datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC), tick=False
        ):
            page = text(client.get(OFFERS))
            assert (
                "Dernière session connue : candidatures du 13 janvier 2026 au 4 juin 2026" in page
            )
            assert "terminée" in page
        with time_machine.travel(
            datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False
        ):
            assert "terminée" not in text(client.get(OFFERS))

    def test_half_known_window(self, client):
        TrainingOfferFactory(applications_close=datetime.date(2030, 6, 4))
        assert "Candidatures jusqu&#x27;au 4 juin 2030" in text(client.get(OFFERS))


# --- Diplomas ------------------------------------------------------------------------------


class TestDiplomaDetail:
    def test_shows_its_facts(self, client):
        diploma = DiplomaFactory(
            name="Diplôme d'État de manipulateur d'électroradiologie médicale",
            acronym="DEMEM",
            level=6,
            duration_months=36,
            duration_note="4 200 heures, moitié cours, moitié stages",
            ects=180,
            grade="Licence",
            rncp_code="RNCP39942",
            minimum_age=17,
            apprenticeship_possible=True,
            entry_requirements="Être titulaire du baccalauréat.",
            admission="Sur Parcoursup : dossier, puis entretien de motivation.",
            entry_routes="Formation initiale\nApprentissage",
        )

        response = client.get(diploma.get_absolute_url())
        page = text(response)

        assert response.context["nav_section"] == "trainings"
        assert h1_count(response) == 1
        assert '<dl class="facts' in page
        assert "Niveau 6 (bac + 3, licence)" in page
        assert "3 ans" in page
        assert "4 200 heures, moitié cours, moitié stages" in page
        assert "180 ECTS" in page
        assert "Licence" in page
        assert "17 ans" in page
        assert "Possible en apprentissage" in page
        assert 'href="https://www.francecompetences.fr/recherche/rncp/39942/"' in page
        assert "Être titulaire du baccalauréat." in page
        assert "entretien de motivation" in page
        assert "<li>Formation initiale</li>" in page
        assert "<li>Apprentissage</li>" in page
        assert '<li aria-current="page">DEMEM</li>' in whole(response)

    def test_apprenticeship_only(self, client):
        diploma = DiplomaFactory(apprenticeship_possible=True, apprenticeship_only=True)
        page = text(client.get(diploma.get_absolute_url()))
        assert "Uniquement en alternance" in page
        assert "Possible en apprentissage" not in page

    def test_omits_empty_facts(self, client):
        diploma = DiplomaFactory(acronym="", summary="", duration_months=None)

        page = text(client.get(diploma.get_absolute_url()))

        assert "Niveau 4 (bac)" in page
        for absent in (
            "Durée",
            "ECTS",
            "Grade",
            "Code RNCP",
            "Âge minimum",
            "en apprentissage",
            "alternance",
            "Qui peut entrer",
            "Sélection et inscription",
            "voies d'accès",
            "Les métiers auxquels",
            "None",
            "()",
        ):
            assert absent not in page, absent

    def test_lists_published_offers_by_departement(self, client):
        diploma = DiplomaFactory()
        TrainingOfferFactory(
            diploma=diploma, institute=InstituteFactory(name="IFAS de Vichy", departement="03")
        )
        TrainingOfferFactory(
            diploma=diploma, institute=InstituteFactory(name="IFAS d'Annonay", departement="07")
        )

        page = text(client.get(diploma.get_absolute_url()))

        assert page.index("Allier (03)") < page.index("IFAS de Vichy") < page.index("Ardèche (07)")
        assert page.index("Ardèche (07)") < page.index("IFAS d&#x27;Annonay")
        assert "2 formations dans la région" in page
        assert "Aucun établissement n'est encore listé" not in page
        assert "autre" not in page  # all of them are shown

    def test_shows_twenty_offers_then_how_many_more_and_where(
        self, client, django_assert_num_queries
    ):
        diploma = DiplomaFactory(slug="le-diplome", acronym="DEAS")
        for departement, count in (("01", 18), ("03", 4), ("15", 3)):
            for _ in range(count):
                TrainingOfferFactory(
                    diploma=diploma, institute=InstituteFactory(departement=departement)
                )
        TrainingOfferFactory(diploma=diploma, draft=True)  # never counted
        client.get(diploma.get_absolute_url())  # the brand and the partners reach the cache
        bump_content_version()  # as after a change: the diploma and its offers read again

        with django_assert_num_queries(6 + 1):  # + once per change, the next scheduled one
            page = text(client.get(diploma.get_absolute_url()))

        assert page.count('class="card offer-item"') == 20
        assert "25 formations dans la région" in page
        assert "5 autres formations à ce diplôme dans la région." in page
        assert f'href="{OFFERS}?diplome=le-diplome">Voir toutes les formations à ce diplôme' in page
        # The départements not shown, or not all: their count links to the filtered list.
        more = page[page.index('class="more-offers"') :]
        assert f'href="{OFFERS}?diplome=le-diplome&amp;departement=03">Allier (03)</a>' in more
        assert 'Allier (03)</a> <span class="count">: 4 formations' in more
        assert 'Cantal (15)</a> <span class="count">: 3 formations' in more
        assert "Ain (01)" not in more  # its 18 offers are all shown


class TestDiplomaList:
    def test_lists_diplomas_as_cards(self, client):
        DiplomaFactory(name="Diplôme d'État d'aide-soignant", acronym="DEAS", duration_months=11)
        response = client.get(DIPLOMAS)
        page = text(response)
        assert response.context["nav_section"] == "trainings"
        assert h1_count(response) == 1
        assert "Diplôme d&#x27;État d&#x27;aide-soignant (DEAS)" in page
        assert "11 mois" in page


# --- Institutes ----------------------------------------------------------------------------


class TestInstituteDetail:
    def test_shows_address_contacts_and_labels(self, client):
        institute = InstituteFactory(
            name="IFAS du Centre hospitalier de Saint-Flour",
            parent_organisation="Centre hospitalier de Saint-Flour",
            address="1 avenue de Besserette",
            postcode="15100",
            commune="Saint-Flour",
            departement="15",
            labels="H+ Formation (depuis 2021)",
            phone="01 23 45 67 89",
            email="contact@example.org",
            website="https://example.org/ifas",
            accessibility="Référent handicap joignable à l'accueil.",
            latitude=Decimal("45.03370"),
            longitude=Decimal("3.09300"),
        )

        response = client.get(institute.get_absolute_url())
        page = text(response)

        assert response.context["nav_section"] == "trainings"
        assert h1_count(response) == 1
        assert "Institut de formation d&#x27;aides-soignants (IFAS)" in page
        assert "Centre hospitalier de Saint-Flour" in page
        assert "1 avenue de Besserette" in page
        assert "15100 Saint-Flour" in page
        assert "H+ Formation (depuis 2021)" in page
        assert 'href="tel:0123456789"' in page
        assert 'href="mailto:contact@example.org"' in page
        assert 'href="https://example.org/ifas"' in page
        assert "Référent handicap" in page
        assert (
            'href="https://www.openstreetmap.org/?mlat=45.03370&amp;mlon=3.09300'
            '#map=15/45.03370/3.09300"'
        ) in page
        assert "<iframe" not in page

    def test_omits_what_is_unknown(self, client):
        institute = InstituteFactory()

        page = text(client.get(institute.get_absolute_url()))

        for absent in (
            "openstreetmap",
            "tel:",
            "mailto:",
            "Site de l'établissement",
            "rattachement",
            "handicap",
            "None",
        ):
            assert absent not in page, absent
        assert "ne sont pas encore détaillées" in page

    def test_offers_carry_every_practical_detail(self, client):
        institute = InstituteFactory()
        offer = TrainingOfferFactory(
            institute=institute,
            diploma=DiplomaFactory(name="Diplôme d'État d'aide-soignant", acronym="DEAS"),
            places=30,
            start_date=datetime.date(2030, 8, 25),
            applications_open=datetime.date(2030, 1, 13),
            applications_close=datetime.date(2030, 6, 4),
            results_date=datetime.date(2030, 6, 27),
            application_note="dossier à déposer à l'institut",
            application_url="https://example.org/candidater",
            fees="Gratuit : coût pédagogique pris en charge par la Région",
            last_verified=datetime.date(2030, 1, 2),
        )

        page = text(client.get(institute.get_absolute_url()))

        assert f'id="offre-{offer.pk}"' in page
        assert offer.get_absolute_url().endswith(f"#offre-{offer.pk}")
        assert "Diplôme d&#x27;État d&#x27;aide-soignant (DEAS)" in page
        assert "Formation initiale" in page
        assert "30 places" in page
        assert "Rentrée le 25 août 2030" in page
        assert "Candidatures du 13 janvier 2030 au 4 juin 2030" in page
        assert "Résultats le 27 juin 2030" in page
        assert "dossier à déposer à l&#x27;institut" in page
        assert 'href="https://example.org/candidater"' in page
        assert "coût pédagogique pris en charge par la Région" in page
        assert "Informations vérifiées le 2 janvier 2030" in page


class TestInstituteList:
    def test_grouped_by_departement_with_their_diplomas(self, client):
        deas = DiplomaFactory(acronym="DEAS")
        vichy = InstituteFactory(name="IFAS de Vichy", departement="03", commune="Vichy")
        flour = InstituteFactory(
            name="IFAS de Saint-Flour", departement="15", commune="Saint-Flour"
        )
        TrainingOfferFactory(diploma=deas, institute=vichy, modality=Modality.INITIAL)
        TrainingOfferFactory(diploma=deas, institute=vichy, modality=Modality.APPRENTICESHIP)

        response = client.get(INSTITUTES)
        page = text(response)

        assert response.context["nav_section"] == "trainings"
        assert h1_count(response) == 1
        assert page.index('id="departement-03"') < page.index("IFAS de Vichy")
        assert page.index("IFAS de Vichy") < page.index('id="departement-15"')
        assert page.index('id="departement-15"') < page.index("IFAS de Saint-Flour")
        assert page.count("Prépare au DEAS") == 1
        assert flour.get_absolute_url() in page


# --- Aids ----------------------------------------------------------------------------------


class TestAids:
    def test_list_shows_provider(self, client):
        FinancialAidFactory(
            name="Bourse régionale", provider=OrganisationFactory(short_name="Région")
        )
        response = client.get(AIDS)
        assert response.context["nav_section"] == "aids"
        assert h1_count(response) == 1
        assert "Bourse régionale" in text(response)
        assert "Versée par Région" in text(response)

    def test_detail_shows_everything_it_knows(self, client):
        aid = FinancialAidFactory(
            name="Bourse régionale",
            provider=OrganisationFactory(name="Région Auvergne-Rhône-Alpes"),
            eligibility="Les étudiants sans emploi.",
            amount="Aligné sur le barème du CROUS.",
            steps="Faire une simulation\nDemander un code d'accès\nDéposer sa demande",
            url="https://example.org/bourse",
            last_reviewed=datetime.date(2026, 9, 1),
        )

        response = client.get(aid.get_absolute_url())
        page = text(response)

        assert response.context["nav_section"] == "aids"
        assert h1_count(response) == 1
        assert "Région Auvergne-Rhône-Alpes" in page
        assert "Les étudiants sans emploi." in page
        assert "Aligné sur le barème du CROUS." in page
        assert re.search(
            r"<ol[^>]*>\s*<li>Faire une simulation</li><li>Demander un code d&#x27;accès</li>"
            r"<li>Déposer sa demande</li></ol>",
            page,
        )
        assert 'href="https://example.org/bourse"' in page
        assert "Mis à jour le 1 septembre 2026" in page

    def test_detail_omits_empty_parts(self, client):
        aid = FinancialAidFactory(amount="", steps="", url="", last_reviewed=None)
        page = text(client.get(aid.get_absolute_url()))
        for absent in ("Combien", "étape par étape", "page officielle", "Mis à jour", "None"):
            assert absent not in page, absent


# --- Query counts --------------------------------------------------------------------------
# Each anonymous page costs 2 queries for the brand and the footer partners (cached after),
# plus the view's own. The count is pinned and must not grow with the number of items.


def offers_everywhere(count):
    """`count` offers of one diploma in `count` institutes, with professions and an aid."""
    professions = ProfessionFactory.create_batch(count)
    diploma = DiplomaFactory(professions=professions, slug="le-diplome")
    institute = InstituteFactory(slug="l-institut")
    TrainingOfferFactory.create_batch(count, diploma=diploma, institute=institute)
    for _ in range(count):
        TrainingOfferFactory(diploma=diploma, institute=InstituteFactory())
        TrainingOfferFactory(diploma=DiplomaFactory(), institute=institute)
    aid = FinancialAidFactory(slug="l-aide")
    aid.professions.set(professions)
    FinancialAidFactory.create_batch(count)


@pytest.mark.parametrize("count", [1, 6])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # The first visit after a change. Pages with parts kept until the next change
        # (`kept_until_change`) read, once per change, when that next change is (+ 1).
        # the page, one GROUP BY for its count, three facets and « relax », one for the
        # diplomas, the professions of the select
        (OFFERS, 6 + 1),
        (DIPLOMAS, 3),
        # diploma + professions + aids + offers counted by département + the offers shown
        # + their Parcoursup figures
        ("/formations/diplomes/le-diplome/", 8 + 1),
        (INSTITUTES, 5),  # count for the pages + institutes + offers
        # institute + offers + their Parcoursup figures
        ("/formations/etablissements/l-institut/", 5 + 1),
        (AIDS, 3),
        ("/aides/l-aide/", 5),  # aid with provider + professions + diplomas
    ],
)
def test_query_count_is_pinned(client, django_assert_num_queries, count, url, queries):
    offers_everywhere(count)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    assert not response.wsgi_request.session.accessed  # cacheable: no session, no Vary: Cookie


@pytest.mark.django_db
def test_institutes_list_comes_in_pages(client):
    InstituteFactory.create_batch(21)
    first = client.get(INSTITUTES)
    second = client.get(INSTITUTES, {"page": 2})

    assert len(first.context["institutes"]) == 20
    assert "Page 1 sur 2" in first.content.decode()
    assert len(second.context["institutes"]) == 1
    assert client.get(INSTITUTES, {"page": 9}).status_code == 404
