"""Nearest first without sorting every offer by its distance. « Où se former » reads a page
near a position among the offers within a few tens of kilometres, through the index on the
institutes' position (trainings.places.NearestFirstIds); the API reads it in the offers'
`NearestIndex`, kept in memory until the next change. Both give exactly the offers, in
exactly the order, that sorting them all by their distance gives."""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DiplomaFactory, InstituteFactory, TrainingOfferFactory
from trainings import places
from trainings.filters import OFFERS_BY_NAME
from trainings.models import TrainingOffer

pytestmark = pytest.mark.django_db

API = "/api/v1/offres/"
OFFERS = "/formations/"
CLERMONT = {"lat": "45.7797", "lon": "3.0863"}


def fully_sorted(lat, lon):
    """The public offers' ids sorted whole by the database, nearest first from a position."""
    place = places.Place(latitude=float(lat), longitude=float(lon))
    ordered = place.nearest_first(TrainingOffer.objects.public(), "institute__", OFFERS_BY_NAME)
    return list(ordered.values_list("pk", flat=True))


def page_ids(lat, lon, start, stop):
    """A page [start:stop] as « Où se former » reads it (`NearestFirstIds`)."""
    place = places.Place(latitude=float(lat), longitude=float(lon))
    ordered = place.nearest_first(TrainingOffer.objects.public(), "institute__", OFFERS_BY_NAME)
    return list(place.nearest_ids(ordered, "institute__")[start:stop])


@pytest.fixture
def region():
    """Offers around Clermont-Ferrand (within about 20 km), across the region, with ties
    (two offers of one institute, two institutes at the same place), and a school not yet
    placed on the map."""
    rng = random.Random(31)
    diplomas = [DiplomaFactory(level=level) for level in (3, 4, 6)]
    spots = [
        (45.7797 + rng.uniform(-0.15, 0.15), 3.0863 + rng.uniform(-0.2, 0.2)) for _ in range(14)
    ]
    spots += [(rng.uniform(44.2, 46.4), rng.uniform(2.2, 7.0)) for _ in range(16)]
    spots.append(spots[0])  # two institutes at the same place
    for number, (lat, lon) in enumerate(spots):
        institute = InstituteFactory(
            name=f"Institut {number % 7}",
            latitude=Decimal(f"{lat:.6f}"),
            longitude=Decimal(f"{lon:.6f}"),
        )
        for diploma in diplomas[: 1 + number % 2]:
            TrainingOfferFactory(institute=institute, diploma=diploma)
    TrainingOfferFactory(institute=InstituteFactory(name="Institut sans adresse"))


def api_pages(client, size):
    pks, page = [], 1
    while True:
        response = client.get(API, {**CLERMONT, "par_page": size, "page": page})
        if response.status_code == 404:
            return pks
        pks += [item["id"] for item in response.json()["results"]]
        page += 1


def test_every_page_of_the_api_is_the_one_a_full_sort_gives(client, region):
    everything = fully_sorted(**CLERMONT)
    assert len(everything) == 47  # the school not placed on the map comes last
    assert TrainingOffer.objects.get(pk=everything[-1]).institute.latitude is None
    for size in (3, 7, 10, 100):
        assert api_pages(client, size) == everything


def test_from_anywhere_the_api_orders_as_the_database_would(client, region):
    """Random positions across the region, and one on the two institutes at the same place
    (their offers tie, and come in the list's own order)."""
    rng = random.Random(7)
    positions = [
        (f"{rng.uniform(44.2, 46.4):.4f}", f"{rng.uniform(2.2, 7.0):.4f}") for _ in range(12)
    ]
    shared = TrainingOffer.objects.filter(institute__name="Institut 0").first().institute
    positions.append((str(shared.latitude), str(shared.longitude)))
    for lat, lon in positions:
        answer = client.get(API, {"lat": lat, "lon": lon, "par_page": 200}).json()["results"]
        assert [item["id"] for item in answer] == fully_sorted(lat, lon)


def test_the_api_near_a_position_asks_nothing_once_the_offers_are_kept(
    client, region, django_assert_num_queries
):
    """The index is read once per content version: any other position then costs no query,
    and an offer published after it is in the next answer."""
    client.get(API, CLERMONT)
    lyon = {"lat": "45.7640", "lon": "4.8357"}
    client.get(API, {**lyon, "par_page": 200})
    with django_assert_num_queries(0):
        from_lyon = client.get(API, {**lyon, "par_page": 200}).json()
    assert from_lyon["count"] == 47
    new = TrainingOfferFactory(
        institute=InstituteFactory(latitude=Decimal("45.764000"), longitude=Decimal("4.835700"))
    )
    answer = client.get(API, lyon).json()
    assert answer["count"] == 48
    assert answer["results"][0]["id"] == new.pk


