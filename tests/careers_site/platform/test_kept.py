"""kept_until_change(), {% kept %} and what uses them: the parts of a page that are the same
for every visitor (a profession with its related rows, a page's body, the offers' counts and
cards, an orientation result) are built once per content version and day; a change is seen
at once, a preview is never kept, and junk in a URL leaves no key."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.management.sql import emit_post_migrate_signal
from django.template import Context, Template
from django.test import RequestFactory

from careers_site.core.models import Status
from careers_site.platform.cache import (
    bump_content_version,
    content_version,
    kept_here,
    kept_html,
    kept_key,
    kept_many,
    kept_until_change,
    local_parts,
)
from professions.models import Situation
from tests.factories import (
    DiplomaFactory,
    InstituteFactory,
    ProfessionFactory,
    ProfessionSituationFactory,
    TrainingOfferFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

OFFERS = "/formations/"


# The menu and the footer, the same on every page (base.html): kept by any page shown.
SITE_PARTS = (":fragment:site-nav:", ":fragment:site-footer:")


def kept_keys():
    """The keys of what is kept, in the test's local-memory cache, but the menu and footer."""
    return [
        key
        for key in cache._cache
        if ":kept:" in key and not any(part in key for part in SITE_PARTS)
    ]


def test_built_once_per_version_and_day():
    builds = []

    def build():
        builds.append(1)
        return ["une", "liste"]

    assert kept_until_change("essai", build) == ["une", "liste"]
    assert kept_until_change("essai", build) == ["une", "liste"]
    assert len(builds) == 1
    bump_content_version()
    kept_until_change("essai", build)
    assert len(builds) == 2
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)):
        kept_until_change("essai", build)
    assert len(builds) == 3


def test_a_value_not_worth_keeping_is_built_each_time():
    builds = []

    def build():
        builds.append(1)
        return 0

    kept_until_change("rien", build, keep_if=bool)
    kept_until_change("rien", build, keep_if=bool)
    assert len(builds) == 2
    assert kept_keys() == []


def test_without_a_reachable_cache_everything_is_built(monkeypatch):
    monkeypatch.setattr(cache, "is_available", False, raising=False)
    builds = []
    kept_until_change("essai", lambda: builds.append(1) or "x")
    kept_until_change("essai", lambda: builds.append(1) or "x")
    assert len(builds) == 2


def test_an_edited_profession_shows_its_new_words_at_once(client):
    profession = ProfessionFactory(title_masculine="Aide-soignant", tagline="Première phrase")
    assert "Première phrase" in client.get(profession.get_absolute_url()).content.decode()
    profession.tagline = "Phrase corrigée par la rédaction"
    profession.save()
    page = client.get(profession.get_absolute_url()).content.decode()
    assert "Phrase corrigée par la rédaction" in page
    assert "Première phrase" not in page


def test_an_unpublished_profession_is_gone_at_once(client):
    profession = ProfessionFactory()
    assert client.get(profession.get_absolute_url()).status_code == 200
    profession.status = Status.DRAFT  # « Repasser en brouillon »
    profession.save()
    assert client.get(profession.get_absolute_url()).status_code == 404


def test_a_preview_is_never_kept(staff_client, client):
    profession = ProfessionFactory(draft=True, tagline="Brouillon de la rédaction")
    preview = staff_client.get(profession.get_absolute_url() + "?apercu=1")
    assert "Brouillon de la rédaction" in preview.content.decode()
    assert kept_keys() == []
    client.logout()
    assert client.get(profession.get_absolute_url()).status_code == 404


def test_a_slug_nobody_published_leaves_no_key(client):
    for number in range(20):
        assert client.get(f"/metiers/invente-{number}/").status_code == 404
    assert kept_keys() == []


def test_junk_filter_values_leave_no_key(client):
    TrainingOfferFactory()
    client.get(OFFERS)  # the real list: its counts and professions are kept
    # The first made-up slugs: the published slugs they are told apart by are read, once.
    client.get(OFFERS, {"metier": "invente"})
    client.get(OFFERS, {"diplome": "invente"})
    before = set(kept_keys())
    for number in range(20):
        assert client.get(OFFERS, {"metier": f"invente-{number}"}).status_code == 200
        assert client.get(OFFERS, {"diplome": f"invente-{number}"}).status_code == 200
    assert set(kept_keys()) == before
    assert not [key for key in before if "invente" in key]


