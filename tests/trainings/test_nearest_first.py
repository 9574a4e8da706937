"""Nearest first without sorting every offer by its distance (trainings.places.NearestFirstIds):
a page near a position is read among the offers within a few tens of kilometres, through the
index on the institutes' position, and holds exactly the offers, in exactly the order, that
sorting them all would give."""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DiplomaFactory, InstituteFactory, TrainingOfferFactory
from trainings import places

pytestmark = pytest.mark.django_db

API = "/api/v1/offres/"
OFFERS = "/formations/"
CLERMONT = {"lat": "45.7797", "lon": "3.0863"}


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


def test_every_page_is_the_one_a_full_sort_gives(client, region, monkeypatch):
    everything = api_pages(client, 100)  # a few rows: all sorted by their distance
    assert len(everything) == 47  # the school not placed on the map comes last
    monkeypatch.setattr(places, "SORT_ALL_BELOW", 0)
    for size in (3, 7, 10):
        assert api_pages(client, size) == everything


def test_a_page_near_a_town_reads_the_offers_around_it_only(client, region, monkeypatch):
    monkeypatch.setattr(places, "SORT_ALL_BELOW", 0)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(API, {**CLERMONT, "par_page": 5}).json()["results"]
    sorted_ids = [q["sql"] for q in queries.captured_queries if "LIMIT 5" in q["sql"]]
    assert len(sorted_ids) == 1  # one query sorts and slices the page
    assert '"latitude" >=' in sorted_ids[0] and '"longitude" <=' in sorted_ids[0]
    assert [item["distance_km"] for item in first] == sorted(item["distance_km"] for item in first)
    assert all(item["distance_km"] <= 25 for item in first)


def test_far_from_everything_all_are_sorted(client, region, monkeypatch):
    """Within 75 km of the Cantal's south, fewer offers than the page asks: every offer is
    sorted, and the page is still the nearest."""
    monkeypatch.setattr(places, "SORT_ALL_BELOW", 0)
    far = {"lat": "44.95", "lon": "2.45"}
    pks = [item["id"] for item in client.get(API, {**far, "par_page": 40}).json()["results"]]
    monkeypatch.setattr(places, "SORT_ALL_BELOW", 10_000)
    assert pks == [
        item["id"] for item in client.get(API, {**far, "par_page": 40}).json()["results"]
    ]


def test_the_offers_page_follows_the_same_order(client, region, monkeypatch):
    def shown(response):
        return [offer.pk for offer in response.context["offers"]]

    everything = shown(client.get(OFFERS, CLERMONT))
    everything += shown(client.get(OFFERS, {**CLERMONT, "page": 2}))
    monkeypatch.setattr(places, "SORT_ALL_BELOW", 0)
    again = shown(client.get(OFFERS, CLERMONT)) + shown(client.get(OFFERS, {**CLERMONT, "page": 2}))
    assert again == everything
    assert len(everything) == 40


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
    for name, (lat, lon) in spots.items():
        TrainingOfferFactory(
            institute=InstituteFactory(
                name=name, latitude=Decimal(f"{lat:.6f}"), longitude=Decimal(f"{lon:.6f}")
            )
        )
    page = client.get(API, {**CLERMONT, "par_page": 3}).json()["results"]
    assert [item["institute_name"] for item in page][-1] == "Juste au nord"
