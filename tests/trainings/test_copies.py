"""An offer's copies of its institute's place and its diploma's order (trainings/copies.py)
follow every change of them: « Où se former » filtered by département and listed by diploma
answers from the offers' own table, never a stale copy (after every test, tests/conftest.py
checks them all too)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careers_site.core.geo import Departement
from tests.careers_site.core.test_migrations import back_to_latest  # noqa: F401 - fixture
from tests.factories import DiplomaFactory, InstituteFactory, TrainingOfferFactory
from tests.trainings.copies import stale_copies
from trainings.merging import merge_institutes
from trainings.models import Institute, Level, Modality, TrainingOffer

OFFERS = reverse("trainings:offer_list")
CHANGELIST = reverse("admin:trainings_institute_changelist")

pytestmark = pytest.mark.django_db


def listed(client, **params):
    """The institutes' names of « Où se former », in the page's order."""
    response = client.get(OFFERS, params)
    assert response.status_code == 200
    return [offer.institute.name for offer in response.context["object_list"]]


def test_an_institute_that_moves_takes_its_offers_to_its_new_departement(client):
    institute = InstituteFactory(name="IFAS de Vichy")
    TrainingOfferFactory(institute=institute)
    assert listed(client, departement="63") == ["IFAS de Vichy"]

    institute.commune, institute.postcode = "Vichy", "03200"
    institute.departement = Departement.ALLIER
    institute.save()

    assert listed(client, departement="03") == ["IFAS de Vichy"]
    assert listed(client, departement="63") == []
    assert TrainingOffer.objects.get().commune == "Vichy"


def test_a_diploma_whose_level_changes_moves_its_offers_in_the_list(client):
    nursing = DiplomaFactory(name="Diplôme d'État d'infirmier", level=Level.LEVEL_6)
    care = DiplomaFactory(name="Diplôme d'État d'aide-soignant", level=None)
    TrainingOfferFactory(diploma=nursing, institute=InstituteFactory(name="IFSI"))
    TrainingOfferFactory(diploma=care, institute=InstituteFactory(name="IFAS"))
    unknown_first = connection.vendor == "sqlite"  # NULL sorts first there, last on PostgreSQL
    assert listed(client) == (["IFAS", "IFSI"] if unknown_first else ["IFSI", "IFAS"])

    care.level = Level.LEVEL_4
    care.save()
    assert listed(client) == ["IFAS", "IFSI"]

    nursing.level, nursing.name = Level.LEVEL_3, "Diplôme d'infirmier (essai)"
    nursing.save(update_fields=["level", "name"])
    assert listed(client) == ["IFSI", "IFAS"]
    assert TrainingOffer.objects.get(diploma=nursing).diploma_name == "Diplôme d'infirmier (essai)"


def test_an_offer_moved_to_another_institute_copies_its_place(client):
    offer = TrainingOfferFactory(institute=InstituteFactory(name="IFSI de Clermont"))
    offer.institute = InstituteFactory(
        name="IFSI de Lyon", commune="Lyon", postcode="69003", departement=Departement.RHONE
    )
    offer.save(update_fields=["institute"])
    assert listed(client, departement="69") == ["IFSI de Lyon"]
    assert listed(client, departement="63") == []

    offer.institute = InstituteFactory(name="IFSI de Vichy", commune="Vichy", departement="03")
    offer.save(update_fields=["institute_id"])  # by its column's name
    assert listed(client, departement="03") == ["IFSI de Vichy"]


def test_a_save_that_leaves_the_place_alone_asks_nothing_of_the_offers():
    institute = TrainingOfferFactory().institute
    institute.uai = "0631234A"
    with CaptureQueriesContext(connection) as queries:
        institute.save(update_fields=["uai"])
    assert queries.captured_queries  # the institute's own UPDATE
    assert not [query for query in queries if "trainings_trainingoffer" in query["sql"]]


def test_merged_offers_take_the_kept_institutes_place(client):
    kept = InstituteFactory(name="IFSI du CHU", commune="Lyon", departement=Departement.RHONE)
    removed = InstituteFactory(name="IFSI du CHU (doublon)")  # Clermont-Ferrand, 63
    TrainingOfferFactory(institute=removed)

    merge_institutes(kept, removed)

    assert listed(client, departement="69") == ["IFSI du CHU"]
    assert listed(client, departement="63") == []


def test_offers_added_in_bulk_to_institutes_copy_their_place(regional_editor):
    diploma = DiplomaFactory(name="Diplôme d'État d'essai", level=Level.LEVEL_5)
    lyon = InstituteFactory(commune="Lyon", departement=Departement.RHONE)
    vichy = InstituteFactory(commune="Vichy", departement=Departement.ALLIER)
    regional_editor.post(
        CHANGELIST,
        {
            "action": "add_offers",
            ACTION_CHECKBOX_NAME: [lyon.pk, vichy.pk],
            "apply": "1",
            "diploma": diploma.pk,
            "modality": Modality.INITIAL,
        },
    )
    copies = TrainingOffer.objects.order_by("commune").values_list(
        "departement", "commune", "diploma_level", "diploma_name"
    )
    assert list(copies) == [
        ("69", "Lyon", Level.LEVEL_5, "Diplôme d'État d'essai"),
        ("03", "Vichy", Level.LEVEL_5, "Diplôme d'État d'essai"),
    ]


def test_a_place_written_in_bulk_is_copied_when_the_rewrite_is_announced(client):
    institute = InstituteFactory(name="IFAS de Vichy")
    TrainingOfferFactory(institute=institute)
    # Written without save(), as a bulk load does; then announced (rebuild_search).
    Institute.objects.filter(pk=institute.pk).update(commune="Vichy", departement="03")
    assert stale_copies()

    call_command("rebuild_search", verbosity=0)

    assert stale_copies() == {}
    assert listed(client, departement="03") == ["IFAS de Vichy"]


BEFORE = [("trainings", "0021_institute_position_index")]
AFTER = [("trainings", "0022_offer_copies_of_place_and_diploma_order")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_offers_saved_before_the_copies_existed_get_them():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    diploma = old.get_model("trainings", "Diploma").objects.create(
        name="Diplôme d'État d'ambulancier", slug="deamb", level=3
    )
    institute = old.get_model("trainings", "Institute").objects.create(
        name="IFA de Lyon", slug="ifa-lyon", kind="ifa", commune="Lyon", departement="69"
    )
    old.get_model("trainings", "TrainingOffer").objects.create(
        diploma=diploma, institute=institute, modality="initial"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    offer = new.get_model("trainings", "TrainingOffer").objects.get()
    assert (offer.departement, offer.commune, offer.diploma_level, offer.diploma_name) == (
        "69",
        "Lyon",
        3,
        "Diplôme d'État d'ambulancier",
    )
