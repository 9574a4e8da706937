import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careers_site.platform.cache import bump_content_version
from professions.models import EntryLevel, Sector
from tests.factories import (
    CampaignFactory,
    DiplomaFactory,
    FinancialAidFactory,
    InstituteFactory,
    ProfessionFactory,
    TrainingOfferFactory,
    VideoFactory,
)
from tests.factories import TestimonialFactory as QuoteFactory  # « Test… » is not a test
from trainings.models import Modality

from .helpers import full_profession, h1_count, hero_image, main

pytestmark = pytest.mark.django_db

LIST = reverse("professions:list")


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


# --- The list of jobs ----------------------------------------------------------------------


class TestList:
    def test_shows_published_professions_only(self, client):
        ProfessionFactory(title_masculine="Aide-soignant", title_feminine="Aide-soignante")
        ProfessionFactory(title_masculine="Métier en brouillon", draft=True)
        ProfessionFactory(title_masculine="Métier programmé", scheduled=True)

        page = main(client.get(LIST))

        assert "Aide-soignant ou Aide-soignante" in page
        assert "Métier en brouillon" not in page
        assert "Métier programmé" not in page

    def test_groups_by_sector_and_flags_jobs_that_recruit(self, client):
        ProfessionFactory(title_masculine="Préparateur", sector=Sector.PHARMACY, recruiting=True)
        ProfessionFactory(title_masculine="Aide-soignant", sector=Sector.CARE, recruiting=True)
        ProfessionFactory(title_masculine="Auxiliaire", sector=Sector.CARE, recruiting=False)

        response = client.get(LIST)
        page = main(response)

        assert h1_count(response) == 1
        # Sectors come in the order of their choices, each with its own heading and anchor.
        care = page.index('<h2 id="secteur-soins">')
        pharmacy = page.index('<h2 id="secteur-pharmacie">')
        assert care < pharmacy
        assert 'href="#secteur-pharmacie"' in page
        # Inside a sector, the jobs that recruit come first and carry the badge.
        assert page.index("Aide-soignant") < page.index("Auxiliaire") < pharmacy
        assert page.count('class="badge badge-recruiting">Recrute<') == 3  # 2 cards + intro
        assert "2 métiers de cette liste recrutent" in page

    def test_marks_the_menu_and_says_so_when_empty(self, client):
        response = client.get(LIST)

        assert 'href="/metiers/" aria-current="page"' in response.content.decode()
        assert "Les fiches métiers arrivent bientôt" in main(response)

    def test_query_count_does_not_grow_with_professions(self, client, django_assert_num_queries):
        ProfessionFactory()
        client.get(LIST)  # warms the cached site settings and partners
        bump_content_version()  # the first visit after a change
        # The interests with their counts, every other count, the page of professions; once
        # per change, when the next scheduled change is.
        with django_assert_num_queries(3 + 1):
            first = client.get(LIST)
        with django_assert_num_queries(0):  # counts and body kept until the next change
            assert client.get(LIST).content == first.content

        ProfessionFactory.create_batch(5, recruiting=True, sector=Sector.PHARMACY)
        with django_assert_num_queries(3 + 1):
            response = client.get(LIST)
        assert main(response).count('class="card profession-card') == 6


# --- The job page --------------------------------------------------------------------------


