"""`manage.py load_demo`: the demo content, faithful to the sources and safe to run again."""

import datetime
import io
import re
import shutil
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from campaigns import models as campaigns_models
from campaigns.models import Campaign, Event, Video
from careers_site.core.models import Organisation, PublishableModel, SiteSettings, Status
from careers_site.demo import content as demo
from careers_site.toolkit.models import ShortLink
from professions.models import Profession
from trainings.models import Diploma, FinancialAid, Institute, Modality, TrainingOffer

# The words of the ARS press release of 18 November 2025, copied verbatim (the demo's source,
# cited in fixtures/campaigns.toml; the release itself is not part of the repository).
QUOTES = {
    "Sara": (
        "Ce qui me retient dans ce métier, c'est le fait que je me dise, et si c'était moi, qui "
        "étais dans un lit ? C'est le patient qui est au centre, l'humain.\n"
        "Tu travailles avec le kiné, médecin, tu collabores avec les autres donc tu peux "
        "apprendre de tout. Tu peux même t'orienter, tu peux changer de métier."
    ),
    "Benjamin": (
        "D'avoir fait l'examen, d'avoir été rassurant et que le patient soit content d'avoir eu "
        "son examen dans de bonnes conditions, c'est ce qui me rend le plus fier."
    ),
    "Eva": (
        "Tout le circuit du médicament à l'hôpital, tout part quand même de nous. C'est dans ces "
        "moments-là que je me sens vraiment utile dans le système de santé"
    ),
}

CONTENT_MODELS = [
    Organisation,
    Profession,
    Diploma,
    Institute,
    TrainingOffer,
    FinancialAid,
    Campaign,
    Video,
    campaigns_models.Testimonial,
    Event,
]


def tiny_png(*args, **kwargs):
    return demo._png(demo.Image.new("RGB", (8, 8), "#0b5d73"), (4, 4))


@pytest.fixture(autouse=True)
def quick_drawings(monkeypatch):
    """Drawing the real pictures takes a couple of seconds: most tests do not need them."""
    monkeypatch.setattr(demo, "draw_illustration", tiny_png)
    monkeypatch.setattr(demo, "draw_poster", tiny_png)


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    return settings


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def printed_password(output):
    match = re.search(r"identifiant admin, mot de passe (\S+)", output)
    assert match, output
    return match.group(1)


def snapshot():
    """Every content row with its last modification, and every file under MEDIA_ROOT."""
    rows = {
        model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
        for model in CONTENT_MODELS
    }
    media = Path(django_settings.MEDIA_ROOT)
    files = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    return rows, files


# -- safety ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_refuses_to_run_without_debug(settings, django_user_model):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        load_demo()
    assert not Profession.objects.exists()
    assert not django_user_model.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_force_loads_without_debug(settings):
    settings.DEBUG = False
    load_demo("--force", "--no-admin")
    assert Profession.objects.count() == 30


@pytest.mark.django_db
def test_no_admin_option_creates_no_account(debug, django_user_model):
    output = load_demo("--no-admin")
    assert not django_user_model.objects.exists()
    assert "mot de passe" not in output


# -- idempotence ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_running_twice_changes_nothing(debug):
    load_demo("--no-admin")
    first = snapshot()
    output = load_demo("--no-admin")
    assert snapshot() == first
    assert "Rien n'a changé" in output
    assert first[0]["Profession"] and first[1]  # there was something to compare


@pytest.mark.django_db
def test_running_again_restores_edited_demo_content(debug):
    load_demo("--no-admin")
    Profession.objects.filter(slug="aide-soignant").update(tagline="Modifié à la main")
    Diploma.objects.get(slug="de-aide-soignant").professions.clear()
    load_demo("--no-admin")
    profession = Profession.objects.get(slug="aide-soignant")
    assert profession.tagline.startswith("Être là pour les autres")
    assert list(Diploma.objects.get(slug="de-aide-soignant").professions.all()) == [profession]


@pytest.mark.django_db
def test_real_drawings_are_stored_once_and_not_duplicated(debug, monkeypatch):
    monkeypatch.undo()  # the real drawings, this time
    load_demo("--no-admin")
    rows, files = snapshot()
    drawn = {p.hero_image.name for p in Profession.objects.all()} | {
        v.poster.name for v in Video.objects.published() if v.poster
    }
    assert len(drawn) >= 6  # 3 professions, 3 video posters at least
    assert {name.replace("\\", "/") for name in drawn} <= {f.replace("\\", "/") for f in files}
    load_demo("--no-admin")
    assert snapshot()[1] == files  # a second run adds, moves or renames no file

    for profession in Profession.objects.all():
        assert default_storage.exists(profession.hero_image.name)
        assert profession.hero_image_decorative  # abstract shapes: nothing to tell
    for video in Video.objects.published().filter(video_file=""):  # the portraits
        assert default_storage.exists(video.poster.name)
        assert video.title in video.poster_alt  # « Affiche de l'épisode 1 : Sara, aide-soignante. »


