"""The read-only API: every answer matches the published OpenAPI schema, only public content
goes out, the filters give what the pages give, bad input is a French 400, the query counts are
fixed, and the answers are cacheable and open to other sites."""

import datetime
import json

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_spec_validator import validate
from rest_framework.renderers import JSONRenderer

from campaigns.models import Event
from careers_site.opendata.api import VIEWSETS
from careers_site.opendata.views import openapi_schema
from tests import factories
from tests.factories import (
    CampaignFactory,
    DiplomaFactory,
    EventFactory,
    FinancialAidFactory,
    InstituteFactory,
    ProfessionFactory,
    TrainingOfferFactory,
    VideoFactory,
)
from trainings.communes import haversine_km
from trainings.filters import OFFER_FILTERS
from trainings.models import ParcoursupFigures

pytestmark = pytest.mark.django_db

LISTS = [
    "metiers",
    "diplomes",
    "etablissements",
    "offres",
    "aides",
    "evenements",
    "campagnes",
    "videos",
]
# Queries of a list: the count, the page, then one per prefetched relation.
LIST_QUERIES = {
    "metiers": 4,  # + interests, published diplomas
    "diplomes": 3,  # + published professions
    "etablissements": 3,  # + public offers with their diploma
    # its count (kept until the next change: + once per change, when that change is), the
    # page sorted as ids, then the rows of the offers not kept yet, their Parcoursup figures
    "offres": 4 + 1,
    "aides": 3,
    "evenements": 3,
    "campagnes": 3,
    "videos": 3,
}
DETAIL_QUERIES = {key: count - 1 for key, count in LIST_QUERIES.items()}  # no count
DETAIL_QUERIES["offres"] = 2  # the offer, its Parcoursup figures


@pytest.fixture
def world():
    """One published item of every kind, linked, and one hidden item of every kind."""
    profession = ProfessionFactory(slug="aide-soignant", rome_code="J1501")
    diploma = DiplomaFactory(slug="deas", professions=[profession])
    institute = InstituteFactory(
        slug="ifas-saint-flour",
        departement="15",
        commune="Saint-Flour",
        postcode="15100",
        latitude=45.03,
        longitude=3.09,
    )
    offer = TrainingOfferFactory(diploma=diploma, institute=institute)
    aid = FinancialAidFactory(slug="bourse")
    aid.professions.add(profession)
    campaign = CampaignFactory(slug="prendre-soin")
    campaign.professions.add(profession)
    video = VideoFactory(campaign=campaign, slug="episode-1", episode_number=1)
    video.professions.add(profession)
    event = EventFactory(campaign=campaign, slug="salon", departement="63")
    event.professions.add(profession)
    hidden = {
        "metiers": ProfessionFactory(slug="brouillon", draft=True),
        "diplomes": DiplomaFactory(slug="programme", scheduled=True),
        "etablissements": InstituteFactory(slug="institut-brouillon", draft=True),
        "aides": FinancialAidFactory(slug="aide-brouillon", draft=True),
        "evenements": EventFactory(slug="evenement-programme", scheduled=True),
        "campagnes": CampaignFactory(slug="campagne-brouillon", draft=True),
        "videos": VideoFactory(
            slug="droits-expires",
            campaign=campaign,
            rights_expire_on=timezone.localdate() - datetime.timedelta(days=1),
        ),
    }
    # Offers hidden by their own state or by their diploma's or institute's.
    hidden_offers = [
        TrainingOfferFactory(diploma=diploma, institute=institute, draft=True),
        TrainingOfferFactory(diploma=hidden["diplomes"], institute=institute),
        TrainingOfferFactory(diploma=diploma, institute=hidden["etablissements"]),
    ]
    # A hidden profession linked to public items must not show among their slugs.
    diploma.professions.add(hidden["metiers"])
    return {
        "metiers": profession,
        "diplomes": diploma,
        "etablissements": institute,
        "offres": offer,
        "aides": aid,
        "evenements": event,
        "campagnes": campaign,
        "videos": video,
        "hidden": hidden,
        "hidden_offers": hidden_offers,
    }


@pytest.fixture(scope="module")
def openapi():
    return OpenAPI.from_dict(openapi_schema())


def check_against_schema(openapi, response):
    openapi.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )


