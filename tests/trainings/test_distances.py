"""A typed commune or postcode orders institutes and offers by real distance (« à N km »),
measured from the town hall's position shipped in fixtures/ (DILA, Licence Ouverte 2.0)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import InstituteFactory, TrainingOfferFactory
from trainings.communes import haversine_km, read_town_halls
from trainings.models import Commune

pytestmark = pytest.mark.django_db

INSTITUTES = reverse("trainings:institute_list")
OFFERS = reverse("trainings:offer_list")


@pytest.fixture
def schools():
    """Three placed institutes (Saint-Flour, Clermont-Ferrand, Lyon) and one not placed."""
    placed = {
        "IFAS de Saint-Flour": ("15", "15100", "45.03400", "3.09100"),
        "Institut de Clermont": ("63", "63000", "45.77800", "3.08700"),
        "Institut de Lyon": ("69", "69003", "45.76000", "4.85000"),
    }
    for name, (departement, postcode, lat, lon) in placed.items():
        institute = InstituteFactory(
            name=name,
            departement=departement,
            postcode=postcode,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
        )
        TrainingOfferFactory(institute=institute)
    unplaced = InstituteFactory(name="Institut sans adresse", departement="15", postcode="15000")
    TrainingOfferFactory(institute=unplaced)


def names(response, key="institutes"):
    return [getattr(item, "institute", item).name for item in response.context[key]]


def test_the_region_communes_carry_their_town_hall_position():
    lyon = Commune.objects.get(insee_code="69123")
    assert lyon.has_coordinates
    assert 45.7 < float(lyon.latitude) < 45.8 and 4.8 < float(lyon.longitude) < 4.9
    placed = Commune.objects.filter(latitude__isnull=False).count()
    assert placed == len(read_town_halls()) > 4000


def test_a_typed_commune_orders_institutes_by_kilometres(client, schools):
    response = client.get(INSTITUTES, {"commune": "Saint-Flour"})
    assert names(response) == [
        "IFAS de Saint-Flour",
        "Institut de Clermont",
        "Institut de Lyon",
        "Institut sans adresse",
    ]
    town_hall = Commune.objects.get(insee_code="15187")
    to_lyon = round(haversine_km(town_hall.latitude, town_hall.longitude, 45.76, 4.85))
    page = response.content.decode()
    assert f"à {to_lyon} km" in page
    assert "De Saint-Flour (15), à vol d'oiseau" in page
    assert '<meta name="robots" content="noindex, follow">' in page


def test_a_postcode_works_too(client, schools):
    response = client.get(INSTITUTES, {"commune": "69003"})
    assert names(response)[0] == "Institut de Lyon"


def test_an_unknown_commune_says_so_and_keeps_the_list(client, schools):
    response = client.get(INSTITUTES, {"commune": "Paris"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nous ne trouvons pas «&nbsp;Paris&nbsp;»" in page
    assert len(response.context["institutes"]) == 4


def test_offers_follow_the_same_distance(client, schools):
    response = client.get(OFFERS, {"commune": "Lyon"})
    assert names(response, "offers")[:3] == [
        "Institut de Lyon",
        "Institut de Clermont",
        "IFAS de Saint-Flour",
    ]
    assert "à 0 km" in response.content.decode() or "à 1 km" in response.content.decode()


@pytest.mark.parametrize("count", [1, 6])
def test_query_count_by_distance_is_pinned(client, django_assert_num_queries, count):
    for _ in range(count):
        TrainingOfferFactory(
            institute=InstituteFactory(latitude=Decimal("45.5"), longitude=Decimal("4.5"))
        )
    client.get(INSTITUTES)  # brand and footer partners, cached after
    # the commune, the count for the pages, the institutes, their offers
    with django_assert_num_queries(4):
        response = client.get(INSTITUTES, {"commune": "Vienne"})
    assert response.status_code == 200
