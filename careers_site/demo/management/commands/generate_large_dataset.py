"""A large, obviously generated data set, for benchmarks and query-count checks.

    python manage.py generate_large_dataset                 # 300 professions, 3,000 institutes…
    python manage.py generate_large_dataset --offers 500    # any size can be changed

Every generated row has a slug starting with « genere- » and a name such as « Institut de
formation n° 1234 »: nothing can be mistaken for a real institute. Running the command again
replaces the previous generated rows and leaves the rest of the content alone. Real commune
names and coordinates (the prefecture of each département) place the institutes and events
across the twelve départements. Refuses to run when DEBUG is off unless given --force.
"""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from campaigns.models import (
    Campaign,
    Event,
    EventKind,
    Testimonial,
    Video,
)
from careers_site.core.models import Organisation, OrganisationKind, Status
from careers_site.core.search import service as search_service
from careers_site.platform.cache import invalidation_batched
from professions.models import EntryLevel, Profession, Sector
from trainings.models import (
    Diploma,
    FinancialAid,
    Institute,
    InstituteKind,
    Level,
    Modality,
    TrainingOffer,
)

PREFIX = "genere-"
BATCH = 1000

# (département, prefecture, postcode, latitude, longitude)
PLACES = [
    ("01", "Bourg-en-Bresse", "01000", 46.2052, 5.2255),
    ("03", "Moulins", "03000", 46.5660, 3.3331),
    ("07", "Privas", "07000", 44.7353, 4.5992),
    ("15", "Aurillac", "15000", 44.9264, 2.4396),
    ("26", "Valence", "26000", 44.9334, 4.8924),
    ("38", "Grenoble", "38000", 45.1885, 5.7245),
    ("42", "Saint-Étienne", "42000", 45.4397, 4.3872),
    ("43", "Le Puy-en-Velay", "43000", 45.0434, 3.8858),
    ("63", "Clermont-Ferrand", "63000", 45.7772, 3.0870),
    ("69", "Lyon", "69001", 45.7640, 4.8357),
    ("73", "Chambéry", "73000", 45.5646, 5.9178),
    ("74", "Annecy", "74000", 45.8992, 6.1294),
]

DEFAULTS = {
    "professions": 300,
    "diplomas": 40,
    "institutes": 3000,
    "offers": 20000,
    "aids": 12,
    "campaigns": 20,
    "videos": 500,
    "testimonials": 300,
    "events": 2000,
}


def searchable(rows):
    """The rows with their search documents filled, as `save()` would (bulk_create does not
    call it): the generated content is found by the site search like real content."""
    rows = list(rows)
    for row in rows:
        row.search_title, row.search_text = type(row).search_documents(row)
    return rows


