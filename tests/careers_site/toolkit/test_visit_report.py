"""Staff see in the admin the visits per event, per campaign and per page, with week totals;
the counters still in the cache are added when the report opens."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careers_site.toolkit import visits
from careers_site.toolkit.models import VisitCount
from careers_site.toolkit.shortlinks import source_link
from tests.factories import CampaignFactory, EventFactory, ProfessionFactory

pytestmark = pytest.mark.django_db

REPORT = "admin:toolkit_visitcount_report"
BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari"


def monday(day):
    return day - datetime.timedelta(days=day.weekday())


@pytest.fixture
def visitor():
    """A visitor's browser, apart from the staff member's (who is logged in)."""
    return Client(HTTP_USER_AGENT=BROWSER)


@pytest.fixture
def fair():
    campaign = CampaignFactory(title="La websérie", slug="webserie")
    event = EventFactory(title="Salon de Lyon", slug="salon-lyon", campaign=campaign)
    event.professions.add(ProfessionFactory(slug="aide-soignant"))
    return event


def test_event_report_counts_the_visits_its_qr_codes_brought(visitor, staff_client, fair):
    dedicated = source_link(fair)
    visitor.get(dedicated.path, follow=True)  # the stand's QR code
    visitor.get("/m/aide-soignant?src=salon-lyon", follow=True)
    visitor.get("/metiers/aide-soignant/?src=salon-lyon")
    visitor.get("/metiers/aide-soignant/?src=autre-salon")
    visitor.get("/metiers/aide-soignant/")
    this_week = monday(timezone.localdate())
    last_week = this_week - datetime.timedelta(days=7)
    VisitCount.objects.create(day=last_week, path="/metiers/", source="salon-lyon", count=4)

    # Not flushed yet: opening the report moves the counters of the cache.
    response = staff_client.get(reverse(REPORT), {"evenement": fair.pk})
    assert response.status_code == 200
    context = response.context
    assert context["subject"] == "Événement : Salon de Lyon"
    assert context["total"] == 7
    assert [(row["week"], row["total"]) for row in context["weeks"]] == [
        (this_week, 3),
        (last_week, 4),
    ]
    assert {row["path"]: row["total"] for row in context["by_page"]} == {
        "/agenda/salon-lyon/": 1,
        "/metiers/aide-soignant/": 2,
        "/metiers/": 4,
    }
    html = response.content.decode()
    assert "Salon de Lyon : 7 visites" in html
    assert "Semaine du" in html


def test_campaign_report_adds_up_its_events(visitor, staff_client, fair):
    source_link(fair)
    visitor.get("/metiers/aide-soignant/?src=salon-lyon")
    visitor.get("/campagnes/webserie/")
    visitor.get("/metiers/aide-soignant/")
    response = staff_client.get(reverse(REPORT), {"campagne": fair.campaign.pk})
    assert response.context["total"] == 2
    assert "Campagne : La websérie" in response.content.decode()


def test_page_report_and_everything(visitor, staff_client, fair):
    source_link(fair)  # registers « salon-lyon »
    visitor.get("/metiers/aide-soignant/?src=salon-lyon")
    visitor.get("/metiers/aide-soignant/")
    visitor.get("/metiers/")
    page = staff_client.get(reverse(REPORT), {"page": "/metiers/aide-soignant/"})
    assert page.context["total"] == 2
    assert {row["source"]: row["total"] for row in page.context["by_source"]} == {
        "salon-lyon": 1,
        "": 1,
    }
    everything = staff_client.get(reverse(REPORT))
    assert everything.context["total"] == 3
    assert "(aucune : lien direct, recherche…)" in everything.content.decode()


@pytest.mark.parametrize("params", [{"evenement": "abc"}, {"campagne": "999999"}, {"page": "<x>"}])
def test_report_survives_odd_parameters(staff_client, fair, params):
    response = staff_client.get(reverse(REPORT), params)
    assert response.status_code == 200
    assert "<x>" not in response.content.decode()


def test_changelist_flushes_and_links_to_the_report(visitor, staff_client, fair):
    source_link(fair)
    visitor.get("/metiers/aide-soignant/?src=salon-lyon")
    response = staff_client.get(reverse("admin:toolkit_visitcount_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/metiers/aide-soignant/" in html and "salon-lyon" in html
    assert reverse(REPORT) in html
    assert visits.flush() == 0


def test_report_is_for_staff_only(client):
    response = client.get(reverse(REPORT))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_short_links_are_editable_in_the_event_form(staff_client, fair):
    source_link(fair)
    html = staff_client.get(
        reverse("admin:campaigns_event_change", args=[fair.pk])
    ).content.decode()
    assert "liens courts" in html.lower()
    assert 'value="salon-lyon"' in html


def test_event_and_campaign_lists_link_to_their_reports(staff_client, fair):
    events = staff_client.get(reverse("admin:campaigns_event_changelist")).content.decode()
    assert f"{reverse(REPORT)}?evenement={fair.pk}" in events
    campaigns = staff_client.get(reverse("admin:campaigns_campaign_changelist")).content.decode()
    assert f"{reverse(REPORT)}?campagne={fair.campaign.pk}" in campaigns


def test_a_link_added_on_the_event_form_is_a_dedicated_one(staff_client, fair):
    html = staff_client.get(
        reverse("admin:campaigns_event_change", args=[fair.pk])
    ).content.decode()
    empty_form = html.split('id="toolkit-shortlink-content_type-object_id-empty"')[1]
    assert '<option value="s" selected>' in empty_form


# -- the editors' roles (campaigns/roles.py, careers_site/core/ownership.py) ---------------


def admin_form_data(response):
    """What the browser would post back from an admin change form, as rendered."""
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data, self.select, self.multiple = {}, None, False

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            name = a.get("name")
            if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
                if a.get("type") == "checkbox":
                    if "checked" in a:
                        self.data[name] = a.get("value", "on")
                else:
                    self.data[name] = a.get("value", "")
            elif tag == "textarea" and name:
                self.data[name] = ""
            elif tag == "select" and name:
                self.select, self.multiple = name, "multiple" in a
                if not self.multiple:
                    self.data.setdefault(name, "")
            elif tag == "option" and self.select and "selected" in a:
                if self.multiple:
                    self.data.setdefault(self.select, []).append(a.get("value", ""))
                else:
                    self.data[self.select] = a.get("value", "")

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None

    parser = Fields()
    form = response.content.decode().split('id="event_form"')[1].split("</form>")[0]
    parser.feed(form)
    return {k: v for k, v in parser.data.items() if "__prefix__" not in k}


def test_an_organisations_editor_gives_its_fair_a_link_and_reads_its_visits(
    ars_editor, ars, region, visitor
):
    """The daily work of issue 5 for an ARS editor: a dedicated link for the ARS's own fair,
    then the visits it brought; the Région's fairs are neither offered nor shown."""
    from careers_site.toolkit.models import ShortLink

    own = EventFactory(title="Forum de l'ARS", slug="forum-ars", organiser=ars)
    other = EventFactory(title="Salon de la Région", slug="salon-region", organiser=region)
    change = reverse("admin:campaigns_event_change", args=[own.pk])
    data = admin_form_data(ars_editor.get(change))
    prefix = "toolkit-shortlink-content_type-object_id"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{prefix}-{total}-kind": "s",
            f"{prefix}-{total}-code": "forum-ars-stand",
            f"{prefix}-{total}-source": "forum-ars-2027",
        }
    )
    response = ars_editor.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    link = ShortLink.objects.get(code="forum-ars-stand")
    assert link.target == own

    visitor.get(link.path, follow=True)  # a visitor scans the stand's QR code
    report = ars_editor.get(reverse(REPORT), {"evenement": own.pk})
    assert report.status_code == 200
    assert report.context["total"] == 1
    assert report.context["events"] == [own]
    assert "Salon de la Région" not in report.content.decode()
    # Another organisation's fair, asked for by its id, is not reported.
    assert ars_editor.get(reverse(REPORT), {"evenement": other.pk}).context["chosen_event"] is None


def test_short_links_of_another_organisations_event_stay_out_of_reach(ars_editor, region):
    other = EventFactory(title="Salon de la Région", organiser=region)
    source_link(other)
    # Neither the event (and its links) nor the list of every short link.
    assert ars_editor.get(reverse("admin:campaigns_event_change", args=[other.pk])).status_code in (
        302,
        403,
        404,
    )
    assert ars_editor.get(reverse("admin:toolkit_shortlink_changelist")).status_code == 403
