"""Short links stay valid for good: readable codes made once, old slugs answered with a 301."""

import pytest
from django.urls import reverse

from careers_site.core.models import SlugHistory
from careers_site.toolkit.models import ShortLink, ShortLinkKind
from careers_site.toolkit.shortlinks import code_from_slug, free_code, main_link
from tests.factories import (
    CampaignFactory,
    DiplomaFactory,
    EventFactory,
    FinancialAidFactory,
    InstituteFactory,
    ProfessionFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "m": ProfessionFactory,
    "c": CampaignFactory,
    "v": VideoFactory,
    "e": EventFactory,
    "i": InstituteFactory,
}


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("aide-soignant", "aide-soignant"),
        ("manipulateur-electroradiologie-medicale", "manipulateur-electroradiologie"),
        # Read aloud, one word could be several pages (issue 28).
        ("educateur-specialise", "educateur-specialise"),
        ("region-manipulateur-radio", "region-manipulateur"),
        ("la-region-recrute", "la-region-recrute"),
        ("sara-aide-soignante", "sara-aide"),
        ("salon-des-metiers-exemple-de-demonstration", "salon-des-metiers"),
        ("et-si-c-etait-lui-votre-chemin", "et-si-c-etait-lui"),
    ],
)
def test_code_is_the_first_words_of_the_slug(slug, code):
    assert code_from_slug(slug) == code


@pytest.mark.parametrize("kind", FACTORIES)
def test_every_kind_of_page_gets_a_short_link_that_redirects_to_it(client, kind):
    obj = FACTORIES[kind](slug="sara-aide-soignante")
    link = ShortLink.objects.get(object_id=obj.pk, kind=kind)
    # An institute's code says its town.
    assert link.path == f"/{kind}/sara-aide" + ("-clermont-ferrand" if kind == "i" else "")

    response = client.get(link.path)
    assert response.status_code == 302
    assert response["Location"] == obj.get_absolute_url()


def test_two_pages_with_the_same_first_words_get_distinct_codes():
    first = ProfessionFactory(slug="aide-soignant")
    second = ProfessionFactory(slug="aide-soignant-de-nuit-en-ehpad")
    assert main_link(first).code == "aide-soignant"
    assert main_link(second).code == "aide-soignant-2"


def test_short_link_survives_a_change_of_title_and_slug(client):
    profession = ProfessionFactory(title_masculine="Aide-soignant", slug="aide-soignant")
    profession.title_masculine = "Aide-soignant diplômé"
    profession.slug = "aide-soignant-diplome"
    profession.save()

    assert main_link(profession).code == "aide-soignant"
    response = client.get("/m/aide-soignant")
    assert response.status_code == 302
    assert response["Location"] == "/metiers/aide-soignant-diplome/"


def test_short_link_passes_the_visitor_source_on_and_ignores_junk(client):
    ProfessionFactory(slug="aide-soignant")
    assert client.get("/m/aide-soignant?src=affiche-cio")["Location"] == (
        "/metiers/aide-soignant/?src=affiche-cio"
    )
    assert client.get("/m/aide-soignant?src=<script>")["Location"] == "/metiers/aide-soignant/"


def test_dedicated_link_carries_its_own_source(client):
    event = EventFactory(slug="salon-lyon")
    ShortLink.objects.create(
        kind=ShortLinkKind.SOURCE,
        code="salon-lyon-2026",
        source="salon-lyon-2026",
        content_type_id=main_link(event).content_type_id,
        object_id=event.pk,
    )
    response = client.get("/s/salon-lyon-2026")
    assert response.status_code == 302
    assert response["Location"] == "/agenda/salon-lyon/?src=salon-lyon-2026"


def test_codes_are_read_without_case(client):
    ProfessionFactory(slug="aide-soignant")
    assert client.get("/m/Aide-Soignant").status_code == 302


@pytest.mark.parametrize(
    "path", ["/m/inconnu", "/s/inconnu", "/v/%3Cscript%3E", "/m/a%00b", "/m/" + "x" * 80]
)
def test_unknown_short_link_gives_the_french_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_short_link_of_a_draft_is_not_found(client):
    profession = ProfessionFactory(slug="aide-soignant", draft=True)
    assert main_link(profession) is not None
    assert client.get("/m/aide-soignant").status_code == 404


def test_page_saved_before_short_links_existed_answers_its_slug(client):
    profession = ProfessionFactory(slug="preparateur")
    ShortLink.objects.all().delete()
    response = client.get("/m/preparateur")
    assert response["Location"] == profession.get_absolute_url()


def test_staff_may_change_a_code_and_the_new_one_works(client):
    profession = ProfessionFactory(slug="aide-soignant")
    link = main_link(profession)
    link.code = "as"
    link.save()
    assert client.get("/m/as")["Location"] == profession.get_absolute_url()


