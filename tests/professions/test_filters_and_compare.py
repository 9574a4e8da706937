"""The professions list filters (in the URL, with counts and what to relax) and the
comparison of two or three professions."""

import datetime

import pytest
from django.urls import reverse

from professions.models import EntryLevel, Sector
from tests.factories import DiplomaFactory, ProfessionFactory

from .helpers import main

pytestmark = pytest.mark.django_db

LIST = reverse("professions:list")
COMPARE = reverse("professions:compare")


def titles(response):
    return sorted(p.title_masculine for p in response.context["professions"])


@pytest.fixture
def jobs():
    aide = ProfessionFactory(
        title_masculine="Aide-soignant",
        slug="aide-soignant",
        sector=Sector.CARE,
        entry_level=EntryLevel.NONE,
        recruiting=True,
    )
    aide.interests.add("contact humain")
    DiplomaFactory(duration_months=11, apprenticeship_possible=True).professions.add(aide)
    manip = ProfessionFactory(
        title_masculine="Manipulateur",
        slug="manipulateur",
        sector=Sector.MEDICAL_TECH,
        entry_level=EntryLevel.BAC,
        recruiting=True,
    )
    manip.interests.add("technologie", "contact humain")
    DiplomaFactory(duration_months=36, apprenticeship_possible=True).professions.add(manip)
    prep = ProfessionFactory(
        title_masculine="Préparateur",
        slug="preparateur",
        sector=Sector.PHARMACY,
        entry_level=EntryLevel.BAC,
        recruiting=False,
    )
    DiplomaFactory(duration_months=24).professions.add(prep)
    DiplomaFactory(duration_months=6, draft=True).professions.add(prep)  # never counts
    return {"aide": aide, "manip": manip, "prep": prep}


class TestProfessionFilters:
    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({}, ["Aide-soignant", "Manipulateur", "Préparateur"]),
            ({"niveau": "0"}, ["Aide-soignant"]),
            ({"niveau": "4"}, ["Aide-soignant", "Manipulateur", "Préparateur"]),
            ({"duree": "12"}, ["Aide-soignant"]),
            ({"duree": "24"}, ["Aide-soignant", "Préparateur"]),
            ({"apprentissage": "1"}, ["Aide-soignant", "Manipulateur"]),
            ({"recrute": "1"}, ["Aide-soignant", "Manipulateur"]),
            ({"secteur": ["pharmacie", "soins"]}, ["Aide-soignant", "Préparateur"]),
            ({"interet": "technologie"}, ["Manipulateur"]),
            (
                {"apprentissage": "1", "niveau": "4", "duree": "36", "interet": "contact-humain"},
                ["Aide-soignant", "Manipulateur"],
            ),
            (
                {"niveau": "x", "duree": "7", "secteur": "lune", "interet": "inconnu"},
                ["Aide-soignant", "Manipulateur", "Préparateur"],
            ),
        ],
    )
    def test_filters_combine(self, client, jobs, params, expected):
        response = client.get(LIST, params)
        assert response.status_code == 200
        assert titles(response) == expected

    def test_counts_keep_the_other_filters(self, client, jobs):
        html = main(client.get(LIST, {"recrute": "1"}))
        # Among jobs that recruit: one in 1 year or less, none in pharmacy.
        assert '<label for="duree-12">1 an ou moins <span class="count">(1)</span>' in html
        pharmacy = '<label for="filtre-secteur-pharmacie">Pharmacie <span class="count">(0)</span>'
        assert pharmacy in html
        # The filter's own count ignores itself.
        assert 'Recrute dans la région <span class="count">(2)</span>' in html
        assert "2 métiers sur 3 correspondent à vos critères." in html
        assert "<details open>" in html

    def test_nothing_matches_says_what_to_relax(self, client, jobs):
        response = client.get(LIST, {"niveau": "0", "secteur": "pharmacie"})
        html = main(response)
        assert "Aucun métier ne correspond à tous ces critères." in html
        assert (
            '<a href="?secteur=pharmacie" rel="nofollow">Enlever le niveau d&#x27;études</a> '
            '<span class="count">(1 métier)</span>' in html
        )
        assert '<a href="?niveau=0" rel="nofollow">Enlever la famille de métiers</a>' in html

    def test_filtered_pages_are_not_indexed(self, client, jobs):
        assert "noindex" not in client.get(LIST).content.decode()
        assert (
            '<meta name="robots" content="noindex, follow">'
            in client.get(LIST, {"recrute": "1"}).content.decode()
        )

    @pytest.mark.parametrize("count", [1, 6])
    def test_query_count_is_fixed(self, client, django_assert_num_queries, count):
        for index in range(count):
            profession = ProfessionFactory()
            profession.interests.add(f"centre {index}")
            DiplomaFactory(duration_months=12).professions.add(profession)
        client.get(LIST)  # warms the cached site settings and partners
        with django_assert_num_queries(3):
            response = client.get(LIST, {"duree": "12", "interet": "centre-0"})
        assert len(response.context["professions"]) == 1


