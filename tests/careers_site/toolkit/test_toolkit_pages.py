"""The counsellors' pages: the one-page sheet, the poster, the job-fair kits, the share box
and the link previews (Open Graph) of every page."""

import re

import pytest
from django.urls import reverse

from careers_site.toolkit.models import ShortLink, ShortLinkKind
from careers_site.toolkit.shortlinks import main_link, source_link
from tests import factories
from tests.campaigns.helpers import warm_site_cache
from tests.factories import (
    CampaignFactory,
    DiplomaFactory,
    EventFactory,
    InstituteFactory,
    ProfessionFactory,
    TrainingOfferFactory,
)
from tests.test_public_pages import public_urls, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def aide_soignant():
    profession = ProfessionFactory(
        title_masculine="Aide-soignant",
        title_feminine="aide-soignante",
        slug="aide-soignant",
        summary="L'aide-soignant prend soin des personnes malades ou âgées.",
        starting_salary=1801,
        salary_source="ONISEP",
    )
    diploma = DiplomaFactory(name="Diplôme d'État d'aide-soignant", acronym="DEAS")
    diploma.professions.add(profession)
    institute = InstituteFactory(name="IFAS du Centre hospitalier de Saint-Flour")
    TrainingOfferFactory(diploma=diploma, institute=institute)
    factories.TestimonialFactory(profession=profession, quote="Ce qui me retient dans ce métier.")
    return profession


def test_sheet_has_the_essentials_and_a_large_qr_code(client, aide_soignant):
    response = client.get(reverse("toolkit_sheet", args=["aide-soignant"]))
    assert response.status_code == 200
    html = response.content.decode().replace("&nbsp;", " ")
    for essential in (
        "<h1>Aide-soignant ou aide-soignante</h1>",
        "L&#x27;aide-soignant prend soin",
        "Diplôme d&#x27;État d&#x27;aide-soignant (DEAS)",
        "IFAS du Centre hospitalier de Saint-Flour",
        "1\u202f801\u00a0€ brut par mois",
        "Source : ONISEP",
        "Ce qui me retient dans ce métier.",
        '<span class="link-path">/m/aide-soignant</span>',
    ):
        assert essential in html
    assert 'src="/qr.svg?lien=%2Fm%2Faide-soignant&amp;taille=impression"' in html


@pytest.mark.usefixtures("registered_sources")
def test_sheet_prints_a_source_into_its_qr_code(client, aide_soignant):
    html = (
        client.get("/metiers/aide-soignant/fiche/?source=salon-lyon-2026")
        .content.decode()
        .replace("&nbsp;", " ")
    )
    assert "lien=%2Fm%2Faide-soignant&amp;taille=impression&amp;src=salon-lyon-2026" in html


@pytest.mark.parametrize(
    "url",
    [
        "/metiers/aide-soignant/fiche/?source=%3Cscript%3E",
        "/affiche/m/aide-soignant/?source=" + "a" * 61,
    ],
)
def test_junk_source_gets_a_french_400_inside_the_site(client, aide_soignant, url):
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode().replace("&nbsp;", " ")
    assert "Cette source n'est pas écrite comme il faut" in html
    assert 'id="contenu"' in html  # the site's layout, with its header and its way back
    assert f'href="{url.split("?")[0]}">Ouvrir la page sans source' in html
    assert "&lt;script&gt;" not in html and "<script>alert" not in html


def test_sheet_of_a_draft_or_unknown_profession_is_not_found(client):
    ProfessionFactory(slug="brouillon", draft=True)
    assert client.get("/metiers/brouillon/fiche/").status_code == 404
    assert client.get("/metiers/inconnu/fiche/").status_code == 404


def test_long_texts_are_cut_short_on_the_sheet(client):
    profession = ProfessionFactory(slug="long", summary="mot " * 500)
    diploma = DiplomaFactory()
    diploma.professions.add(profession)
    for number in range(9):
        TrainingOfferFactory(diploma=diploma, institute=InstituteFactory(name=f"Institut {number}"))
    html = client.get("/metiers/long/fiche/").content.decode().replace("&nbsp;", " ")
    assert html.count("mot ") < 100
    assert html.count("Institut ") == 6
    assert "Et 3 autres : la liste complète est sur le site." in html