def test_an_offer_card_follows_its_offer(client):
    diploma = DiplomaFactory(slug="le-diplome")
    offer = TrainingOfferFactory(
        diploma=diploma, institute=InstituteFactory(name="IFAS du Puy"), places=30
    )
    assert "30 places" in client.get(OFFERS).content.decode()
    offer.places = 45
    offer.save()
    page = client.get(OFFERS).content.decode()
    assert "45 places" in page
    assert "30 places" not in page


def test_the_counts_follow_a_new_offer(client):
    diploma = DiplomaFactory(slug="le-diplome")
    TrainingOfferFactory(diploma=diploma)
    assert "1 formation" in client.get(OFFERS).content.decode()
    TrainingOfferFactory(diploma=diploma)
    assert "2 formations" in client.get(OFFERS).content.decode()


KEPT_PART = Template(
    '{% load site_tags %}{% kept "essai" value prepare body %}{{ word }}{% endkept %}'
)


def render_part(value, request=None):
    """The part's HTML and how many times the view's `prepare` callable ran."""
    calls = []

    def body():
        calls.append(1)
        return {"word": f"mot {len(calls)}"}

    context = Context({"value": value, "body": body, "request": request})
    return KEPT_PART.render(context), len(calls)


def test_a_kept_part_runs_the_views_preparation_only_when_it_is_built():
    assert render_part("a") == ("mot 1", 1)
    assert render_part("a") == ("mot 1", 0)  # kept: the view's queries are not run
    assert render_part("b") == ("mot 1", 1)  # another value, another part
    bump_content_version()
    assert render_part("a") == ("mot 1", 1)


def test_a_part_the_view_says_not_to_keep_is_rendered_each_time():
    assert render_part(None) == ("mot 1", 1)
    assert render_part(None) == ("mot 1", 1)
    assert kept_keys() == []


def test_a_part_is_never_kept_in_a_preview():
    preview = RequestFactory().get("/metiers/aide-soignant/", {"apercu": "1"})
    assert render_part("a", preview) == ("mot 1", 1)
    assert render_part("a", preview) == ("mot 1", 1)
    assert kept_keys() == []


def test_this_process_keeps_its_own_copy_of_a_part_under_the_same_version():
    renders = []

    def render():
        renders.append(1)
        return "<p>carte</p>"

    assert kept_html("carte", render) == "<p>carte</p>"
    cache.delete(kept_key("carte"))  # another server's eviction: this process still has its copy
    assert kept_html("carte", render) == "<p>carte</p>"
    assert len(renders) == 1
    bump_content_version()  # a change: the copy is never served again
    kept_html("carte", render)
    assert len(renders) == 2
    local_parts.clear()  # another process: from the shared cache, not rendered again
    assert kept_html("carte", render) == "<p>carte</p>"
    assert len(renders) == 2


def test_any_value_is_kept_in_this_process_within_its_weight():
    builds = []

    def build():
        builds.append(1)
        return frozenset({"clermont ferrand", "vichy"})

    assert kept_here("communes", build, weight=lambda names: 40) == {"clermont ferrand", "vichy"}
    cache.delete(kept_key("communes"))  # evicted from the shared cache
    assert kept_here("communes", build) == {"clermont ferrand", "vichy"}  # this process's copy
    assert len(builds) == 1
    assert local_parts.get(kept_key("communes")) is not None
    # Heavier than what a process keeps: shared only, read from the shared cache each time.
    local_parts.clear()
    kept_here("communes", build, weight=lambda names: local_parts.max_bytes + 1)
    assert local_parts.get(kept_key("communes")) is None
    assert len(builds) == 2


