import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careers_site.core.models import Status
from tests.factories import (
    DiplomaFactory,
    FinancialAidFactory,
    InstituteFactory,
    TrainingOfferFactory,
)
from trainings.models import Diploma, FinancialAid, Institute, TrainingOffer

pytestmark = pytest.mark.django_db

MODELS = {
    Diploma: DiplomaFactory,
    Institute: InstituteFactory,
    TrainingOffer: TrainingOfferFactory,
    FinancialAid: FinancialAidFactory,
}


def admin_url(model, view, *args):
    return reverse(f"admin:trainings_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_open(staff_client, model):
    obj = MODELS[model]()
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ):
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("model", "queries"),
    # session, user, two counts, settings, rows, date hierarchy (2), and one query for the
    # choices of a related-field filter (offer: diploma; aid: provider); plus the savepoint
    # and its release around the page: django-reversion keeps a revision for list actions
    [(Diploma, 10), (Institute, 10), (TrainingOffer, 11), (FinancialAid, 11)],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_changelist_query_count_is_pinned(staff_client, model, queries):
    url = admin_url(model, "changelist")

    def queries_for_the_changelist():
        staff_client.get(url)  # warm the session and the cached brand/footer
        with CaptureQueriesContext(connection) as ctx:
            response = staff_client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    MODELS[model]()
    assert queries_for_the_changelist() == queries
    MODELS[model].create_batch(5)
    assert queries_for_the_changelist() == queries


def test_offer_changelist_shows_the_application_window(staff_client):
    TrainingOfferFactory(
        applications_open=datetime.date(2030, 1, 13), applications_close=datetime.date(2030, 6, 4)
    )
    page = staff_client.get(admin_url(TrainingOffer, "changelist")).content.decode()
    assert "13/01/2030 → 04/06/2030" in page


def institute_form_data(institute, offers):
    """The institute's change form as the admin posts it, with `offers` as inline rows."""
    data = {
        "name": institute.name,
        "acronym": "",
        "slug": institute.slug,
        "kind": institute.kind,
        "parent_organisation": "",
        "description": "",
        "labels": "",
        "accessibility": "",
        "address": "",
        "postcode": institute.postcode,
        "commune": institute.commune,
        "departement": institute.departement,
        "latitude": "",
        "longitude": "",
        "phone": "",
        "email": "",
        "website": "",
        "status": Status.PUBLISHED,
        "published_at_0": "2026-01-01",
        "published_at_1": "10:00:00",
        "offers-TOTAL_FORMS": str(len(offers)),
        "offers-INITIAL_FORMS": "0",
        "offers-MIN_NUM_FORMS": "0",
        "offers-MAX_NUM_FORMS": "1000",
    }
    for index, offer in enumerate(offers):
        row = {
            "diploma": "",
            "modality": "initiale",
            "status": Status.PUBLISHED,
            "published_at_0": "2026-01-01",
            "published_at_1": "10:00:00",
            "places": "",
            "intake_month": "",
            "start_date": "",
            "applications_open": "",
            "applications_close": "",
            "results_date": "",
            "application_note": "",
            "application_url": "",
            "fees": "",
            "last_verified": "",
        } | offer
        data |= {f"offers-{index}-{key}": value for key, value in row.items()}
    return data


def test_editor_adds_an_offer_under_an_institute(staff_client):
    institute = InstituteFactory()
    diploma = DiplomaFactory()

    response = staff_client.post(
        admin_url(Institute, "change", institute.pk),
        institute_form_data(
            institute,
            [{"diploma": str(diploma.pk), "places": "15", "applications_open": "13/01/2030"}],
        ),
    )

    assert response.status_code == 302, response.context["errors"]
    offer = institute.offers.get()
    assert offer.diploma == diploma
    assert offer.places == 15
    assert offer.applications_open == datetime.date(2030, 1, 13)


def test_inline_refuses_a_window_closing_before_it_opens(staff_client):
    institute = InstituteFactory()
    diploma = DiplomaFactory()

    response = staff_client.post(
        admin_url(Institute, "change", institute.pk),
        institute_form_data(
            institute,
            [
                {
                    "diploma": str(diploma.pk),
                    "applications_open": "04/06/2030",
                    "applications_close": "13/01/2030",
                }
            ],
        ),
    )

    assert response.status_code == 200
    assert "La clôture des candidatures ne peut pas précéder leur ouverture" in (
        response.content.decode()
    )
    assert not institute.offers.exists()


def test_database_refuses_a_window_closing_before_it_opens():
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingOfferFactory(
            applications_open=datetime.date(2030, 6, 4),
            applications_close=datetime.date(2030, 1, 13),
        )


def test_offer_form_shows_a_french_message_instead_of_an_error_page(staff_client):
    diploma = DiplomaFactory()
    institute = InstituteFactory()

    response = staff_client.post(
        admin_url(TrainingOffer, "add"),
        {
            "diploma": diploma.pk,
            "institute": institute.pk,
            "modality": "initiale",
            "applications_open": "04/06/2030",
            "applications_close": "13/01/2030",
            "status": Status.DRAFT,
            "published_at_0": "2026-01-01",
            "published_at_1": "10:00:00",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["applications_close"] == [
        "La clôture des candidatures ne peut pas précéder leur ouverture : vérifiez les deux dates."
    ]
    assert not TrainingOffer.objects.exists()


def test_publish_action_makes_an_institute_public(staff_client):
    institute = InstituteFactory(draft=True)

    staff_client.post(
        admin_url(Institute, "changelist"),
        {"action": "publish_now", "_selected_action": [institute.pk]},
    )

    institute.refresh_from_db()
    assert institute.is_public