def test_sheet_counts_each_institute_once_and_only_public_ones(client, django_assert_num_queries):
    """The institutes come from the database, by place, counted there: an institute teaching
    two of the job's diplomas is one place; drafts (institute or diploma) are not places."""
    profession = ProfessionFactory(slug="infirmier")
    first, second = DiplomaFactory(name="Premier"), DiplomaFactory(name="Second")
    hidden = DiplomaFactory(name="Brouillon", draft=True)
    for diploma in (first, second, hidden):
        diploma.professions.add(profession)
    for number in range(8):
        institute = InstituteFactory(name=f"Institut {number}")
        TrainingOfferFactory(diploma=first, institute=institute)
        TrainingOfferFactory(diploma=second, institute=institute)
    TrainingOfferFactory(diploma=first, institute=InstituteFactory(name="Caché", draft=True))
    TrainingOfferFactory(diploma=hidden, institute=InstituteFactory(name="Seulement brouillon"))
    warm_site_cache()
    with django_assert_num_queries(5):
        html = client.get("/metiers/infirmier/fiche/").content.decode().replace("&nbsp;", " ")
    assert html.count("<li>Institut ") == 6
    assert "Et 2 autres : la liste complète est sur le site." in html
    assert "Caché" not in html and "Seulement brouillon" not in html


def test_sheet_query_count_is_pinned(client, aide_soignant, django_assert_num_queries):
    # The job, its diplomas, a testimonial, the institutes, the short link.
    warm_site_cache()
    with django_assert_num_queries(5):
        assert client.get("/metiers/aide-soignant/fiche/").status_code == 200


@pytest.mark.parametrize(
    ("kind", "factory"),
    [("m", ProfessionFactory), ("c", CampaignFactory), ("e", EventFactory)],
)
def test_poster_shows_the_qr_code_and_the_short_link_in_big(client, kind, factory):
    obj = factory(slug="sara-aide-soignante")
    html = (
        client.get(f"/affiche/{kind}/sara-aide-soignante/").content.decode().replace("&nbsp;", " ")
    )
    assert f'<span class="link-path">/{kind}/sara-aide</span>' in html
    assert (
        f'class="poster-qr" src="/qr.svg?lien=%2F{kind}%2Fsara-aide&amp;taille=impression"' in html
    )
    assert html.count("<h1") == 1
    assert obj.get_absolute_url() in html  # breadcrumb back to the page
    assert f"/qr.png?lien=%2F{kind}%2Fsara-aide&amp;taille=impression" in html  # downloads


def test_poster_query_count_is_pinned(client, aide_soignant, django_assert_num_queries):
    warm_site_cache()
    with django_assert_num_queries(2):
        assert client.get("/affiche/m/aide-soignant/").status_code == 200


@pytest.mark.parametrize("url", ["/affiche/x/aide-soignant/", "/affiche/s/aide-soignant/"])
def test_poster_of_an_unknown_kind_is_not_found(client, aide_soignant, url):
    assert client.get(url).status_code == 404


def test_event_kit_lists_sheets_and_qr_codes_with_the_event_source(client, aide_soignant):
    event = EventFactory(title="Salon de démonstration", slug="salon-demo")
    event.professions.add(aide_soignant, ProfessionFactory(slug="brouillon", draft=True))
    dedicated = source_link(event)
    html = client.get("/agenda/salon-demo/kit-salon/").content.decode().replace("&nbsp;", " ")
    assert "<h1>Kit salon : Salon de démonstration</h1>" in html
    assert dedicated.path == "/s/salon-demo"
    assert "/qr.svg?lien=%2Fs%2Fsalon-demo&amp;taille=impression" in html
    assert "/metiers/aide-soignant/fiche/?source=salon-demo" in html
    assert "/affiche/m/aide-soignant/?source=salon-demo" in html
    assert "lien=%2Fm%2Faide-soignant&amp;taille=impression&amp;src=salon-demo" in html
    assert "brouillon" not in html