def list_url(key, **params):
    from urllib.parse import urlencode

    url = reverse(f"opendata:{key}-list")
    return url + ("?" + urlencode(params, doseq=True) if params else "")


def detail_url(key, item):
    lookup = {"pk": item.pk} if key == "offres" else {"slug": item.slug}
    return reverse(f"opendata:{key}-detail", kwargs=lookup)


def test_the_schema_is_a_valid_openapi_3_document(client):
    response = client.get(reverse("opendata:schema"))
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    validate(schema)
    assert {f"/api/v1/{key}/" for key in LISTS} <= set(schema["paths"])


@pytest.mark.parametrize("key", LISTS)
def test_each_list_answers_in_fixed_queries_and_matches_the_schema(
    client, world, openapi, key, django_assert_num_queries
):
    with django_assert_num_queries(LIST_QUERIES[key]):
        response = client.get(list_url(key))
    assert response.status_code == 200
    check_against_schema(openapi, response)
    data = response.json()
    assert [item["id"] for item in data["results"]] == [world[key].pk]
    assert data["results"][0]["url"] == "http://testserver" + world[key].get_absolute_url()


@pytest.mark.parametrize("key", LISTS)
def test_each_detail_answers_in_fixed_queries_and_matches_the_schema(
    client, world, openapi, key, django_assert_num_queries
):
    with django_assert_num_queries(DETAIL_QUERIES[key]):
        response = client.get(detail_url(key, world[key]))
    assert response.status_code == 200
    check_against_schema(openapi, response)
    assert response.json()["id"] == world[key].pk


@pytest.mark.parametrize("key", [key for key in LISTS if key != "offres"])
def test_hidden_items_never_leak(client, world, key):
    hidden = world["hidden"][key]
    assert client.get(detail_url(key, hidden)).status_code == 404
    listed = {item["slug"] for item in client.get(list_url(key)).json()["results"]}
    assert hidden.slug not in listed


def test_hidden_offers_and_professions_never_leak(client, world):
    for offer in world["hidden_offers"]:
        assert client.get(detail_url("offres", offer)).status_code == 404
    diploma = client.get(detail_url("diplomes", world["diplomes"])).json()
    assert diploma["professions"] == ["aide-soignant"]
    institute = client.get(detail_url("etablissements", world["etablissements"])).json()
    assert institute["diplomas"] == ["deas"]


def test_the_list_length_stays_fixed_in_queries_with_more_items(
    client, world, django_assert_num_queries
):
    for _ in range(5):
        offer = TrainingOfferFactory()
        offer.diploma.professions.add(ProfessionFactory())
    with django_assert_num_queries(LIST_QUERIES["etablissements"]):
        assert len(client.get(list_url("etablissements")).json()["results"]) == 6
    with django_assert_num_queries(LIST_QUERIES["diplomes"]):
        assert len(client.get(list_url("diplomes")).json()["results"]) == 6


def offers_on_page(client, **params):
    from urllib.parse import urlencode

    response = client.get(reverse("trainings:offer_list") + "?" + urlencode(params, doseq=True))
    return [offer.pk for offer in response.context["offers"]]


def offers_in_api(client, **params):
    return [item["id"] for item in client.get(list_url("offres", **params)).json()["results"]]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"departement": "15"},
        {"departement": "63"},
        {"diplome": "deas"},
        {"metier": "aide-soignant"},
        {"modalite": ["apprentissage", "initiale"]},
        {"ouvertes": "1"},
        {"rentree": "9"},
        {"lat": "45.7", "lon": "4.8"},
        {"departement": "63", "modalite": "continue", "diplome": "deas"},
        {"adultes": "1"},
        {"adultes": "1", "departement": "69"},
        {"parcoursup": "1"},
        {"parcoursup": "1", "departement": "15"},
    ],
)
def test_offer_filters_give_the_same_offers_as_the_page(client, world, params):
    today = timezone.localdate()
    for departement, commune, lat in (("63", "Clermont-Ferrand", 45.78), ("69", "Lyon", None)):
        institute = InstituteFactory(
            departement=departement,
            commune=commune,
            latitude=lat,
            longitude=3.08 if lat else None,
        )
        TrainingOfferFactory(diploma=world["diplomes"], institute=institute, modality="continue")
        TrainingOfferFactory(
            institute=institute,
            modality="apprentissage",
            intake_month=1,
            applications_open=today - datetime.timedelta(days=2),
            applications_close=today + datetime.timedelta(days=2),
        )
        TrainingOfferFactory(institute=institute, application_route="parcoursup")
    assert offers_in_api(client, **params) == offers_on_page(client, **params)