# -- the content ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_three_professions_with_their_facts(debug):
    load_demo("--no-admin")
    first_three = {
        "manipulateur-electroradiologie-medicale",
        "aide-soignant",
        "preparateur-pharmacie",
    }
    professions = {p.slug: p for p in Profession.objects.published() if p.slug in first_three}
    assert set(professions) == first_three
    manip = professions["manipulateur-electroradiologie-medicale"]
    care = professions["aide-soignant"]
    pharma = professions["preparateur-pharmacie"]
    assert (manip.rome_code, manip.onisep_id, manip.starting_salary) == ("J1306", "MET.416", 1890)
    assert (care.rome_code, care.onisep_id, care.starting_salary) == ("J1501", "MET.561", 1801)
    assert (pharma.rome_code, pharma.onisep_id, pharma.starting_salary) == (
        "J1307",
        "MET.868",
        1801,
    )
    assert {"manip radio", "MERM"} <= set(manip.other_names_list)
    assert "AS" in care.other_names_list
    assert "PPH" in pharma.other_names_list
    for profession in professions.values():
        assert profession.salary_source == "ONISEP"
        assert profession.salary_date.isoformat() == "2025-10-01"
        assert profession.last_reviewed is None
        assert profession.summary and profession.missions and profession.career_moves
        assert set(profession.related.all()) >= set(professions.values()) - {profession}
        assert profession.interests.exists()
    # « Recrute » only where a source speaks of shortage or tension.
    assert manip.recruiting and pharma.recruiting and not care.recruiting
    assert "34 500" in manip.workforce
    assert "416 000" in care.workforce
    assert "71 000" in pharma.workforce


@pytest.mark.django_db
def test_the_five_diplomas_with_their_facts(debug):
    load_demo("--no-admin")
    first_five = Diploma.objects.published().filter(
        professions__slug__in=[
            "manipulateur-electroradiologie-medicale",
            "aide-soignant",
            "preparateur-pharmacie",
        ]
    )
    diplomas = {d.acronym: d for d in first_five.distinct().prefetch_related("professions")}
    assert {acronym: d.rncp_code for acronym, d in diplomas.items()} == {
        "DEMEM": "RNCP39942",
        "DTS IMRT": "RNCP39498",
        "DEAS": "RNCP40692",
        "DEUST": "RNCP35719",
        "DE PPH": "RNCP39707",
    }
    assert {a: d.level for a, d in diplomas.items()} == {
        "DEMEM": 6,
        "DTS IMRT": 6,
        "DEAS": 4,
        "DEUST": 5,
        "DE PPH": 6,
    }
    demem, deas, deust = diplomas["DEMEM"], diplomas["DEAS"], diplomas["DEUST"]
    assert (demem.duration_months, demem.ects, demem.grade, demem.minimum_age) == (
        36,
        180,
        "licence",
        17,
    )
    assert demem.apprenticeship_possible and not demem.apprenticeship_only
    assert "Parcoursup" in demem.admission
    assert deas.minimum_age == 17
    assert len(deas.entry_routes_list) == 4
    assert deust.apprenticeship_only and deust.ects == 120 and deust.duration_label == "2 ans"
    assert "700 heures de stage" in diplomas["DE PPH"].duration_note
    slugs = {a: {p.slug for p in d.professions.all()} for a, d in diplomas.items()}
    assert slugs["DEMEM"] == slugs["DTS IMRT"] == {"manipulateur-electroradiologie-medicale"}
    assert slugs["DEAS"] == {"aide-soignant"}
    assert slugs["DEUST"] == slugs["DE PPH"] == {"preparateur-pharmacie"}


# The offers known from sources (FACTS.md §2) and the Parcoursup extract's schools: checked
# in test_parcoursup_demo.py.
PARCOURSUP_DEMO_INSTITUTES = [
    "istr-universite-claude-bernard-lyon-1",
    "ifsi-chu-saint-etienne",
    "ifa-chu-clermont-ferrand",
]