def test_kit_uses_the_dedicated_link_staff_made(client, aide_soignant):
    event = EventFactory(slug="salon-lyon")
    event.professions.add(aide_soignant)
    ShortLink.objects.create(
        kind=ShortLinkKind.SOURCE,
        code="lyon26",
        source="salon-lyon-2026",
        content_type_id=main_link(event).content_type_id,
        object_id=event.pk,
    )
    html = client.get("/agenda/salon-lyon/kit-salon/").content.decode().replace("&nbsp;", " ")
    assert "/metiers/aide-soignant/fiche/?source=salon-lyon-2026" in html
    assert '<span class="link-path">/s/lyon26</span>' in html


def test_kit_query_count_is_pinned(client, aide_soignant, django_assert_num_queries):
    event = EventFactory(slug="salon-demo")
    event.professions.add(aide_soignant, ProfessionFactory())
    source_link(event)
    # The event, its professions, its dedicated link, the professions' links.
    warm_site_cache()
    with django_assert_num_queries(4):
        assert client.get("/agenda/salon-demo/kit-salon/").status_code == 200


def test_campaign_kit(client, aide_soignant, django_assert_num_queries):
    campaign = CampaignFactory(title="La websérie", slug="webserie")
    campaign.professions.add(aide_soignant)
    source_link(campaign)
    warm_site_cache()
    with django_assert_num_queries(4):
        html = client.get("/campagnes/webserie/kit-salon/").content.decode().replace("&nbsp;", " ")
    assert "<h1>Kit salon : La websérie</h1>" in html
    assert "/metiers/aide-soignant/fiche/?source=webserie" in html


def test_kit_of_a_draft_event_is_not_found(client):
    EventFactory(slug="brouillon", draft=True)
    assert client.get("/agenda/brouillon/kit-salon/").status_code == 404


def test_detail_pages_offer_sharing_and_the_printed_tools(client, world):  # noqa: F811
    profession = world["professions:detail"]
    html = client.get(profession.get_absolute_url()).content.decode().replace("&nbsp;", " ")
    assert 'data-share data-share-url="http://testserver/metiers/' in html
    assert 'readonly value="http://testserver/metiers/' in html  # works without JavaScript
    assert reverse("toolkit_sheet", args=[profession.slug]) in html
    assert reverse("toolkit_poster", args=["m", profession.slug]) in html
    event = world["campaigns:event_detail"]
    html = client.get(event.get_absolute_url()).content.decode().replace("&nbsp;", " ")
    assert reverse("toolkit_event_kit", args=[event.slug]) in html
    assert "/js/share.js" in html


def test_every_public_page_has_a_link_preview_with_an_image(client, world):  # noqa: F811
    for url in public_urls(world):
        html = client.get(url).content.decode().replace("&nbsp;", " ")
        image = re.search(r'<meta property="og:image" content="([^"]+)">', html)
        assert image, f"{url}: og:image"
        assert image.group(1).startswith("http://testserver/"), f"{url}: absolute image URL"
        assert '<meta name="twitter:card" content="summary_large_image">' in html, url
        assert re.search(r'<meta property="og:title" content="[^"]+">', html), url
        assert re.search(r'<meta property="og:description" content="[^"]+">', html), url


def test_default_preview_image_is_1200_by_630(client):
    from django.contrib.staticfiles import finders
    from PIL import Image

    with Image.open(finders.find("img/og-default.png")) as image:
        assert image.size == (1200, 630)


def test_sheet_of_a_job_without_schools_promises_no_school_list(client):
    """The printed pharmacien sheet used to say « la liste des établissements est sur le
    site » when the site had none: a printed promise the page could not keep."""
    ProfessionFactory(title_masculine="Pharmacien", slug="pharmacien")
    html = (
        client.get(reverse("toolkit_sheet", args=["pharmacien"]))
        .content.decode()
        .replace("&nbsp;", " ")
    )
    assert "Où se former dans la région" not in html
    assert "établissements" not in html
    assert "Le métier en détail, les diplômes et les aides" in html


def test_sheet_of_a_job_with_schools_lists_them_and_says_where_the_rest_are(client, aide_soignant):
    html = (
        client.get(reverse("toolkit_sheet", args=["aide-soignant"]))
        .content.decode()
        .replace("&nbsp;", " ")
    )
    assert "Où se former dans la région" in html
    assert "tous les établissements" in html
