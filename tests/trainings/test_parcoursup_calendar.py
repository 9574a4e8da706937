"""The Parcoursup calendar: the phase and the next date an offer shows, on the day before, the
day and the day after each key date; « not yet published » when no date is entered."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from reversion.models import Version

from trainings.models import ApplicationRoute
from trainings.parcoursup_calendar import PARCOURSUP_URL, PHASE_AFTER, STEPS, Step, calendar_today

from ..factories import (
    DiplomaFactory,
    InstituteFactory,
    ParcoursupKeyDateFactory,
    ParcoursupSessionFactory,
    TrainingOfferFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
# A whole session in the order of its steps (test dates, far from any real session).
SESSION_DATES = {
    Step.OPENING: datetime.date(2039, 12, 18),
    Step.REGISTRATION: datetime.date(2040, 1, 20),
    Step.WISHES_DEADLINE: datetime.date(2040, 3, 13),
    Step.CONFIRMATION_DEADLINE: datetime.date(2040, 4, 3),
    Step.ADMISSION: datetime.date(2040, 6, 4),
    Step.COMPLEMENTARY: datetime.date(2040, 6, 12),
    Step.MAIN_END: datetime.date(2040, 7, 12),
    Step.COMPLEMENTARY_END: datetime.date(2040, 9, 11),
}
NOT_STARTED = "la session 2040 n'a pas encore commencé"


def whole_session(year=2040, dates=SESSION_DATES):
    session = ParcoursupSessionFactory(year=year)
    for step, day in dates.items():
        ParcoursupKeyDateFactory(session=session, step=step, day=day)
    return session


def phase_before(step):
    index = STEPS.index(step)
    return PHASE_AFTER[STEPS[index - 1]] if index else NOT_STARTED


def after(step):
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


@pytest.mark.parametrize("step", STEPS, ids=[step.value for step in STEPS])
def test_each_key_date_the_day_before_the_day_and_the_day_after(step):
    whole_session()
    day = SESSION_DATES[step]
    last_day = step in (
        Step.WISHES_DEADLINE,
        Step.CONFIRMATION_DEADLINE,
        Step.MAIN_END,
        Step.COMPLEMENTARY_END,
    )

    before = calendar_today(day - DAY)
    assert before.phase == phase_before(step)
    assert (before.next_date.step, before.is_today) == (step, False)

    on_the_day = calendar_today(day)
    # A last day still belongs to the phase it closes; a first day opens its phase.
    assert on_the_day.phase == (phase_before(step) if last_day else PHASE_AFTER[step])
    assert (on_the_day.next_date.step, on_the_day.is_today) == (step, True)

    the_day_after = calendar_today(day + DAY)
    assert the_day_after.phase == PHASE_AFTER[step]
    following = the_day_after.next_date
    assert (following.step if following else None) == after(step)


def test_the_session_ends_and_says_the_next_calendar_is_not_yet_published():
    whole_session()
    last = SESSION_DATES[Step.COMPLEMENTARY_END]
    assert not calendar_today(last).finished
    over = calendar_today(last + DAY)
    assert over.finished
    assert over.sentence == (
        "La session 2040 est terminée. Le calendrier de la session 2041 n'est pas encore "
        "publié : il le sera sur le site de Parcoursup."
    )


def test_the_next_session_takes_over_the_day_after_the_last_date_of_the_previous():
    whole_session()
    ParcoursupSessionFactory(year=2041, calendar_url="https://www.parcoursup.gouv.fr/2041")
    last = SESSION_DATES[Step.COMPLEMENTARY_END]
    assert calendar_today(last).year == 2040
    following = calendar_today(last + DAY)
    assert (following.year, following.published, following.url) == (
        2041,
        False,
        "https://www.parcoursup.gouv.fr/2041",
    )
    assert following.sentence == (
        "Le calendrier de la session 2041 n'est pas encore publié : il le sera sur le site de "
        "Parcoursup."
    )


def test_a_session_whose_last_steps_are_not_entered_stays_current():
    session = ParcoursupSessionFactory(year=2040)
    ParcoursupKeyDateFactory(
        session=session, step=Step.REGISTRATION, day=datetime.date(2040, 1, 20)
    )
    later = calendar_today(datetime.date(2040, 8, 1))
    assert (later.year, later.finished, later.next_date) == (2040, False, None)
    assert later.phase == PHASE_AFTER[Step.REGISTRATION]


def test_nothing_entered_says_so_and_links_to_parcoursup():
    nothing = calendar_today(datetime.date(2040, 1, 1))
    assert (nothing.session, nothing.published, nothing.url) == (None, False, PARCOURSUP_URL)
    assert "n'est pas encore publié" in nothing.sentence


def test_a_change_in_the_admin_is_seen_at_once():
    session = ParcoursupSessionFactory(year=2040)
    assert not calendar_today(datetime.date(2040, 1, 1)).published  # now cached
    ParcoursupKeyDateFactory(session=session, step=Step.REGISTRATION)
    assert calendar_today(datetime.date(2040, 1, 1)).published


class TestOnTheOffer:
    def offer_page(self, client, offer):
        return client.get(offer.institute.get_absolute_url()).content.decode()

    def test_a_parcoursup_offer_shows_the_phase_the_next_date_and_its_source(self, client):
        whole_session()
        offer = TrainingOfferFactory(application_route=ApplicationRoute.PARCOURSUP)
        with time_machine.travel(datetime.datetime(2040, 3, 13, 12), tick=False):
            on_the_day = self.offer_page(client, offer)
        with time_machine.travel(datetime.datetime(2040, 3, 14, 12), tick=False):
            the_day_after = self.offer_page(client, offer)

        assert "Parcoursup 2040 : inscriptions et vœux ouverts." in on_the_day
        assert "Aujourd'hui&nbsp;: <strong>13 mars 2040</strong>, dernier jour pour " in (
            on_the_day
        )
        assert 'href="https://www.parcoursup.gouv.fr/calendrier-de-test"' in on_the_day
        assert "10 octobre 2039" in on_the_day  # the source's own date
        assert "Parcoursup 2040 : les vœux sont faits" in the_day_after
        assert "Prochaine date Parcoursup&nbsp;: <strong>3 avril 2040</strong>" in the_day_after
        assert "13 mars 2040" not in the_day_after

    def test_the_day_changes_at_midnight_in_france_not_in_utc(self, client):
        whole_session()
        offer = TrainingOfferFactory(application_route=ApplicationRoute.PARCOURSUP)
        paris = zoneinfo.ZoneInfo("Europe/Paris")
        last_evening = datetime.datetime(2040, 3, 13, 23, 30, tzinfo=paris)
        just_after_midnight = datetime.datetime(2040, 3, 14, 0, 30, tzinfo=paris)
        with time_machine.travel(last_evening, tick=False):
            assert "Aujourd'hui&nbsp;: <strong>13 mars 2040</strong>" in self.offer_page(
                client, offer
            )
        with time_machine.travel(just_after_midnight, tick=False):  # still the 13th in UTC
            assert "Parcoursup 2040 : les vœux sont faits" in self.offer_page(client, offer)

    def test_without_dates_the_offer_says_the_calendar_is_not_published(self, client):
        offer = TrainingOfferFactory(application_route=ApplicationRoute.PARCOURSUP)
        page = self.offer_page(client, offer)
        assert "Le calendrier de Parcoursup n&#x27;est pas encore publié ici" in page
        assert f'<a href="{PARCOURSUP_URL}">Le calendrier sur Parcoursup</a>' in page

    def test_an_offer_outside_parcoursup_keeps_its_own_dates(self, client):
        whole_session()
        offer = TrainingOfferFactory(
            application_route=ApplicationRoute.INSTITUTE,
            applications_open=datetime.date(2040, 1, 10),
            applications_close=datetime.date(2040, 6, 4),
        )
        with time_machine.travel(datetime.datetime(2040, 3, 13, 12), tick=False):
            page = self.offer_page(client, offer)
        assert "Candidatures ouvertes jusqu&#x27;au 4 juin 2040." in page
        assert "Parcoursup 2040" not in page


class TestAdmin:
    def test_a_regional_editor_enters_a_session_and_its_dates(self, regional_editor):
        response = regional_editor.post(
            reverse("admin:trainings_parcoursupsession_add"),
            {
                "year": "2040",
                "calendar_url": "",
                "key_dates-TOTAL_FORMS": "1",
                "key_dates-INITIAL_FORMS": "0",
                "key_dates-0-step": "fin-voeux",
                "key_dates-0-day": "13/03/2040",
                "key_dates-0-source": "Parcoursup, calendrier 2040",
                "key_dates-0-source_url": "https://www.parcoursup.gouv.fr/",
                "key_dates-0-source_date": "10/10/2039",
            },
        )
        assert response.status_code == 302
        assert calendar_today(datetime.date(2040, 3, 13)).next_date.source == (
            "Parcoursup, calendrier 2040"
        )

    def test_dates_out_of_order_get_a_french_message_and_nothing_is_saved(self, regional_editor):
        dates = {
            "key_dates-0-step": "inscription",
            "key_dates-0-day": "20/03/2040",
            "key_dates-1-step": "fin-voeux",
            "key_dates-1-day": "13/03/2040",
        }
        data = {"year": "2040", "key_dates-TOTAL_FORMS": "2", "key_dates-INITIAL_FORMS": "0"}
        for index in (0, 1):
            data |= {
                f"key_dates-{index}-source": "Parcoursup",
                f"key_dates-{index}-source_url": "https://www.parcoursup.gouv.fr/",
                f"key_dates-{index}-source_date": "10/10/2039",
            }
        response = regional_editor.post(
            reverse("admin:trainings_parcoursupsession_add"), data | dates
        )
        assert response.status_code == 200
        assert "ne peut pas précéder « Ouverture des inscriptions et des vœux »" in (
            response.content.decode()
        )
        assert not calendar_today(datetime.date(2040, 1, 1)).session

    def test_an_organisation_editor_may_not(self, ars_editor):
        response = ars_editor.get(reverse("admin:trainings_parcoursupsession_changelist"))
        assert response.status_code == 403


def parcoursup_offers(count):
    diploma = DiplomaFactory(slug="le-diplome")
    institute = InstituteFactory(slug="l-institut")
    TrainingOfferFactory.create_batch(
        count, diploma=diploma, institute=institute, application_route=ApplicationRoute.PARCOURSUP
    )
    TrainingOfferFactory.create_batch(
        count, diploma=diploma, application_route=ApplicationRoute.PARCOURSUP
    )


@pytest.mark.parametrize("count", [1, 6])
@pytest.mark.parametrize(
    ("url", "queries", "again"),
    [
        # The pinned counts of tests/trainings/test_views.py (which include the offers'
        # Parcoursup figures on the diploma and institute pages), plus the Parcoursup
        # sessions and their dates, read once for every offer of the page (then cached).
        # Again: the calendar, brand, partners and the parts kept until the next change
        # (the offers' counts and cards, the list's body, the institute with its offers) are
        # not read again.
        ("/formations/", 7 + 2, 0),
        ("/formations/diplomes/le-diplome/", 9 + 2, 3),
        ("/formations/etablissements/l-institut/", 6 + 2, 0),
    ],
)
def test_the_calendar_costs_two_queries_whatever_the_offers(
    client, django_assert_num_queries, count, url, queries, again
):
    whole_session()
    parcoursup_offers(count)
    with django_assert_num_queries(queries):
        page = client.get(url).content.decode()
    assert page.count("Parcoursup 2040 :") == (count if "etablissements" in url else 2 * count)
    with django_assert_num_queries(again):
        assert client.get(url).content.decode() == page


def test_the_history_keeps_who_changed_a_date(regional_editor):
    url = reverse("admin:trainings_parcoursupsession_add")
    regional_editor.post(
        url,
        {
            "year": "2040",
            "key_dates-TOTAL_FORMS": "1",
            "key_dates-INITIAL_FORMS": "0",
            "key_dates-0-step": "inscription",
            "key_dates-0-day": "20/01/2040",
            "key_dates-0-source": "Parcoursup, calendrier 2040",
            "key_dates-0-source_url": "https://www.parcoursup.gouv.fr/",
            "key_dates-0-source_date": "10/10/2039",
        },
    )
    session = calendar_today(datetime.date(2040, 1, 1)).session
    version = Version.objects.get_for_object(session).get()
    assert version.revision.user.username == "editeur-regional"
    # The dates are saved with their session: restoring a version brings them back.
    saved = {v.content_type.model for v in version.revision.version_set.all()}
    assert saved == {"parcoursupsession", "parcoursupkeydate"}
    page = regional_editor.get(
        reverse("admin:trainings_parcoursupsession_history", args=[session.pk])
    )
    assert page.status_code == 200
