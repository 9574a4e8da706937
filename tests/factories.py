"""Factories for every content model. Published by default, published in the past, so that a
factory object shows on the public site unless a test says otherwise."""

import datetime
from io import BytesIO

import factory
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from campaigns.models import (
    Campaign,
    Event,
    EventKind,
    SocialAsset,
    Testimonial,
    Video,
)
from careers_site.core.geo import Departement
from careers_site.core.models import Organisation, OrganisationKind, StaffMembership, Status
from careers_site.core.search.text import search_document
from professions.models import (
    EntryLevel,
    Frequency,
    Profession,
    ProfessionSituation,
    RomeAppellation,
    RomeCode,
    RomeWorkContext,
    Sector,
    Situation,
)
from trainings.models import (
    Diploma,
    FinancialAid,
    Institute,
    InstituteKind,
    Level,
    Modality,
    ParcoursupKeyDate,
    ParcoursupSession,
    TrainingOffer,
)


def a_while_ago():
    return timezone.now() - datetime.timedelta(days=1)


class PublishedFactory(factory.django.DjangoModelFactory):
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(a_while_ago)

    class Meta:
        abstract = True

    class Params:
        draft = factory.Trait(status=Status.DRAFT)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
        )


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("un-mot-de-passe-solide")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    class Params:
        superuser = factory.Trait(is_staff=True, is_superuser=True)


class ProfessionFactory(PublishedFactory):
    title_masculine = factory.Sequence(lambda n: f"Technicien de soin {n}")
    title_feminine = factory.LazyAttribute(
        lambda p: p.title_masculine.replace("Technicien", "Technicienne")
    )
    slug = factory.Sequence(lambda n: f"technicien-de-soin-{n}")
    tagline = "Un métier utile, au plus près des patients."
    summary = "Ce professionnel accompagne les patients au quotidien."
    missions = "Accueillir les patients.\nPréparer le matériel."
    skills = "Écoute\nRigueur"
    working_conditions = "Travail en équipe, horaires décalés."
    workplaces = "Hôpital\nClinique"
    career_moves = "Encadrement après quelques années."
    sector = Sector.CARE
    entry_level = EntryLevel.BAC
    starting_salary = 1800
    salary_source = "ONISEP"
    salary_date = datetime.date(2025, 10, 1)

    class Meta:
        model = Profession


class DiplomaFactory(PublishedFactory):
    name = factory.Sequence(lambda n: f"Diplôme d'État de soin {n}")
    acronym = factory.Sequence(lambda n: f"DES{n}")
    slug = factory.Sequence(lambda n: f"diplome-de-soin-{n}")
    summary = "Un diplôme d'État reconnu partout en France."
    level = Level.LEVEL_4
    duration_months = 12

    class Meta:
        model = Diploma
        skip_postgeneration_save = True

    @factory.post_generation
    def professions(self, create, extracted, **kwargs):
        if create and extracted:
            self.professions.set(extracted)


class InstituteFactory(PublishedFactory):
    name = factory.Sequence(lambda n: f"Institut de formation {n}")
    slug = factory.Sequence(lambda n: f"institut-de-formation-{n}")
    kind = InstituteKind.IFAS
    commune = "Clermont-Ferrand"
    postcode = "63000"
    departement = Departement.PUY_DE_DOME

    class Meta:
        model = Institute


class TrainingOfferFactory(PublishedFactory):
    diploma = factory.SubFactory(DiplomaFactory)
    institute = factory.SubFactory(InstituteFactory)
    modality = Modality.INITIAL
    places = 30
    intake_month = 9

    class Meta:
        model = TrainingOffer


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisme partenaire {n}")
    short_name = factory.Sequence(lambda n: f"Partenaire {n}")
    slug = factory.Sequence(lambda n: f"organisme-{n}")
    kind = OrganisationKind.OTHER

    class Meta:
        model = Organisation


class FinancialAidFactory(PublishedFactory):
    name = factory.Sequence(lambda n: f"Aide aux études {n}")
    slug = factory.Sequence(lambda n: f"aide-aux-etudes-{n}")
    provider = factory.SubFactory(OrganisationFactory)
    summary = "Une aide pour financer ses études."
    eligibility = "Les étudiants inscrits dans un institut agréé."
    steps = "Faire une simulation\nDéposer son dossier"

    class Meta:
        model = FinancialAid


class CampaignFactory(PublishedFactory):
    title = factory.Sequence(lambda n: f"Campagne {n}")
    slug = factory.Sequence(lambda n: f"campagne-{n}")
    owner = factory.SubFactory(OrganisationFactory)
    summary = "Une campagne pour faire connaître les métiers du soin."

    class Meta:
        model = Campaign


