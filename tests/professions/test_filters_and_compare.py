"""The professions list filters (in the URL, with counts and what to relax), its pages, and
the comparison of two or three professions."""

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

    def test_each_count_keeps_every_other_filter(self, client, jobs):
        response = client.get(LIST, {"recrute": "1", "apprentissage": "1", "niveau": "0"})
        html = main(response)
        assert titles(response) == ["Aide-soignant"]
        assert "1 métier sur 3 correspond à vos critères." in html
        # Recruiting and apprenticeship kept: the aide-soignant and the manipulateur.
        assert '<label for="niveau-4">Avec le bac <span class="count">(2)</span>' in html
        # Every filter kept.
        assert '<label for="duree-12">1 an ou moins <span class="count">(1)</span>' in html
        assert 'Soins et accompagnement du patient <span class="count">(1)</span>' in html
        assert 'Contact humain <span class="count">(1)</span>' in html
        assert 'Technologie <span class="count">(0)</span>' in html

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

    def test_counts_ignore_drafts_and_their_interests(self, client, jobs):
        draft = ProfessionFactory(title_masculine="Brouillon", draft=True, recruiting=True)
        draft.interests.add("secret")
        DiplomaFactory(duration_months=11, apprenticeship_possible=True).professions.add(draft)

        html = main(client.get(LIST))

        assert "secret" not in html
        assert '<label for="duree-12">1 an ou moins <span class="count">(1)</span>' in html
        assert "Possible en apprentissage (payé pendant la formation) " in html
        assert 'payé pendant la formation) <span class="count">(2)</span>' in html
        assert 'Recrute dans la région <span class="count">(2)</span>' in html
        assert '<label for="niveau-4">Avec le bac <span class="count">(3)</span>' in html
        # An interest only a draft has is not a filter: the link shows every job.
        assert titles(client.get(LIST, {"interet": "secret"})) == [
            "Aide-soignant",
            "Manipulateur",
            "Préparateur",
        ]

    def test_interests_count_the_jobs_the_other_filters_keep(self, client, jobs):
        html = main(client.get(LIST, {"interet": "technologie", "niveau": "0"}))
        assert "Aucun métier ne correspond à tous ces critères." in html
        # With « sans diplôme »: only the aide-soignant, who likes human contact.
        assert 'Contact humain <span class="count">(1)</span>' in html
        assert 'Technologie <span class="count">(0)</span>' in html
        assert (
            '<a href="?niveau=0" rel="nofollow">Enlever les centres d&#x27;intérêt</a> '
            '<span class="count">(1 métier)</span>' in html
        )

    @pytest.mark.parametrize("count", [1, 6, 30])
    def test_query_count_is_fixed(self, client, django_assert_num_queries, count):
        for index in range(count):
            profession = ProfessionFactory()
            profession.interests.add(f"centre {index}")
            DiplomaFactory(duration_months=12).professions.add(profession)
        client.get(LIST)  # warms the cached site settings and partners
        # The interests with their counts, every other count, the page.
        with django_assert_num_queries(3):
            response = client.get(LIST, {"duree": "12", "interet": "centre-0"})
        assert len(response.context["professions"]) == 1
        with django_assert_num_queries(2):  # nothing matches: no page to fetch
            response = client.get(LIST, {"duree": "12", "apprentissage": "1", "recrute": "1"})
        assert "Aucun métier ne correspond à tous ces critères." in main(response)


class TestListPages:
    """24 jobs to a page, in the same order as on one long page, the filters kept."""

    @pytest.fixture
    def many(self):
        """30 jobs in care (10 recruit) and 5 in pharmacy, created out of order."""
        for index in reversed(range(30)):
            ProfessionFactory(
                title_masculine=f"Soignant {index:02}", sector=Sector.CARE, recruiting=index < 10
            )
        for index in range(5):
            ProfessionFactory(
                title_masculine=f"Pharmacien {index}", sector=Sector.PHARMACY, recruiting=True
            )

    def listed(self, response):
        return [p.title_masculine for p in response.context["professions"]]

    def test_pages_follow_sector_then_recruiting_then_a_to_z(self, client, many):
        first, second = client.get(LIST), client.get(LIST, {"page": "2"})

        care = [f"Soignant {index:02}" for index in range(30)]  # the 10 that recruit first
        assert self.listed(first) + self.listed(second) == [
            *care,
            *[f"Pharmacien {index}" for index in range(5)],
        ]
        assert len(self.listed(first)) == 24
        html = main(second)
        # Still grouped by sector inside a page.
        assert html.index('<h2 id="secteur-soins">') < html.index('<h2 id="secteur-pharmacie">')
        assert "<title>Les métiers du soin et de l'accompagnement (page 2)" in (
            second.content.decode()
        )

    def test_pagination_is_labelled_in_french_and_counts_every_job(self, client, many):
        html = main(client.get(LIST))
        assert '<nav class="pagination" aria-label="Pagination">' in html
        assert "<span>Page 1 sur 2</span>" in html
        assert '<a class="button button-secondary" href="?page=2">Page suivante</a>' in html
        assert "Page précédente" not in html
        # The introduction counts the jobs of the whole list, not of the page.
        assert "15 métiers de cette liste recrutent" in html

    def test_filters_are_kept_from_page_to_page(self, client, many):
        ProfessionFactory.create_batch(3, sector=Sector.SOCIAL, recruiting=False)
        params = {"secteur": ["soins", "pharmacie"]}

        first = main(client.get(LIST, params))
        assert "35 métiers sur 38 correspondent à vos critères." in first
        assert "<span>Page 1 sur 2</span>" in first
        next_page = "?secteur=soins&amp;secteur=pharmacie&amp;page=2"
        assert f'href="{next_page}">Page suivante</a>' in first

        response = client.get(LIST, {**params, "page": "2"})
        second = main(response)
        assert len(self.listed(response)) == 11
        assert "35 métiers sur 38 correspondent à vos critères." in second
        assert 'href="?secteur=soins&amp;secteur=pharmacie&amp;page=1">Page précédente' in second
        # The filters' counts are those of the whole list.
        assert 'Social et médico-social <span class="count">(3)</span>' in second

    def test_a_filter_change_starts_again_at_page_one(self, client, many):
        html = main(client.get(LIST, {"page": "2"}))
        # The form sends no page number.
        assert 'name="page"' not in html

    def test_the_demo_sized_list_fits_on_one_page(self, client):
        ProfessionFactory.create_batch(17)
        html = main(client.get(LIST))
        assert html.count('class="card profession-card') == 17
        assert 'class="pagination"' not in html

    @pytest.mark.parametrize("page", ["3", "0", "-5", "abc", "99999999999999999999999", "1.5"])
    def test_a_page_that_does_not_exist_is_not_found(self, client, many, page):
        response = client.get(LIST, {"page": page, "recrute": "1"})
        assert response.status_code == 404

    def test_the_page_cache_keeps_each_page_apart(self, client, many, settings):
        settings.PAGE_CACHE_ENABLED = True
        assert client.get(LIST)["X-Page-Cache"] == "miss"
        second = client.get(LIST, {"page": "2"})
        assert second["X-Page-Cache"] == "miss"
        assert "Pharmacien 4" in main(second)
        assert "Soignant 00" not in main(second)
        filtered = client.get(LIST, {"page": "2", "secteur": "soins"})
        assert "<span>Page 2 sur 2</span>" in main(filtered)
        assert self.listed(filtered) == [f"Soignant {index}" for index in range(24, 30)]
        assert client.get(LIST, {"page": "2"})["X-Page-Cache"] == "hit"


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
