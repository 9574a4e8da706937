"""What `manage.py load_demo` loads: the demo content, faithful to its sources.

The demo is loaded once for the module (tests/shared_demo.py); the command itself, run again,
with or without an account, on broken data, is tested in test_load_demo.py."""

from django.apps import apps

from campaigns import models as campaigns_models
from campaigns.models import Campaign, Event, Video
from careers_site.core.models import Organisation, PublishableModel, SiteSettings, Status
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


def test_the_three_professions_with_their_facts(demo_content):
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


def test_the_five_diplomas_with_their_facts(demo_content):
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


def test_only_sourced_institutes_published_only_when_the_source_is_primary(demo_content):
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


def test_offers_only_say_what_the_sources_say(demo_content):
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
    # The demo's own offers, not those the Parcoursup extract brings.
    own = TrainingOffer.objects.exclude(institute__slug__in=PARCOURSUP_DEMO_INSTITUTES).exclude(
        institute__source="parcoursup"
    )
    published = own.published()
    assert set(published.values_list("diploma__slug", "institute__commune")) == {
        ("de-aide-soignant", "Annonay"),
        ("de-aide-soignant", "Saint-Flour"),
        ("de-docteur-maieutique", "Lyon"),
        ("de-docteur-maieutique", "Grenoble"),
    }
    drafts = own.exclude(pk__in=published)
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


def test_regional_aids(demo_content):
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


def test_footer_partners_are_the_ars_and_the_region(demo_content):
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


def test_testimonials_are_the_exact_words_of_the_press_release(demo_content):
    testimonials = campaigns_models.Testimonial.objects.published().select_related(
        "video", "profession"
    )
    assert {t.first_name: t.quote for t in testimonials} == QUOTES
    for testimonial in testimonials:
        assert testimonial.video.is_public
        assert testimonial.profession in testimonial.video.professions.all()


def test_three_episodes_out_three_announced_and_hidden(client, demo_content):
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


def test_the_only_event_is_the_fictitious_fair_of_the_kit(demo_content):
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


def test_site_settings_for_a_site_never_audited(demo_content):
    site = SiteSettings.load()
    assert site.accessibility_status == "non"
    assert site.accessibility_audit_date is None
    assert "démonstration" in site.publisher.lower()


def test_every_public_object_passes_full_clean(demo_content):
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