def test_many_values_with_a_weight_are_kept_in_this_process_too():
    built = []

    def build(missing):
        built.append(sorted(missing))
        return {ident: {"offre": ident} for ident in missing}

    names = {ident: f"offre:{ident}" for ident in (1, 2)}
    kept_many(names, build, weight=lambda value: 100)
    for name in names.values():
        cache.delete(kept_key(name))  # evicted from the shared cache
    assert kept_many(names, build, weight=lambda value: 100) == {1: {"offre": 1}, 2: {"offre": 2}}
    assert built == [[1, 2]]
    bump_content_version()  # a change: neither copy is served
    kept_many(names, build, weight=lambda value: 100)
    assert built == [[1, 2], [1, 2]]


def test_a_long_name_is_kept_under_its_digest():
    name = "reponses:" + "&".join(f"question-{n}=oui" for n in range(40))
    kept_until_change(name, lambda: "x")
    (key,) = kept_keys()
    assert len(key) < 250 and "question-39" not in key


def test_a_release_starts_a_new_content_version():
    """`migrate` runs on every release: what the previous templates rendered is not served."""
    before = content_version()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert content_version() != before


def test_an_edited_profession_body_is_seen_at_once(client):
    profession = ProfessionFactory(missions="Aider aux soins du quotidien")
    assert (
        "Aider aux soins du quotidien" in client.get(profession.get_absolute_url()).content.decode()
    )
    DiplomaFactory(name="Diplôme de technicien de soin").professions.add(profession)
    page = client.get(profession.get_absolute_url()).content.decode()
    assert "Diplôme de technicien de soin" in page  # a new diploma, linked from the other side


def test_a_video_page_follows_its_video(client):
    video = VideoFactory(title="Sara, aide-soignante")
    assert "Sara, aide-soignante" in client.get(video.get_absolute_url()).content.decode()
    video.transcript = "Je suis Sara et je travaille de nuit."
    video.save()
    assert "je travaille de nuit" in client.get(video.get_absolute_url()).content.decode()


def test_the_home_follows_a_new_profession(client):
    ProfessionFactory(title_masculine="Aide-soignant")
    assert "Aide-soignant" in client.get("/").content.decode()
    ProfessionFactory(title_masculine="Ambulancier")
    assert "Ambulancier" in client.get("/").content.decode()


def test_an_orientation_result_follows_a_renamed_job(client):
    job = ProfessionFactory(title_masculine="Aide-soignant", title_feminine="Aide-soignante")
    situation = Situation.objects.get(slug="nuit")
    ProfessionSituationFactory(profession=job, situation=situation)
    url = "/est-ce-pour-moi/resultat/?nuit=oui"
    assert "Aide-soignant" in client.get(url).content.decode()
    job.title_masculine, job.title_feminine = "Aide-soignant de nuit", "Aide-soignante de nuit"
    job.save()
    assert "Aide-soignant de nuit" in client.get(url).content.decode()


def test_many_values_kept_at_once_build_only_those_missing(monkeypatch):
    built = []

    def build(missing):
        built.append(sorted(missing))
        return {ident: f"offre {ident}" for ident in missing}

    names = {ident: f"offre:{ident}" for ident in (1, 2)}
    assert kept_many(names, build) == {1: "offre 1", 2: "offre 2"}
    names[3] = "offre:3"
    assert kept_many(names, build) == {1: "offre 1", 2: "offre 2", 3: "offre 3"}
    assert built == [[1, 2], [3]]
    monkeypatch.setattr(cache, "is_available", False, raising=False)
    assert kept_many(names, build) == {1: "offre 1", 2: "offre 2", 3: "offre 3"}
    assert built[-1] == [1, 2, 3]  # the cache unreachable: everything is built


def test_a_part_no_schedule_changes_does_not_ask_when_the_next_change_is(
    django_assert_num_queries,
):
    """The menu and the footer: kept until the next change or midnight, without the query
    that finds the next scheduled publication (a part that shows dated content needs it)."""
    unscheduled = Template('{% load site_tags %}{% kept "menu" unscheduled %}menu{% endkept %}')
    scheduled = Template('{% load site_tags %}{% kept "liste" %}liste{% endkept %}')
    bump_content_version()
    with django_assert_num_queries(0):
        assert unscheduled.render(Context({})) == "menu"
    with django_assert_num_queries(1):
        assert scheduled.render(Context({})) == "liste"