class TestDetailSections:
    def test_full_page_shows_every_section(self, client):
        profession = full_profession(
            title_masculine="aide-soignant",
            title_feminine="aide-soignante",
            tagline="Au plus près des patients.",
            other_names="AS\naide-soignante",
            missions="Aider à la toilette\nSurveiller l'état du patient",
            skills="Écoute\nPatience",
            working_conditions="Horaires en roulement.\n\nTravail le week-end.",
            workplaces="Hôpital\nEHPAD",
            career_moves="Infirmier après trois ans.",
            workforce="Environ 416 000 aides-soignants (ONISEP).",
            rome_code="J1501",
            onisep_id="MET.561",
            last_reviewed=datetime.date(2025, 11, 20),
            recruiting=True,
        )

        response = client.get(profession.get_absolute_url())
        page = main(response)

        assert response.status_code == 200
        assert h1_count(response) == 1
        assert "<h1>Aide-soignant ou aide-soignante</h1>" in page
        assert '<p class="lead">Au plus près des patients.</p>' in page
        assert "On dit aussi : <strong>AS</strong>, <strong>aide-soignante</strong>" in page
        for anchor, title in [
            ("en-quelques-mots", "En quelques mots"),
            ("missions", "Missions au quotidien"),
            ("competences", "Compétences et qualités"),
            ("conditions", "Conditions de travail et horaires"),
            ("lieux", "Où travailler ?"),
            ("evolutions", "Évolutions possibles"),
            ("effectifs", "Effectifs"),
            ("diplomes", "Les diplômes pour y arriver"),
            ("ou-se-former", "Où se former en Auvergne-Rhône-Alpes"),
            ("temoignages", "Ils et elles en parlent"),
            ("aides", "Financer sa formation"),
            ("metiers-proches", "Métiers proches"),
        ]:
            assert f'<h2 id="{anchor}">{title}</h2>' in page
            assert f'<a href="#{anchor}">' in page  # in the table of contents
        # One item per line for lists, paragraphs for running text.
        assert "<li>Aider à la toilette</li><li>Surveiller l&#x27;état du patient</li>" in page
        assert "<li>Hôpital</li><li>EHPAD</li>" in page
        # Running text is rich text: plain paragraphs typed before the editor become <p>.
        assert "<p>Horaires en roulement.</p><p>Travail le week-end.</p>" in page
        assert "contact humain" in page and "travail en équipe" in page
        assert "Fiche mise à jour le 20 novembre 2025" in page
        assert "ROME J1501" in page
        assert 'href="https://www.onisep.fr/http/redirection/metier/slug/MET.561"' in page
        assert "Recrute dans la région" in page

    def test_empty_sections_are_left_out(self, client):
        profession = ProfessionFactory(
            missions="",
            skills="  \n ",
            working_conditions="",
            workplaces="",
            career_moves="",
            workforce="",
            starting_salary=None,
            salary_source="",
            rome_code="",
            onisep_id="",
            last_reviewed=None,
            recruiting=False,
        )

        page = main(client.get(profession.get_absolute_url()))

        assert '<h2 id="en-quelques-mots">' in page
        for anchor in [
            "missions",
            "competences",
            "conditions",
            "lieux",
            "evolutions",
            "effectifs",
            "diplomes",
            "temoignages",
            "aides",
            "metiers-proches",
        ]:
            assert f'id="{anchor}"' not in page
            assert f'href="#{anchor}"' not in page
        for absent in [
            "Salaire de début",
            "Durée de la formation",
            "En apprentissage",
            "Recrute",
            "On dit aussi",
            "Codes de référence",
            "Mis à jour",
            "None",
        ]:
            assert absent not in page
        # Where to train always answers, even before any institute is listed.
        assert "Aucun établissement n'est encore listé" in page
        assert 'href="/formations/"' in page

    def test_salary_is_shown_with_its_source_and_date(self, client):
        profession = ProfessionFactory(
            starting_salary=1801,
            salary_note="dans la fonction publique hospitalière",
            salary_source="ONISEP",
            salary_source_url="https://www.onisep.fr/",
            salary_date=datetime.date(2025, 10, 1),
        )

        page = main(client.get(profession.get_absolute_url()))

        assert "1\u202f801\u00a0€ brut par mois" in page
        assert "Dans la fonction publique hospitalière" in page
        assert 'Source : <a href="https://www.onisep.fr/">ONISEP</a>, octobre 2025' in page

    def test_key_facts_come_from_the_published_diplomas(self, client):
        profession = ProfessionFactory(entry_level=EntryLevel.NONE)
        DiplomaFactory(
            professions=[profession],
            acronym="DEAS",
            duration_months=11,
            duration_note="environ 1 540 heures",
            apprenticeship_possible=True,
        )
        DiplomaFactory(
            professions=[profession], acronym="BROUILLON", duration_months=36, draft=True
        )

        page = main(client.get(profession.get_absolute_url()))

        assert "<dd>Aucun diplôme exigé</dd>" in page
        assert "<dd>11 mois" in page and "environ 1 540 heures" in page
        assert "Oui, c&#x27;est possible" in page
        assert "3 ans" not in page and "BROUILLON" not in page

    def test_durations_differ_per_diploma(self, client):
        profession = ProfessionFactory()
        DiplomaFactory(professions=[profession], acronym="DEUST", duration_months=24)
        DiplomaFactory(
            professions=[profession],
            acronym="DE PPH",
            duration_months=12,
            apprenticeship_possible=True,
            apprenticeship_only=True,
        )

        page = main(client.get(profession.get_absolute_url()))

        assert "<li>DEUST : 2 ans</li>" in page
        assert "<li>DE PPH : 1 an</li>" in page
        assert "Oui, c&#x27;est possible" in page

    def test_offers_are_grouped_by_diploma_and_only_public_ones_show(self, client):
        profession = ProfessionFactory()
        deas = DiplomaFactory(professions=[profession], name="Diplôme d'aide-soignant")
        other = DiplomaFactory(professions=[profession], name="Autre diplôme")
        TrainingOfferFactory(diploma=deas, institute=InstituteFactory(name="IFAS ouvert"))
        TrainingOfferFactory(
            diploma=deas,
            institute=InstituteFactory(name="IFAS en apprentissage"),
            modality=Modality.APPRENTICESHIP,
        )
        TrainingOfferFactory(
            diploma=deas, institute=InstituteFactory(name="Offre brouillon"), draft=True
        )
        TrainingOfferFactory(
            diploma=deas, institute=InstituteFactory(name="Institut brouillon", draft=True)
        )
        TrainingOfferFactory(
            diploma=DiplomaFactory(professions=[profession], draft=True),
            institute=InstituteFactory(name="Diplôme brouillon"),
        )

        page = main(client.get(profession.get_absolute_url()))
        where = page[page.index('id="ou-se-former"') :]

        assert "2 formations sont listées" in where
        assert "IFAS ouvert" in where and "IFAS en apprentissage" in where
        assert "Offre brouillon" not in where
        assert "Institut brouillon" not in where
        assert "Diplôme brouillon" not in where
        # A diploma with no public offer gets no empty group.
        assert "Diplôme d&#x27;aide-soignant" in where
        assert "Autre diplôme</a></h3>" not in where
        assert other.name in page  # still listed among the diplomas

    def test_a_big_diploma_leaves_room_for_the_others(self, client):
        profession = ProfessionFactory()
        big = DiplomaFactory(professions=[profession], slug="grand", level=4, name="Grand")
        small = DiplomaFactory(professions=[profession], slug="petit", level=5, name="Petit")
        for _ in range(25):
            TrainingOfferFactory(diploma=big, institute=InstituteFactory(departement="63"))
        TrainingOfferFactory.create_batch(2, diploma=small, institute=InstituteFactory())

        page = main(client.get(profession.get_absolute_url()))
        where = page[page.index('id="ou-se-former"') :]
        big_part, small_part = where.split('href="/formations/diplomes/petit/"', 1)

        assert "27 formations sont listées" in where
        assert big_part.count('class="card offer-item"') == 18
        assert small_part.count('class="card offer-item"') == 2
        assert "7 autres formations à ce diplôme dans la région." in big_part
        assert 'href="/formations/?diplome=grand">Voir toutes les formations' in big_part
        assert 'Puy-de-Dôme (63)</a> <span class="count">: 25 formations' in big_part
        assert "autre" not in small_part.split("</section>")[0]

    def test_testimonials_and_videos_hide_drafts_and_expired_rights(self, client):
        profession = ProfessionFactory()
        campaign = CampaignFactory()
        QuoteFactory(profession=profession, campaign=campaign, quote="Je reste pour l'humain.")
        QuoteFactory(
            profession=profession,
            campaign=campaign,
            quote="Consentement expiré.",
            rights_expire_on=yesterday(),
        )
        QuoteFactory(
            profession=profession, campaign=campaign, quote="Encore en brouillon.", draft=True
        )
        QuoteFactory(
            profession=profession, campaign=campaign, quote="Pas encore publié.", scheduled=True
        )
        for title, state in [
            ("Vidéo publique", {}),
            ("Vidéo expirée", {"rights_expire_on": yesterday()}),
            ("Vidéo brouillon", {"draft": True}),
            ("Vidéo programmée", {"scheduled": True}),
        ]:
            VideoFactory(campaign=campaign, title=title, **state).professions.add(profession)

        page = main(client.get(profession.get_absolute_url()))

        assert "Je reste pour l&#x27;humain." in page
        assert "Vidéo publique" in page
        for hidden in [
            "Consentement expiré",
            "Encore en brouillon",
            "Pas encore publié",
            "Vidéo expirée",
            "Vidéo brouillon",
            "Vidéo programmée",
        ]:
            assert hidden not in page

    def test_aids_and_related_professions_show_published_ones(self, client):
        profession = ProfessionFactory()
        FinancialAidFactory(name="Bourse régionale").professions.add(profession)
        FinancialAidFactory(name="Aide en brouillon", draft=True).professions.add(profession)
        profession.related.add(
            ProfessionFactory(title_masculine="Infirmier", title_feminine="Infirmière"),
            ProfessionFactory(title_masculine="Métier caché", draft=True),
        )

        page = main(client.get(profession.get_absolute_url()))

        assert "Bourse régionale" in page
        assert "Aide en brouillon" not in page
        assert "Infirmier ou Infirmière" in page
        assert "Métier caché" not in page

    def test_meta_tags_describe_the_job(self, client):
        profession = ProfessionFactory(
            tagline="La technique au service des patients.",
            hero_image=hero_image(),
            hero_image_alt="Un manipulateur installe un patient",
        )

        html = client.get(profession.get_absolute_url()).content.decode()

        assert '<meta name="description" content="La technique au service des patients.">' in html
        assert '<meta property="og:type" content="article">' in html
        assert (
            f'<meta property="og:image" content="http://testserver{profession.hero_image.url}">'
            in html
        )
        assert 'alt="Un manipulateur installe un patient"' in html
        assert 'href="/metiers/" aria-current="page"' in html
        assert '<li aria-current="page">' in html

    def test_default_og_image_without_a_hero_image(self, client):
        profession = ProfessionFactory()

        html = client.get(profession.get_absolute_url()).content.decode()

        assert (
            '<meta property="og:image" content="http://testserver/static/img/og-default.png">'
            in html
        )