class Command(BaseCommand):
    help = "Crée un grand jeu de données généré (pour les mesures de performance)."

    def add_arguments(self, parser):
        for name, default in DEFAULTS.items():
            parser.add_argument(f"--{name}", type=int, default=default, help=f"défaut {default}")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force", action="store_true", help="accepter de tourner sans DEBUG (production)"
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG est désactivé : ce jeu de données généré n'a rien à faire sur le site "
                "public. Ajoutez --force si vous êtes sûr (base de mesure)."
            )
        self.random = random.Random(options["seed"])
        self.now = timezone.now()
        with invalidation_batched(), transaction.atomic():
            self.clear()
            counts = self.create(options)
        # bulk_create sends no post_save: the search's cached lists are rebuilt from scratch.
        search_service.invalidate()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Données générées : {summary}."))

    def clear(self):
        TrainingOffer.objects.filter(institute__slug__startswith=PREFIX).delete()
        TrainingOffer.objects.filter(diploma__slug__startswith=PREFIX).delete()
        Testimonial.objects.filter(campaign__slug__startswith=PREFIX).delete()
        Event.objects.filter(slug__startswith=PREFIX).delete()
        Video.objects.filter(slug__startswith=PREFIX).delete()
        for model in (Campaign, FinancialAid, Institute, Diploma, Profession, Organisation):
            model.objects.filter(slug__startswith=PREFIX).delete()

    # -- helpers --------------------------------------------------------------------------
    def publication(self, index):
        """Mostly published in the past; one in thirty a draft, one in thirty scheduled."""
        if index % 30 == 7:
            return {"status": Status.DRAFT, "published_at": self.now}
        if index % 30 == 19:
            days = self.random.randint(2, 60)
            return {
                "status": Status.PUBLISHED,
                "published_at": self.now + datetime.timedelta(days=days),
            }
        days = self.random.randint(1, 400)
        return {
            "status": Status.PUBLISHED,
            "published_at": self.now - datetime.timedelta(days=days),
        }

    @staticmethod
    def link(through, left, right, pairs):
        through.objects.bulk_create(
            [through(**{left: a, right: b}) for a, b in pairs],
            batch_size=BATCH,
            ignore_conflicts=True,
        )

    def sample(self, population, low, high):
        return self.random.sample(population, min(len(population), self.random.randint(low, high)))

    # -- content --------------------------------------------------------------------------
    def create(self, sizes):
        rnd = self.random
        kinds = list(OrganisationKind.values)
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Organisme généré n° {i}",
                    short_name=f"Organisme n° {i}",
                    slug=f"{PREFIX}organisme-{i}",
                    kind=kinds[i % len(kinds)],
                )
                for i in range(1, 4)
            ]
        )

        sectors, levels = list(Sector.values), list(EntryLevel.values)
        professions = Profession.objects.bulk_create(
            searchable(
                Profession(
                    title_masculine=f"Métier généré n° {i}",
                    title_feminine=f"Métier généré n° {i}",
                    slug=f"{PREFIX}metier-{i}",
                    other_names=f"métier test {i}\nMG{i}",
                    tagline=f"Une fiche générée pour les mesures (n° {i}).",
                    summary="Texte généré automatiquement pour mesurer les performances. " * 4,
                    missions="Première mission générée.\nDeuxième mission générée.",
                    skills="Écoute\nRigueur\nTravail en équipe",
                    working_conditions="Conditions générées pour le test.",
                    workplaces="Hôpital\nClinique\nDomicile",
                    career_moves="Évolution générée.",
                    sector=sectors[i % len(sectors)],
                    entry_level=levels[i % len(levels)],
                    recruiting=i % 3 == 0,
                    **self.publication(i),
                )
                for i in range(1, sizes["professions"] + 1)
            ),
            batch_size=BATCH,
        )
        profession_ids = [p.pk for p in professions]

        diploma_levels = list(Level.values)
        diplomas = Diploma.objects.bulk_create(
            searchable(
                Diploma(
                    name=f"Diplôme généré n° {i}",
                    acronym=f"DG{i}",
                    slug=f"{PREFIX}diplome-{i}",
                    summary="Diplôme généré pour les mesures de performance.",
                    level=diploma_levels[i % len(diploma_levels)],
                    duration_months=(12, 24, 36, 11)[i % 4],
                    apprenticeship_possible=i % 2 == 0,
                    entry_routes="Formation initiale\nApprentissage",
                    **self.publication(i),
                )
                for i in range(1, sizes["diplomas"] + 1)
            ),
            batch_size=BATCH,
        )
        self.link(
            Diploma.professions.through,
            "diploma_id",
            "profession_id",
            [(d.pk, p) for d in diplomas for p in self.sample(profession_ids, 1, 12)],
        )

        institute_kinds = list(InstituteKind.values)
        institutes = []
        for i in range(1, sizes["institutes"] + 1):
            dept, commune, postcode, lat, lon = PLACES[i % len(PLACES)]
            institutes.append(
                Institute(
                    name=f"Institut de formation n° {i}",
                    slug=f"{PREFIX}institut-{i}",
                    kind=institute_kinds[i % len(institute_kinds)],
                    description="Établissement généré pour les mesures de performance.",
                    address=f"{i} rue des Essais",
                    postcode=postcode,
                    commune=commune,
                    departement=dept,
                    latitude=Decimal(f"{lat + rnd.uniform(-0.25, 0.25):.5f}"),
                    longitude=Decimal(f"{lon + rnd.uniform(-0.25, 0.25):.5f}"),
                    **self.publication(i),
                )
            )
        institutes = Institute.objects.bulk_create(searchable(institutes), batch_size=BATCH)

        modalities = list(Modality.values)
        year = timezone.localdate().year
        offers = []
        for i in range(1, sizes["offers"] + 1):
            opens = datetime.date(year, 1, 1) + datetime.timedelta(days=rnd.randint(0, 200))
            intake = rnd.choice((1, 9, 9, 9, 10))
            offers.append(
                TrainingOffer(
                    diploma=rnd.choice(diplomas),
                    institute=rnd.choice(institutes),
                    modality=modalities[i % len(modalities)],
                    places=rnd.randint(10, 120),
                    intake_month=intake,
                    applications_open=opens,
                    applications_close=opens + datetime.timedelta(days=rnd.randint(20, 120)),
                    application_note="Dossier à déposer (donnée générée).",
                    **self.publication(i),
                )
            )
            offers[-1].copy_related()  # as save() would
        TrainingOffer.objects.bulk_create(offers, batch_size=BATCH)

        aids = FinancialAid.objects.bulk_create(
            [
                FinancialAid(
                    name=f"Aide générée n° {i}",
                    slug=f"{PREFIX}aide-{i}",
                    provider=organisations[i % len(organisations)],
                    summary="Aide générée pour les mesures de performance.",
                    eligibility="Personnes en formation (donnée générée).",
                    steps="Première étape\nDeuxième étape",
                    **self.publication(i),
                )
                for i in range(1, sizes["aids"] + 1)
            ]
        )
        self.link(
            FinancialAid.professions.through,
            "financialaid_id",
            "profession_id",
            [(a.pk, p) for a in aids for p in self.sample(profession_ids, 5, 60)],
        )

        campaigns = Campaign.objects.bulk_create(
            [
                Campaign(
                    title=f"Campagne générée n° {i}",
                    slug=f"{PREFIX}campagne-{i}",
                    owner=organisations[i % len(organisations)],
                    summary="Campagne générée pour les mesures de performance.",
                    **self.publication(i),
                )
                for i in range(1, sizes["campaigns"] + 1)
            ]
        )
        self.link(
            Campaign.professions.through,
            "campaign_id",
            "profession_id",
            [(c.pk, p) for c in campaigns for p in self.sample(profession_ids, 1, 5)],
        )

        videos, episodes = [], {}
        for i in range(1, sizes["videos"] + 1):
            campaign = campaigns[i % len(campaigns)] if campaigns else None
            if campaign is None:
                break
            episodes[campaign.pk] = episodes.get(campaign.pk, 0) + 1
            videos.append(
                Video(
                    campaign=campaign,
                    episode_number=episodes[campaign.pk],
                    title=f"Portrait généré n° {i}",
                    slug=f"{PREFIX}video-{i}",
                    summary="Vidéo générée pour les mesures de performance.",
                    transcript="Transcription générée. " * 20,
                    duration_seconds=rnd.randint(45, 240),
                    platform_url=f"https://www.example.org/video-generee-{i}",
                    **self.publication(i),
                )
            )
        videos = Video.objects.bulk_create(videos, batch_size=BATCH)
        self.link(
            Video.professions.through,
            "video_id",
            "profession_id",
            [(v.pk, p) for v in videos for p in self.sample(profession_ids, 1, 2)],
        )

        testimonials = []
        for i in range(1, sizes["testimonials"] + 1):
            if not videos:
                break
            video = videos[i % len(videos)]
            testimonials.append(
                Testimonial(
                    first_name=f"Prénom{i}",
                    profession_id=rnd.choice(profession_ids),
                    role_label="métier généré",
                    quote="Citation générée pour les mesures de performance.",
                    campaign_id=video.campaign_id,
                    video=video,
                    **self.publication(i),
                )
            )
        Testimonial.objects.bulk_create(testimonials, batch_size=BATCH)

        event_kinds = list(EventKind.values)
        events = []
        for i in range(1, sizes["events"] + 1):
            dept, commune, _postcode, _lat, _lon = PLACES[i % len(PLACES)]
            starts = self.now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(
                days=rnd.randint(-180, 365), hours=rnd.randint(0, 8)
            )
            events.append(
                Event(
                    title=f"Rendez-vous généré n° {i}",
                    slug=f"{PREFIX}evenement-{i}",
                    kind=event_kinds[i % len(event_kinds)],
                    description="Événement généré pour les mesures de performance.",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=rnd.randint(2, 8)),
                    venue="Lieu généré",
                    commune=commune,
                    departement=dept,
                    organiser=organisations[i % len(organisations)],
                    campaign=campaigns[i % len(campaigns)] if campaigns else None,
                    **self.publication(i),
                )
            )
        events = Event.objects.bulk_create(searchable(events), batch_size=BATCH)
        self.link(
            Event.professions.through,
            "event_id",
            "profession_id",
            [(e.pk, p) for e in events for p in self.sample(profession_ids, 1, 3)],
        )

        return {
            "métiers": len(professions),
            "diplômes": len(diplomas),
            "établissements": len(institutes),
            "offres": len(offers),
            "aides": len(aids),
            "campagnes": len(campaigns),
            "vidéos": len(videos),
            "témoignages": len(testimonials),
            "événements": len(events),
        }