# -- old slugs -------------------------------------------------------------------------------

RENAMABLE = {
    "professions:detail": ProfessionFactory,
    "trainings:diploma_detail": DiplomaFactory,
    "trainings:institute_detail": InstituteFactory,
    "trainings:aid_detail": FinancialAidFactory,
    "campaigns:detail": CampaignFactory,
    "campaigns:video_detail": VideoFactory,
    "campaigns:event_detail": EventFactory,
}


@pytest.mark.parametrize("route", RENAMABLE)
def test_old_slug_redirects_permanently_to_the_current_page(client, route):
    obj = RENAMABLE[route](slug="ancienne-adresse")
    old_url = reverse(route, kwargs={"slug": "ancienne-adresse"})
    obj.slug = "nouvelle-adresse"
    obj.save()

    response = client.get(old_url + "?src=salon-lyon")
    assert response.status_code == 301
    assert response["Location"] == obj.get_absolute_url() + "?src=salon-lyon"
    assert client.get(obj.get_absolute_url()).status_code == 200


def test_every_old_slug_of_a_page_keeps_working(client):
    profession = ProfessionFactory(slug="premier")
    for slug in ("deuxieme", "troisieme"):
        profession.slug = slug
        profession.save()
    for old in ("premier", "deuxieme"):
        response = client.get(f"/metiers/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/metiers/troisieme/"


def test_taking_back_an_old_slug_forgets_it_as_old():
    profession = ProfessionFactory(slug="premier")
    profession.slug = "deuxieme"
    profession.save()
    profession.slug = "premier"
    profession.save()
    assert list(SlugHistory.objects.values_list("old_slug", flat=True)) == ["deuxieme"]


def test_saving_without_changing_the_slug_records_nothing():
    profession = ProfessionFactory(slug="premier")
    profession.tagline = "Autre accroche"
    profession.save()
    assert not SlugHistory.objects.exists()


def test_old_slug_of_a_page_now_in_draft_is_not_found(client):
    profession = ProfessionFactory(slug="premier")
    profession.slug = "deuxieme"
    profession.status = "draft"
    profession.save()
    assert client.get("/metiers/premier/").status_code == 404


def test_short_link_query_count_is_pinned(client, django_assert_num_queries):
    ProfessionFactory(slug="aide-soignant")
    # The link (with its content type), then the published page.
    with django_assert_num_queries(2):
        assert client.get("/m/aide-soignant").status_code == 302


def test_two_institutes_of_the_same_name_are_told_apart_by_their_town():
    vichy = InstituteFactory(slug="ifsi-ifas-ch-vichy", commune="Vichy")
    annecy = InstituteFactory(slug="ifsi-ifas-ch-annecy-genevois", commune="Annecy")
    assert main_link(vichy).code == "ifsi-ifas-ch-vichy"
    assert main_link(annecy).code == "ifsi-ifas-ch-annecy"


def test_long_codes_that_collide_still_get_distinct_free_codes():
    institutes = [
        InstituteFactory(
            slug=f"institut-regional-formation-sanitaire-{n}",
            commune="Saint-Jean-de-Maurienne-les-Bains",
        )
        for n in range(3)
    ]
    codes = [main_link(institute).code for institute in institutes]
    assert len(set(codes)) == 3
    assert all(len(code) <= 40 for code in codes)


def test_an_edited_code_keeps_its_old_one_working(client):
    profession = ProfessionFactory(slug="educateur")
    link = main_link(profession)
    assert link.code == "educateur"
    link.code = "educateur-specialise"
    link.save()
    link.refresh_from_db()
    assert link.former_codes == "educateur"
    for path in ("/m/educateur-specialise", "/m/educateur"):
        assert client.get(path)["Location"] == profession.get_absolute_url()
    # The old code is not handed to another page.
    assert free_code(ShortLinkKind.PROFESSION, "educateur") == "educateur-2"


def test_humanise_renames_the_ambiguous_codes_the_site_made_and_keeps_them_working(client):
    from django.core.management import call_command

    campaign = CampaignFactory(slug="region-manipulateur-radio")
    link = main_link(campaign)
    ShortLink.objects.filter(pk=link.pk).update(code="region")  # made by the former rule
    chosen = main_link(ProfessionFactory(slug="infirmier"))
    ShortLink.objects.filter(pk=chosen.pk).update(code="ide")  # chosen by staff: kept

    call_command("humanise_short_links")

    link.refresh_from_db()
    assert (link.code, link.former_codes) == ("region-manipulateur", "region")
    assert client.get("/c/region")["Location"] == campaign.get_absolute_url()
    assert client.get("/c/region-manipulateur")["Location"] == campaign.get_absolute_url()
    chosen.refresh_from_db()
    assert chosen.code == "ide"