class TestPublicationAndPreview:
    @pytest.mark.parametrize("state", [{"draft": True}, {"scheduled": True}])
    def test_public_gets_404_staff_gets_a_marked_uncached_preview(self, staff_client, state):
        profession = ProfessionFactory(title_masculine="Métier en préparation", **state)
        url = profession.get_absolute_url()
        anonymous = Client()

        assert anonymous.get(url).status_code == 404
        assert anonymous.get(url + "?apercu=1").status_code == 404
        assert staff_client.get(url).status_code == 404

        preview = staff_client.get(url + "?apercu=1")
        assert preview.status_code == 200
        assert "<strong>Aperçu</strong>" in preview.content.decode()
        assert "Métier en préparation" in main(preview)
        assert "no-cache" in preview["Cache-Control"]

    def test_published_page_is_not_marked_as_a_preview(self, client):
        profession = ProfessionFactory()

        html = client.get(profession.get_absolute_url()).content.decode()

        assert "<strong>Aperçu</strong>" not in html


class TestDetailQueries:
    def test_query_count_does_not_grow_with_items(self, client, django_assert_num_queries):
        one = full_profession(items=1)
        six = full_profession(items=6)
        client.get(one.get_absolute_url())  # warms the cached site settings and partners
        bump_content_version()  # the first visits after a change

        # Profession, tags, diplomas, testimonials, videos, aids, campaigns, related jobs, ROME
        # fiches, their work contexts and job titles, the offers counted by diploma and
        # département, the offers shown, their Parcoursup figures; once per change, when the
        # next scheduled change is (how long what is kept stays true).
        with django_assert_num_queries(14 + 1):
            small = client.get(one.get_absolute_url())
        with django_assert_num_queries(14):
            large = client.get(six.get_absolute_url())
        # The profession with its related rows and the page's body are kept until the next
        # change: nothing is read again.
        with django_assert_num_queries(0):
            assert client.get(six.get_absolute_url()).content == large.content

        assert main(small).count('class="card offer-item"') == 1
        # Twenty of the 36 offers, shared between the six diplomas; the rest are counted.
        assert main(large).count('class="card offer-item"') == 20
        assert "36 formations sont listées" in main(large)
        assert main(large).count("autres formations à ce diplôme dans la région") == 6
        assert main(large).count('<figure class="testimonial">') == 6
        assert main(large).count('class="card video-card') == 6
        assert main(large).count('class="card campaign-card"') == 6
        assert main(large).count('class="card aid-card"') == 6
        assert main(large).count('class="card profession-card') == 6


def test_a_profession_page_links_the_campaigns_that_present_it(client):
    """The Région's manipulateur campaign was reachable only from « Sources »: a lycéenne who
    scanned its poster never saw it from the job's page."""
    profession = ProfessionFactory()
    campaign = CampaignFactory(title="Manipulateur radio, un métier d'avenir")
    campaign.professions.add(profession)
    CampaignFactory(title="Campagne en brouillon", draft=True).professions.add(profession)
    html = main(client.get(profession.get_absolute_url()))
    assert '<h2 id="campagnes">La campagne qui présente ce métier</h2>' in html
    assert f'href="{campaign.get_absolute_url()}"' in html
    assert "Campagne en brouillon" not in html
    assert 'href="#campagnes"' in html  # in the page's table of contents