@pytest.mark.django_db
def test_only_sourced_institutes_published_only_when_the_source_is_primary(debug):
    load_demo("--no-admin")
    published = {i.slug for i in Institute.objects.published()}
    assert published == {
        "ifsi-ifas-ch-ardeche-nord-annonay",
        "ifas-ch-saint-flour",
        "ifsi-ifas-ch-jacques-lacarin-vichy",
        "ifas-lycee-eugenie-joubert-yssingeaux",
        "ifapas-chu-grenoble-alpes",
        # fixtures/institutes.toml, sources H
        "istr-universite-claude-bernard-lyon-1",
        "ifsi-chu-saint-etienne",
        "ifa-chu-clermont-ferrand",
        # created by the Parcoursup import from the session-2025 extract (UAI in the slug)
        "ocellia-0692522s",
        "ocellia-valence-0261429m",
        # fixtures/institutes.toml, third batch of FACTS.md, sources H
        "maieutique-lyon-sud-universite-lyon-1",
        "maieutique-ufr-medecine-universite-grenoble-alpes",
        "ecole-infirmiers-anesthesistes-hcl",
    }
    # Secondary sources (M): named, kept as drafts for staff to check.
    drafts = set(Institute.objects.drafts().values_list("slug", flat=True))
    assert drafts == {
        "ifap-ch-jacques-lacarin-vichy",
        "isrp-vichy",
        "ifmk-vichy",
        "ecole-rockefeller-lyon",
        "campus-sante-social-don-bosco-lyon",
    }
    institutes = {i.commune: i for i in Institute.objects.filter(slug__in=published)}
    # The manipulateur institutes and the Lyon CFA were not verified: never named.
    assert not Institute.objects.filter(kind__in=["ifmem", "cfa", "ifpph"]).exists()
    # Other diplomas only where a source says the institute teaches them.
    assert set(
        TrainingOffer.objects.exclude(diploma__acronym="DEAS")
        .exclude(institute__slug__in=PARCOURSUP_DEMO_INSTITUTES)
        .exclude(institute__source="parcoursup")
        .values_list("diploma__acronym", "institute__commune")
    ) == {
        ("DEI", "Vichy"),
        ("DEI", "Annonay"),
        ("DEAP", "Grenoble"),
        ("DEA", "Grenoble"),
        ("", "Lyon"),  # maïeutique (Lyon Sud) and Grenoble: the third batch
        ("", "Grenoble"),
    }
    saint_flour = institutes["Saint-Flour"]
    assert (saint_flour.address, saint_flour.postcode) == ("1 avenue de Besserette", "15100")
    assert "H+ Formation" in saint_flour.labels
    # Yssingeaux rests on an M source: its places and its first intake are not published.
    yssingeaux = institutes["Yssingeaux"].description
    assert "15 places" not in yssingeaux and "2021" not in yssingeaux
    assert "pas encore vérifiés" in yssingeaux


@pytest.mark.django_db
def test_offers_only_say_what_the_sources_say(debug):
    load_demo("--no-admin")
    annonay = TrainingOffer.objects.get(
        institute__commune="Annonay", diploma__slug="de-aide-soignant"
    )
    assert [
        d.isoformat()
        for d in (
            annonay.applications_open,
            annonay.applications_close,
            annonay.results_date,
            annonay.start_date,
        )
    ] == ["2025-01-13", "2025-06-04", "2025-06-27", "2025-08-25"]
    # Offers resting only on M sources are drafts for staff to verify, figures kept for them.
    yssingeaux = TrainingOffer.objects.get(institute__commune="Yssingeaux")
    assert (yssingeaux.modality, yssingeaux.places) == (Modality.APPRENTICESHIP, 15)
    assert yssingeaux.status == Status.DRAFT
    published = (
        TrainingOffer.objects.published()
        .exclude(institute__slug__in=PARCOURSUP_DEMO_INSTITUTES)
        .exclude(institute__source="parcoursup")
    )
    assert set(published.values_list("diploma__slug", "institute__commune")) == {
        ("de-aide-soignant", "Annonay"),
        ("de-aide-soignant", "Saint-Flour"),
        ("de-docteur-maieutique", "Lyon"),
        ("de-docteur-maieutique", "Grenoble"),
    }
    drafts = (
        TrainingOffer.objects.exclude(pk__in=published)
        .exclude(institute__slug__in=PARCOURSUP_DEMO_INSTITUTES)
        .exclude(institute__source="parcoursup")
    )
    assert set(drafts.values_list("diploma__slug", "institute__commune")) == {
        ("de-aide-soignant", "Vichy"),
        ("de-aide-soignant", "Yssingeaux"),
        ("de-aide-soignant", "Grenoble"),
        ("de-infirmier", "Vichy"),
        ("de-infirmier", "Annonay"),
        ("de-auxiliaire-puericulture", "Grenoble"),
        ("de-ambulancier", "Grenoble"),
    }
    # Places come only from a source: the institute, or Parcoursup's figures (the two
    # OCELLIA offers of the extract, test_parcoursup_demo.py).
    others = TrainingOffer.objects.exclude(
        institute__commune__in=["Annonay", "Yssingeaux"]
    ).exclude(institute__source="parcoursup")
    assert not others.filter(places__isnull=False).exists()
    assert not others.filter(start_date__isnull=False).exists()