class VideoFactory(PublishedFactory):
    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Portrait {n}")
    slug = factory.Sequence(lambda n: f"portrait-{n}")
    summary = "Un professionnel raconte son métier."
    transcript = "Bonjour, je travaille à l'hôpital."

    class Meta:
        model = Video


class TestimonialFactory(PublishedFactory):
    first_name = factory.Sequence(lambda n: f"Camille{n}")
    profession = factory.SubFactory(ProfessionFactory)
    role_label = "aide-soignante"
    quote = "C'est le patient qui est au centre."
    campaign = factory.SubFactory(CampaignFactory)

    class Meta:
        model = Testimonial


class EventFactory(PublishedFactory):
    title = factory.Sequence(lambda n: f"Forum des métiers {n}")
    slug = factory.Sequence(lambda n: f"forum-des-metiers-{n}")
    kind = EventKind.FORUM
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    commune = "Lyon"
    departement = Departement.RHONE
    organiser = factory.SubFactory(OrganisationFactory)

    class Meta:
        model = Event


class StaffMembershipFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory, is_staff=True)
    organisation = factory.SubFactory(OrganisationFactory)

    class Meta:
        model = StaffMembership


def _small_png():
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (11, 93, 115)).save(buffer, "PNG")
    return buffer.getvalue()


class SocialAssetFactory(factory.django.DjangoModelFactory):
    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Visuel {n}")
    master = factory.LazyFunction(lambda: ContentFile(_small_png(), name="visuel.png"))
    alt_text = "Une infirmière sourit à un patient."

    class Meta:
        model = SocialAsset


class SituationFactory(factory.django.DjangoModelFactory):
    """A question of « Est-ce pour moi ? ». The twelve of migration professions 0008 exist in
    every test database: `SituationFactory(slug="nuit")` returns the seeded one."""

    slug = factory.Sequence(lambda n: f"situation-{n}")
    question = factory.LazyAttribute(lambda s: f"Question sur {s.slug}. Ça vous irait ?")
    topic = factory.LazyAttribute(lambda s: f"faire {s.slug}")
    position = factory.Sequence(lambda n: 1000 + n)

    class Meta:
        model = Situation
        django_get_or_create = ("slug",)


class ProfessionSituationFactory(factory.django.DjangoModelFactory):
    profession = factory.SubFactory(ProfessionFactory)
    situation = factory.SubFactory(SituationFactory)
    frequency = Frequency.OFTEN

    class Meta:
        model = ProfessionSituation


class SourceLinkFactory(factory.django.DjangoModelFactory):
    """A dedicated /s/ link: what registers a source for the visit counts (issue 18)."""

    kind = "s"
    code = factory.Sequence(lambda n: f"source-{n}")
    source = factory.SelfAttribute("code")
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    object_id = factory.LazyAttribute(lambda o: o.target.pk)

    class Params:
        target = factory.SubFactory(EventFactory)

    class Meta:
        model = "toolkit.ShortLink"
        exclude = ("target",)


class ParcoursupSessionFactory(factory.django.DjangoModelFactory):
    # Far from any real session: a test's dates are never mistaken for published ones.
    year = factory.Sequence(lambda n: 2040 + n)

    class Meta:
        model = ParcoursupSession


class ParcoursupKeyDateFactory(factory.django.DjangoModelFactory):
    session = factory.SubFactory(ParcoursupSessionFactory)
    step = "inscription"
    day = datetime.date(2040, 1, 20)
    source = "Parcoursup, calendrier de la session (source de test)"
    source_url = "https://www.parcoursup.gouv.fr/calendrier-de-test"
    source_date = datetime.date(2039, 10, 10)

    class Meta:
        model = ParcoursupKeyDate


class RomeWorkContextFactory(factory.django.DjangoModelFactory):
    """A ROME work context; `RomeWorkContextFactory(code_ogr="300803", label="Travail de
    nuit")` is the real one."""

    code_ogr = factory.Sequence(lambda n: str(900000 + n))
    label = factory.Sequence(lambda n: f"Contexte {n}")
    type_code = "2"
    type_label = "Horaires et durée du travail"
    version = "v460"

    class Meta:
        model = RomeWorkContext
        django_get_or_create = ("code_ogr",)


class RomeCodeFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"J{9000 + n}")
    label = factory.Sequence(lambda n: f"Métier ROME {n}")
    riasec_major = "S"
    version = "v460"
    imported_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = RomeCode
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    @factory.post_generation
    def contexts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contexts.set(extracted)


class RomeAppellationFactory(factory.django.DjangoModelFactory):
    code_ogr = factory.Sequence(lambda n: str(800000 + n))
    rome_code = factory.SubFactory(RomeCodeFactory)
    label = factory.Sequence(lambda n: f"Appellation {n}")
    version = "v460"
    search_title = factory.LazyAttribute(lambda a: search_document(a.label))

    class Meta:
        model = RomeAppellation