@pytest.mark.parametrize("params", [{}, {"lat": "45.7", "lon": "4.8"}])
def test_offers_page_by_page_are_the_whole_list_in_order(client, world, params):
    """The pages are sorted as ids, then read: page after page, the same offers in the same
    order as one long page, each once, with their fields."""
    for number, (departement, lat) in enumerate((("63", 45.78), ("69", None), ("15", 44.93))):
        institute = InstituteFactory(
            departement=departement, latitude=lat, longitude=3.08 if lat else None
        )
        TrainingOfferFactory(diploma=world["diplomes"], institute=institute)
        TrainingOfferFactory(institute=institute, modality="apprentissage", intake_month=number + 1)
    whole = client.get(list_url("offres", par_page="200", **params)).json()["results"]
    assert len(whole) >= 6
    paged = []
    for page in range(1, len(whole) // 2 + 2):
        response = client.get(list_url("offres", par_page="2", page=str(page), **params))
        if response.status_code == 404:
            break
        paged += response.json()["results"]
    assert paged == whole


def test_every_filter_of_the_offers_page_is_a_documented_parameter_of_the_api(client, world):
    """The page and the API read one declaration: `adultes` (the page's since issue 15) is
    accepted and documented, not « Paramètre inconnu »."""
    response = client.get(list_url("offres", adultes="1"))
    assert response.status_code == 200
    documented = {
        parameter["name"]
        for parameter in openapi_schema()["paths"]["/api/v1/offres/"]["get"]["parameters"]
    }
    assert documented == {*OFFER_FILTERS.names, "page", "par_page"}
    assert "adultes" in documented


def test_institutes_of_a_departement_and_nearest_first(client, world):
    near = InstituteFactory(departement="15", commune="Aurillac", latitude=44.93, longitude=2.44)
    InstituteFactory(departement="63")
    data = client.get(list_url("etablissements", departement="15")).json()
    assert {item["slug"] for item in data["results"]} == {"ifas-saint-flour", near.slug}
    data = client.get(list_url("etablissements", lat="44.92", lon="2.45")).json()
    assert data["results"][0]["slug"] == near.slug
    assert 0 < data["results"][0]["distance_km"] < 3
    assert data["results"][-1]["distance_km"] is None  # not on the map: last


def test_other_filters(client, world):
    assert client.get(list_url("metiers", diplome="deas")).json()["count"] == 1
    assert client.get(list_url("metiers", diplome="programme")).json()["count"] == 0
    assert client.get(list_url("diplomes", metier="aide-soignant")).json()["count"] == 1
    assert client.get(list_url("diplomes", metier="brouillon")).json()["count"] == 0
    assert client.get(list_url("aides", metier="aide-soignant")).json()["count"] == 1
    assert client.get(list_url("evenements", departement="15")).json()["count"] == 0
    assert client.get(list_url("evenements", periode="passes")).json()["count"] == 0
    assert client.get(list_url("videos", campagne="prendre-soin")).json()["count"] == 1


@pytest.mark.parametrize(
    "params, words",
    [
        ({"inconnu": "1"}, "Paramètre inconnu"),
        ({"departement": "99"}, "Valeur inconnue"),
        ({"departement": ["15", "63"]}, "qu'une fois"),
        ({"modalite": "<script>"}, "Valeur inconnue"),
        ({"diplome": "' OR 1=1 --"}, "slug"),
        ({"diplome": "x" * 5000}, "slug"),
        ({"ouvertes": "peut-être"}, "1 (oui)"),
        ({"lat": "45.7"}, "ensemble"),
        ({"lat": "nan", "lon": "4"}, "nombre"),
        ({"lat": "1e308", "lon": "4"}, "nombre"),
        ({"lat": "90", "lon": "4"}, "nombre"),
        ({"page": "0"}, "entier"),
        ({"page": "-1"}, "entier"),
        ({"page": "abc"}, "entier"),
        ({"par_page": "201"}, "entier"),
        ({"par_page": "1\x00"}, "entier"),
        ({"par_page": "²"}, "entier"),
        ({"diplome": "deas\n"}, "slug"),
        ({"rentree": "13"}, "Valeur inconnue"),
    ],
)
def test_bad_parameters_get_a_french_400(client, world, openapi, params, words):
    response = client.get(list_url("offres", **params))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert words in response.json()["detail"]
    assert "<script>" not in response.content.decode()
    check_against_schema(openapi, response)


def test_details_take_no_parameter_and_unknown_addresses_answer_json(client, world):
    response = client.get(detail_url("metiers", world["metiers"]) + "?x=1")
    assert response.status_code == 400
    response = client.get("/api/v1/inconnu/")
    assert response.status_code == 404
    assert "/api/v1/" in response.json()["detail"]
    response = client.get(list_url("metiers", page="999"))
    assert response.status_code == 404
    assert response.json()["detail"]


def test_pagination_is_bounded(client, world):
    for _ in range(3):
        ProfessionFactory()
    data = client.get(list_url("metiers", par_page="2")).json()
    assert data["count"] == 4 and len(data["results"]) == 2
    assert "page=2" in data["next"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_reading_is_allowed(client, world, method):
    response = getattr(client, method)(list_url("metiers"))
    assert response.status_code == 405
    assert "non autorisée" in response.json()["detail"]
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_open_to_other_sites(client, world):
    response = client.get(list_url("metiers"), HTTP_ORIGIN="https://exemple.fr")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(list_url("metiers"), HTTP_ORIGIN="https://exemple.fr")
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_answers_are_cached_revalidated_and_forgotten_on_change(client, world, settings):
    settings.PAGE_CACHE_ENABLED = True
    url = list_url("metiers")
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert first["Access-Control-Allow-Origin"] == "*"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    profession = world["metiers"]
    profession.tagline = "Une nouvelle accroche."
    profession.save()
    fresh = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200
    assert fresh.json()["results"][0]["tagline"] == "Une nouvelle accroche."


def test_the_throttle_answers_429_in_french(client, world, settings, monkeypatch):
    from careers_site.opendata.throttling import SiteWideThrottle

    monkeypatch.setattr(SiteWideThrottle, "THROTTLE_RATES", {"api": "2/min"})
    for _ in range(2):
        assert client.get(list_url("metiers")).status_code == 200
    response = client.get(list_url("metiers"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"].startswith("Trop de requêtes")


def test_only_json_is_offered(client, world):
    response = client.get(list_url("metiers"), HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert "JSON" in response.json()["detail"]


def test_root_lists_every_endpoint(client):
    data = client.get("/api/v1/").json()
    assert set(data["listes"]) == set(LISTS)
    assert client.get("/api/").status_code == 302


def test_events_past_and_upcoming(client, world):
    past = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=10),
        ends_at=None,
    )
    assert Event.objects.published().past().filter(pk=past.pk).exists()

    def slugs(period):
        answer = client.get(list_url("evenements", periode=period)).json()
        return [event["slug"] for event in answer["results"]]

    assert slugs("passes") == [past.slug]
    assert past.slug not in slugs("a-venir")


def test_past_events_come_latest_first(client, world):
    """The API's past events read as the agenda's: the latest first, and at the same start,
    the one added last first."""
    now = timezone.now()
    older = EventFactory(starts_at=now - datetime.timedelta(days=30), ends_at=None)
    first_of_two = EventFactory(starts_at=now - datetime.timedelta(days=2), ends_at=None)
    second_of_two = EventFactory(starts_at=first_of_two.starts_at, ends_at=None)
    latest = EventFactory(starts_at=now - datetime.timedelta(days=1), ends_at=None)
    answer = client.get(list_url("evenements", periode="passes")).json()
    assert [event["slug"] for event in answer["results"]] == [
        latest.slug,
        second_of_two.slug,
        first_of_two.slug,
        older.slug,
    ]


def test_video_of_a_hidden_campaign_shows_no_campaign(client, world):
    campaign = factories.CampaignFactory(draft=True)
    video = VideoFactory(campaign=campaign)
    assert client.get(detail_url("videos", video)).json()["campaign"] is None


def test_upcoming_events_of_a_departement_are_those_of_the_agenda(client, world):
    for departement in ("15", "63", "63"):
        EventFactory(departement=departement)
    EventFactory(
        departement="63",
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=None,
    )
    for departement in ("63", "15"):
        page = client.get(reverse("campaigns:event_list"), {"departement": departement})
        on_page = [event.pk for event in page.context["upcoming_events"]]
        answer = client.get(list_url("evenements", departement=departement, periode="a-venir"))
        assert [event["id"] for event in answer.json()["results"]] == on_page


def test_the_agenda_and_the_api_read_one_declaration_of_the_events_filters(client, world):
    """A job's events: the agenda's list and counts, and the API, from `EVENT_FILTERS`."""
    of_the_job = [world["evenements"]]  # the fair in the 63
    for departement in ("15", "63"):
        of_the_job.append(EventFactory(departement=departement))
        of_the_job[-1].professions.add(world["metiers"])
    other = EventFactory(departement="63")
    params = {"metier": world["metiers"].slug}
    page = client.get(reverse("campaigns:event_list"), params)
    on_page = [event.pk for event in page.context["upcoming_events"]]
    assert set(on_page) == {event.pk for event in of_the_job}
    assert other.pk not in on_page
    counts = {c["value"]: c["count"] for c in page.context["departement_choices"]}
    assert (counts["63"], counts["15"]) == (2, 1)
    answer = client.get(list_url("evenements", periode="a-venir", **params))
    assert [event["id"] for event in answer.json()["results"]] == on_page


hostile_value = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["<script>alert(1)</script>", "' OR 1=1 --", "\x00", "../../etc", "1e999"]),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_parameters_get_200_or_a_json_400_never_an_error(client, data):
    key = data.draw(st.sampled_from(LISTS))
    names = [param.name for param in VIEWSETS[key].filters] + ["page", "par_page", "x"]
    params = data.draw(
        st.dictionaries(st.sampled_from(names), hostile_value, min_size=1, max_size=3)
    )
    response = client.get(list_url(key, **params))
    assert response.status_code in (200, 400, 404), (key, params)
    assert response["Content-Type"] == "application/json"
    assert "<script>" not in response.content.decode()


def test_an_offer_carries_its_parcoursup_code_and_latest_figures(client, openapi):
    offer = TrainingOfferFactory(parcoursup_code="25197", application_route="parcoursup")
    for session, rate in ((2024, "47"), (2025, "50")):
        ParcoursupFigures.objects.create(
            offer=offer,
            session=session,
            training_label="OCELLIA - D.E Educateur de Jeunes Enfants",
            capacity=68,
            admitted=67,
            access_rate=rate,
            share_general="43",
            imported_at=timezone.now(),
        )
    other = TrainingOfferFactory()
    response = client.get(detail_url("offres", offer))
    check_against_schema(openapi, response)
    data = response.json()
    assert (data["parcoursup_code"], data["application_route"]) == ("25197", "parcoursup")
    assert (data["parcoursup_session"], data["parcoursup_access_rate"]) == (2025, 50.0)
    assert (data["parcoursup_capacity"], data["parcoursup_admitted"]) == (68, 67)
    assert data["parcoursup_share_general"] == 43.0
    assert data["parcoursup_candidates"] is None  # not published: null, never 0
    data = client.get(detail_url("offres", other)).json()
    assert data["parcoursup_code"] == "" and data["parcoursup_session"] is None


def test_unknown_facts_are_null_where_the_schema_allows_it(client, openapi):
    """The probe found null where the schema said string: a diploma without a level, a
    profession without an entry level, an aid without a provider (lists and details)."""
    items = {
        "diplomes": DiplomaFactory(level=None),
        "metiers": ProfessionFactory(entry_level=None),
        "aides": FinancialAidFactory(provider=None),
    }
    for key, item in items.items():
        for url in (list_url(key), detail_url(key, item)):
            response = client.get(url)
            assert response.status_code == 200
            check_against_schema(openapi, response)
    assert client.get(detail_url("diplomes", items["diplomes"])).json()["level_label"] is None
    assert client.get(detail_url("aides", items["aides"])).json()["provider"] is None


@pytest.mark.parametrize(
    "url",
    ["/api/v1/schema/", "/api/v1/inconnu/", "/api/v1/metiers/inconnu/", "/api/v1/metiers/?page=9"],
)
def test_the_schema_and_the_404s_are_open_to_other_sites_too(client, url):
    """A page of another site reading the API sees its schema and its errors, as its
    answers: without the header the browser hides them."""
    response = client.get(url, HTTP_ORIGIN="https://exemple.fr")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_offers_kept_answer_the_same_with_their_distance_from_each_position(
    client, world, django_assert_num_queries
):
    """Each offer's answer is kept until the next change, without its distance, and the
    offers' places (`NearestIndex`): a page read again, from any position, costs no query,
    and each position gets its own distances."""
    world["offres"].institute.latitude, world["offres"].institute.longitude = 45.03, 3.09
    world["offres"].institute.save()
    near_clermont = list_url("offres", lat="45.78", lon="3.08")
    first = client.get(near_clermont).json()
    with django_assert_num_queries(0):  # the page's ids, its count and its offers kept
        again = client.get(near_clermont).json()
        from_lyon = client.get(list_url("offres", lat="45.76", lon="4.84")).json()["results"][0]
    assert again == first
    from_clermont = first["results"][0]
    assert from_clermont["distance_km"] == round(haversine_km(45.78, 3.08, 45.03, 3.09), 1)
    assert from_lyon["distance_km"] == round(haversine_km(45.76, 4.84, 45.03, 3.09), 1)
    assert from_lyon["distance_km"] > from_clermont["distance_km"] > 80
    assert {**from_lyon, "distance_km": None} == {**from_clermont, "distance_km": None}
    assert client.get(list_url("offres")).json()["results"][0]["distance_km"] is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_the_query_near_a_point_is_planned_once_per_connection_on_postgresql(client, world):
    """Its parameters bound by the server, the same statement run again is prepared: the
    planner's work (twice the query's own on the régional set) is not done at each page of
    « Où se former » near a position."""
    world["offres"].institute.latitude, world["offres"].institute.longitude = 45.03, 3.09
    world["offres"].institute.save()
    for latitude in ("45.78", "45.70", "45.60", "45.50", "45.40", "45.30", "45.20"):
        assert client.get("/formations/", {"lat": latitude, "lon": "3.08"}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('"trainings_institute"."latitude"' in statement for statement in prepared)


def test_an_edited_offer_is_answered_at_once(client, world):
    offer = world["offres"]
    assert client.get(list_url("offres")).json()["results"][0]["places"] != 61
    offer.places = 61
    offer.save()
    assert client.get(list_url("offres")).json()["results"][0]["places"] == 61


def test_a_page_of_the_same_filters_read_again_costs_no_query(
    client, world, django_assert_num_queries
):
    """Without a position, the page's ids are kept under the filters and the slice, and each
    offer's answer: the same page again is answered from what is kept."""
    url = list_url("offres", departement=world["offres"].institute.departement)
    first = client.get(url).json()
    with django_assert_num_queries(0):
        assert client.get(url).json() == first
    assert client.get(list_url("offres", page="2")).status_code == 404  # out of range: no key


@pytest.mark.parametrize("position", [{}, {"lat": "45.78", "lon": "3.08"}])
def test_the_offers_kept_as_json_are_byte_for_byte_what_drf_renders(client, position):
    """The answers kept encoded and spliced into the page (`opendata/rendering.py`) are the
    bytes DRF's renderer gives the same page: accents, quotes, a line separator, a missing
    place, a distance written in its place."""
    placed = InstituteFactory(
        name='IFSI « Léon-Bérard »\u2028"Lyon"', latitude=45.76, longitude=4.84
    )
    unplaced = InstituteFactory(name="IFAS d'Aurillac", latitude=None, longitude=None)
    TrainingOfferFactory(institute=placed, fees="Gratuit : coût pris en charge à 100 %")
    TrainingOfferFactory(institute=unplaced)
    for _ in range(2):  # built, then read from what is kept
        response = client.get(list_url("offres", **position))
        assert response.status_code == 200
        answer = json.loads(response.content)
        assert response.content == JSONRenderer().render(answer)
        distances = {item["institute_name"]: item["distance_km"] for item in answer["results"]}
        assert distances["IFAS d'Aurillac"] is None
        assert (distances[placed.name] is None) == (not position)
        assert "\u2028" not in response.content.decode() and "\\u2028" in response.content.decode()