class TestCompare:
    def test_two_professions_side_by_side(self, client, jobs):
        aide, manip = jobs["aide"], jobs["manip"]
        aide.starting_salary, aide.salary_source = 1801, "ONISEP"
        aide.salary_date = datetime.date(2025, 10, 1)
        aide.workplaces = "Hôpitaux\nEHPAD"
        aide.working_conditions = "Horaires décalés, week-ends."
        aide.save()
        response = client.get(COMPARE, {"m": ["aide-soignant", "manipulateur"]})
        html = main(response)
        assert response.context["compared"] == [aide, manip]
        assert html.count('<th scope="col">') == 2
        assert "1\u202f801\u00a0€</strong> brut par mois" in html
        assert "Source : ONISEP, octobre 2025" in html
        assert "<li>EHPAD</li>" in html
        assert "Horaires décalés, week-ends." in html
        assert "11 mois" in html and "3 ans" in html
        assert "Oui, c&#x27;est possible" in html
        assert "Non renseigné" in html  # the manipulateur's salary is unknown here
        assert "None" not in html
        assert 'value="aide-soignant" checked' in html

    def test_order_follows_the_url(self, client, jobs):
        response = client.get(COMPARE, {"m": ["preparateur", "aide-soignant", "manipulateur"]})
        assert [p.slug for p in response.context["compared"]] == [
            "preparateur",
            "aide-soignant",
            "manipulateur",
        ]

    @pytest.mark.parametrize(
        ("slugs", "message"),
        [
            (["aide-soignant"], "Cochez au moins un deuxième métier"),
            (["inconnu"], "Cochez deux ou trois métiers"),
            (["aide-soignant", "inconnu", "manipulateur"], "n&#x27;est plus présenté"),
        ],
    )
    def test_wrong_choices_are_explained(self, client, jobs, slugs, message):
        html = main(client.get(COMPARE, {"m": slugs}))
        assert message in html

    def test_more_than_three_keeps_the_first_three(self, client, jobs):
        fourth = ProfessionFactory(slug="quatrieme")
        response = client.get(
            COMPARE, {"m": ["aide-soignant", "manipulateur", "preparateur", fourth.slug]}
        )
        assert len(response.context["compared"]) == 3
        assert "trois métiers au plus" in main(response)

    def test_drafts_cannot_be_compared(self, client, jobs):
        ProfessionFactory(slug="brouillon", draft=True)
        response = client.get(COMPARE, {"m": ["aide-soignant", "brouillon"]})
        assert response.context["compared"] == []
        assert 'value="brouillon"' not in main(response)

    def test_profession_page_links_to_the_comparison(self, client, jobs):
        html = main(client.get(jobs["aide"].get_absolute_url()))
        assert f'href="{COMPARE}?m=aide-soignant"' in html

    @pytest.mark.parametrize("count", [1, 6])
    def test_query_count_is_fixed(self, client, django_assert_num_queries, count):
        first, second = ProfessionFactory(), ProfessionFactory()
        for profession in (first, second):
            for _ in range(count):
                DiplomaFactory().professions.add(profession)
        client.get(COMPARE)
        # The jobs of the form, the compared jobs, their diplomas.
        with django_assert_num_queries(3):
            response = client.get(COMPARE, {"m": [first.slug, second.slug]})
        assert len(response.context["compared"][0].public_diplomas) == count