@pytest.mark.django_db
def test_regional_aids(debug):
    load_demo("--no-admin")
    aids = {aid.slug: aid for aid in FinancialAid.objects.published().select_related("provider")}
    bourse = aids["bourse-regionale-formations-sanitaires-sociales"]
    assert bourse.provider.kind == "region"
    assert "CROUS" in bourse.amount
    assert len(bourse.steps_list) == 4
    assert bourse.professions.count() == 23
    free = aids["gratuite-cout-pedagogique"]
    assert "auxiliaire de puériculture" in free.eligibility and "ambulancier" in free.eligibility
    assert {p.slug for p in free.professions.all()} == {
        "aide-soignant",
        "auxiliaire-puericulture",
        "ambulancier",
    }
    assert "5 000 €" in free.amount


@pytest.mark.django_db
def test_footer_partners_are_the_ars_and_the_region(debug):
    load_demo("--no-admin")
    assert set(
        Organisation.objects.filter(show_as_partner=True).values_list("kind", flat=True)
    ) == {
        "ars",
        "region",
    }
    campaign = Campaign.objects.get(slug="webserie-metiers-du-soin")
    assert set(campaign.partners.values_list("slug", flat=True)) == {
        "dreets-auvergne-rhone-alpes",
        "france-travail",
        "region-auvergne-rhone-alpes",
        "opco-sante",
        "anfh",
    }
    assert campaign.owner.kind == "ars" and campaign.is_featured
    assert campaign.starts_on.isoformat() == "2025-11-18"


@pytest.mark.django_db
def test_testimonials_are_the_exact_words_of_the_press_release(debug):
    load_demo("--no-admin")
    testimonials = campaigns_models.Testimonial.objects.published().select_related(
        "video", "profession"
    )
    assert {t.first_name: t.quote for t in testimonials} == QUOTES
    for testimonial in testimonials:
        assert testimonial.video.is_public
        assert testimonial.profession in testimonial.video.professions.all()