def test_a_page_near_a_town_reads_the_offers_around_it_only(region, monkeypatch):
    monkeypatch.setattr(places, "SORT_ALL_BELOW", 0)
    with CaptureQueriesContext(connection) as queries:
        first = page_ids(**CLERMONT, start=0, stop=5)
    assert len(queries.captured_queries) == 1  # one query sorts and slices the page
    sql = queries.captured_queries[0]["sql"]
    assert '"latitude" >=' in sql and '"longitude" <=' in sql and "LIMIT 5" in sql
    assert first == fully_sorted(**CLERMONT)[:5]


def test_every_page_of_the_offers_page_is_the_one_a_full_sort_gives(region, monkeypatch):
    everything = fully_sorted(**CLERMONT)
    monkeypatch.setattr(places, "SORT_ALL_BELOW", 0)
    for size in (3, 7, 10):
        pages = [
            page_ids(**CLERMONT, start=start, stop=start + size) for start in range(0, 47, size)
        ]
        assert sum(pages, []) == everything


def test_far_from_everything_all_are_sorted(region, monkeypatch):
    """Within 75 km of the Cantal's south, fewer offers than the page asks: every offer is
    sorted, and the page is still the nearest."""
    monkeypatch.setattr(places, "SORT_ALL_BELOW", 0)
    far = {"lat": "44.95", "lon": "2.45"}
    assert page_ids(**far, start=0, stop=40) == fully_sorted(**far)[:40]


def test_the_offers_page_follows_the_same_order(client, region, monkeypatch):
    def shown(response):
        return [offer.pk for offer in response.context["offers"]]

    everything = shown(client.get(OFFERS, CLERMONT))
    everything += shown(client.get(OFFERS, {**CLERMONT, "page": 2}))
    assert everything == fully_sorted(**CLERMONT)[:40]
    monkeypatch.setattr(places, "SORT_ALL_BELOW", 0)
    again = shown(client.get(OFFERS, CLERMONT)) + shown(client.get(OFFERS, {**CLERMONT, "page": 2}))
    assert again == everything


def test_a_box_corner_never_comes_before_a_nearer_school_outside_the_box(client, monkeypatch):
    """The box around the circle has corners farther than schools just outside it: a page
    is taken from the box only when its last offer lies inside the circle."""
    monkeypatch.setattr(places, "SORT_ALL_BELOW", 0)
    degrees = places.NEAR_RADII_KM[0] / places.KM_PER_DEGREE
    squeeze = 0.6975  # cos(45.78°)
    spots = {
        "Tout près 1": (45.7797 + 0.01, 3.0863),
        "Tout près 2": (45.7797 - 0.01, 3.0863),
        # In the box's corner: 1.27 × the radius away.
        "Dans le coin": (45.7797 + 0.9 * degrees, 3.0863 + 0.9 * degrees / squeeze),
        # Just north of the box: 1.1 × the radius away, nearer than the corner.
        "Juste au nord": (45.7797 + 1.1 * degrees, 3.0863),
    }
    offers = {}
    for name, (lat, lon) in spots.items():
        offers[name] = TrainingOfferFactory(
            institute=InstituteFactory(
                name=name, latitude=Decimal(f"{lat:.6f}"), longitude=Decimal(f"{lon:.6f}")
            )
        )
    assert page_ids(**CLERMONT, start=0, stop=3)[-1] == offers["Juste au nord"].pk
    page = client.get(API, {**CLERMONT, "par_page": 3}).json()["results"]
    assert [item["institute_name"] for item in page][-1] == "Juste au nord"


def test_places_at_the_same_distance_are_settled_by_the_list_order(client):
    """Two places exactly as far from the position, one holding two institutes: a page ends
    between their offers in the list's order (by institute name), whichever place holds them."""
    offers = {}
    for name, longitude in (("A", "3.500000"), ("B", "2.500000"), ("C", "3.500000")):
        institute = InstituteFactory(
            name=f"Institut {name}", latitude=Decimal("45.000000"), longitude=Decimal(longitude)
        )
        offers[name] = TrainingOfferFactory(institute=institute).pk
    position = {"lat": "45.0", "lon": "3.0"}
    assert fully_sorted(**position) == [offers["A"], offers["B"], offers["C"]]
    page = client.get(API, {**position, "par_page": 2}).json()["results"]
    assert [item["id"] for item in page] == [offers["A"], offers["B"]]