@pytest.mark.django_db
def test_three_episodes_out_three_announced_and_hidden(debug, client):
    load_demo("--no-admin")
    episodes = Video.objects.filter(campaign__slug="webserie-metiers-du-soin")
    public = list(episodes.published())
    assert [v.episode_number for v in public] == [1, 2, 3]
    for video in public:
        assert not video.has_media and not video.transcript  # nothing invented
        assert video.published_at.date().isoformat() == "2025-11-18"
    announced = episodes.filter(episode_number__in=[4, 5, 6])
    assert announced.count() == 3
    for video in announced:
        assert video.status == Status.DRAFT and video.announced_for == "janvier 2026"
        assert not video.testimonials.exists() and not video.professions.exists()
        assert client.get(video.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_only_event_is_the_fictitious_fair_of_the_kit(debug):
    load_demo("--no-admin")
    event = Event.objects.get()
    assert event.title == "Salon des métiers (exemple de démonstration)"
    assert "n'existe pas : c'est un exemple fictif" in event.description
    assert not event.venue and not event.address and not event.url
    assert event.commune == "Commune fictive"
    assert [p.slug for p in event.professions.order_by("slug")] == [
        "aide-soignant",
        "manipulateur-electroradiologie-medicale",
        "preparateur-pharmacie",
    ]
    assert event.campaign.slug == "demonstration-videos-accessibles"
    link = ShortLink.objects.get(kind="s", object_id=event.pk)
    assert (link.code, link.source) == ("salon-exemple", "salon-exemple")


@pytest.mark.django_db
def test_the_fair_keeps_its_date_when_loaded_again(debug):
    load_demo("--no-admin")
    first = Event.objects.get().starts_at
    assert first.date() > timezone.localdate()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        load_demo("--no-admin")
    assert Event.objects.get().starts_at == first


@pytest.mark.django_db
def test_site_settings_for_a_site_never_audited(debug):
    load_demo("--no-admin")
    site = SiteSettings.load()
    assert site.accessibility_status == "non"
    assert site.accessibility_audit_date is None
    assert "démonstration" in site.publisher.lower()


@pytest.mark.django_db
def test_every_public_object_passes_full_clean(debug):
    load_demo("--no-admin")
    checked = 0
    for model in apps.get_models():
        if issubclass(model, PublishableModel):
            queryset = model.objects.published()
        elif model in (Organisation, SiteSettings):
            queryset = model.objects.all()
        else:
            continue
        for instance in queryset:
            instance.full_clean()
            checked += 1
    assert checked >= 30


# -- the admin account ----------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_account_works_with_the_printed_password(debug, client):
    output = load_demo()
    password = printed_password(output)
    assert f"http://127.0.0.1:8000/{django_settings.ADMIN_URL}" in output
    assert client.login(username="admin", password=password)
    assert client.get(reverse("admin:index")).status_code == 200

    new_password = printed_password(load_demo())
    assert new_password != password  # a fresh one at every run
    assert not client.login(username="admin", password=password)
    assert client.login(username="admin", password=new_password)
    assert get_user_model().objects.filter(username="admin").count() == 1


# -- broken data ----------------------------------------------------------------------------


@pytest.fixture
def fixtures_copy(tmp_path):
    target = tmp_path / "fixtures"
    shutil.copytree(demo.FIXTURES_DIR, target)
    return target


@pytest.mark.django_db
def test_a_typo_in_the_data_stops_everything_with_a_clear_message(debug, fixtures_copy):
    path = fixtures_copy / "trainings.toml"
    path.write_text(path.read_text().replace("rncp_code =", "rncp =", 1), encoding="utf-8")
    with pytest.raises(CommandError, match="« rncp »"):
        load_demo("--no-admin", "--fixtures-dir", str(fixtures_copy))
    assert not Profession.objects.exists()  # all or nothing


@pytest.mark.django_db
def test_an_unknown_slug_in_the_data_is_reported(debug, fixtures_copy):
    path = fixtures_copy / "campaigns.toml"
    path.write_text(
        path.read_text().replace('owner = "region-auvergne-rhone-alpes"', 'owner = "region"'),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="« region »"):
        load_demo("--no-admin", "--fixtures-dir", str(fixtures_copy))


# -- demo editors ---------------------------------------------------------------------------


def editor_password(output, username):
    match = re.search(rf"identifiant {username}, mot de passe (\S+)", output)
    assert match, output
    return match.group(1)


@pytest.mark.django_db
def test_demo_editors_can_log_in_and_each_sees_only_their_organisation(debug, client):
    output = load_demo()

    for username, own, other in (
        ("editeur-ars", "webserie-metiers-du-soin", "region-manipulateur-radio"),
        ("editeur-region", "region-manipulateur-radio", "webserie-metiers-du-soin"),
    ):
        client.logout()
        assert client.login(username=username, password=editor_password(output, username))
        page = client.get(reverse("admin:campaigns_campaign_changelist"))
        assert page.status_code == 200
        slugs = {campaign.slug for campaign in page.context["cl"].result_list}
        assert own in slugs and other not in slugs
    # The Région's editor also edits the shared reference content; the ARS's does not.
    assert client.get(reverse("admin:trainings_institute_add")).status_code == 200
    client.logout()
    client.login(username="editeur-ars", password=editor_password(output, "editeur-ars"))
    assert client.get(reverse("admin:trainings_institute_add")).status_code == 403


@pytest.mark.django_db
def test_demo_editors_get_a_new_password_at_every_run_and_stay_single(debug, django_user_model):
    first = editor_password(load_demo(), "editeur-ars")
    second = editor_password(load_demo(), "editeur-ars")
    assert first != second
    user = django_user_model.objects.get(username="editeur-ars")
    assert user.memberships.count() == 1 and not user.is_superuser


@pytest.mark.django_db
@pytest.mark.parametrize("args", [("--force",), ("--force", "--no-admin")])
def test_no_demo_editor_without_debug(settings, django_user_model, args):
    settings.DEBUG = False
    output = load_demo(*args)
    assert not django_user_model.objects.filter(username__startswith="editeur-").exists()
    assert "editeur-" not in output


@pytest.mark.django_db
def test_no_demo_editor_with_no_admin(debug, django_user_model):
    load_demo("--no-admin")
    assert not django_user_model.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "printed"),
    [
        ((), "http://127.0.0.1:8000/admin/"),
        (("--address", "127.0.0.1:8042"), "http://127.0.0.1:8042/admin/"),
        (("--address", "8043"), "http://127.0.0.1:8043/admin/"),
        (("--address", "0.0.0.0:8044"), "http://127.0.0.1:8044/admin/"),
    ],
)
def test_the_admin_address_printed_is_the_one_served(debug, address, printed):
    """`make run` passes its RUNSERVER_ADDR: the admin's address printed is where it serves."""
    assert f"Administration : {printed} — identifiant admin" in load_demo(*address)
