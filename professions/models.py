from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from careers_site.core.models import (
    PublishableModel,
    PublishableQuerySet,
    TimeStampedModel,
    clean_image_alt,
    image_alt_constraint,
    publication_window_constraint,
)
from careers_site.core.richtext import RichTextField
from careers_site.core.search.documents import SearchableMixin
from careers_site.core.search.text import search_document
from careers_site.core.sources import (
    SourcedMixin,
    parse_sources,
    sources_date_field,
    sources_field,
)
from careers_site.core.validators import validate_image


class Sector(models.TextChoices):
    CARE = "soins", "Soins et accompagnement du patient"
    MEDICAL_TECH = "medico-technique", "Médico-technique (imagerie, laboratoire)"
    PHARMACY = "pharmacie", "Pharmacie"
    REHABILITATION = "reeducation", "Rééducation"
    SOCIAL = "social", "Social et médico-social"


class EntryLevel(models.IntegerChoices):
    NONE = 0, "Aucun diplôme exigé"
    CAP = 3, "CAP ou BEP (niveau 3)"
    BAC = 4, "Baccalauréat (niveau 4)"
    BAC_2 = 5, "Bac + 2 (niveau 5)"
    BAC_3 = 6, "Bac + 3 (niveau 6)"


rome_code = RegexValidator(
    r"^[A-N]\d{4}$", "Un code ROME s'écrit avec une lettre et quatre chiffres, par exemple J1306."
)
riasec_codes = RegexValidator(
    r"^[RIASEC]{1,3}$",
    "Les codes d'intérêt s'écrivent avec les lettres R, I, A, S, E ou C, par exemple « SR ».",
)
# The six interest types of the ROME (France Travail), as its French labels name them.
RIASEC_WORDS = {
    "R": "réaliste",
    "I": "investigateur",
    "A": "artistique",
    "S": "social",
    "E": "entreprenant",
    "C": "conventionnel",
}
onisep_id = RegexValidator(
    r"^MET\.\d+$",
    "Un identifiant ONISEP de métier s'écrit MET. suivi d'un nombre, par exemple MET.416.",
)


class ProfessionQuerySet(PublishableQuerySet):
    def with_work_context(self, context):
        """The professions whose linked ROME fiches list a work context, given by its OGR code
        (« 300803 ») or its exact ROME label (« Travail de nuit »): « which published
        professions have the context "travail de nuit" » is
        `Profession.objects.published().with_work_context("Travail de nuit")`."""
        context = str(context).strip()
        lookup = "code_ogr" if context.isdigit() else "label__iexact"
        matching = RomeWorkContext.objects.filter(**{lookup: context})
        return self.filter(rome_codes__contexts__in=matching).distinct()


class Profession(SearchableMixin, SourcedMixin, PublishableModel):
    remember_old_slugs = True  # its old addresses keep answering (careers_site/core/slugs.py)
    objects = ProfessionQuerySet.as_manager()

    title_masculine = models.CharField("intitulé au masculin", max_length=120)
    title_feminine = models.CharField("intitulé au féminin", max_length=120)
    slug = models.SlugField("adresse (slug)", max_length=120, unique=True)
    other_names = models.TextField(
        "autres noms",
        blank=True,
        help_text="Un nom par ligne : abréviations et noms courants (« manip radio », "
        "« MERM »). La recherche les trouve tous.",
    )
    rome_code = models.CharField(
        "code ROME", max_length=5, blank=True, validators=[rome_code], db_index=True
    )
    rome_codes = models.ManyToManyField(
        "RomeCode",
        verbose_name="fiches ROME liées",
        blank=True,
        related_name="professions",
        help_text="Les fiches du ROME de France Travail qui décrivent ce métier : la page en "
        "montre les appellations et les conditions de travail, « Est-ce pour moi ? » s'en sert. "
        "Les fiches proposées plus bas viennent des appellations : vérifiez avant de lier.",
    )
    onisep_id = models.CharField(
        "identifiant ONISEP", max_length=12, blank=True, validators=[onisep_id]
    )
    riasec = models.CharField(
        "codes d'intérêt ROME (RIASEC)",
        max_length=3,
        blank=True,
        validators=[riasec_codes],
        help_text="Les lettres d'intérêt de la fiche ROME de France Travail, la principale "
        "d'abord, par exemple « SR ». Laissez vide sans source.",
    )
    tagline = models.CharField(
        "accroche", max_length=200, help_text="Une phrase qui donne envie, en langage courant."
    )
    summary = models.TextField(
        "en quelques mots", help_text="Le métier expliqué simplement, comme à un lycéen."
    )
    missions = models.TextField("missions au quotidien", blank=True)
    skills = models.TextField("compétences et qualités", blank=True)
    working_conditions = RichTextField("conditions de travail et horaires", blank=True)
    workplaces = models.TextField("lieux d'exercice", blank=True)
    career_moves = RichTextField("évolutions possibles", blank=True)
    workforce = models.CharField(
        "effectifs",
        max_length=200,
        blank=True,
        help_text="Par exemple « Environ 34 500 professionnels en France (ONISEP) ».",
    )
    entry_level = models.PositiveSmallIntegerField(
        "niveau minimum pour entrer en formation",
        choices=EntryLevel.choices,
        null=True,
        blank=True,
        help_text="Laissez vide tant qu'aucune source ne le dit : la fiche affiche alors "
        "« non renseigné ».",
    )
    sector = models.CharField("secteur", max_length=20, choices=Sector.choices, db_index=True)
    starting_salary = models.PositiveIntegerField(
        "salaire de début (brut mensuel, en euros)", null=True, blank=True
    )
    salary_note = models.CharField(
        "précision sur le salaire",
        max_length=200,
        blank=True,
        help_text="Par exemple « dans la fonction publique hospitalière, hors primes ».",
    )
    salary_source = models.CharField("source du salaire", max_length=120, blank=True)
    salary_source_url = models.URLField("lien vers la source", blank=True)
    salary_date = models.DateField(
        "date de la donnée", null=True, blank=True, help_text="Mois de publication de la source."
    )
    recruiting = models.BooleanField(
        "recrute",
        default=False,
        help_text="Métier en tension : les employeurs de la région cherchent à recruter.",
    )
    interests = TaggableManager(
        "centres d'intérêt",
        blank=True,
        help_text="Par exemple : contact humain, technologie, travail en équipe.",
    )
    related = models.ManyToManyField("self", verbose_name="métiers proches", blank=True)
    sources = sources_field()
    sources_checked_on = sources_date_field()
    hero_image = models.ImageField(
        "image principale", upload_to="professions/", blank=True, validators=[validate_image]
    )
    hero_image_alt = models.CharField("texte alternatif de l'image", max_length=200, blank=True)
    hero_image_decorative = models.BooleanField("image décorative", default=False)
    # Filled on save (see careers_site.core.search.engine): the names, then everything searched.
    search_title = models.TextField("noms normalisés (recherche)", blank=True, editable=False)
    search_text = models.TextField("texte normalisé (recherche)", blank=True, editable=False)

    class Meta:
        verbose_name = "métier"
        verbose_name_plural = "métiers"
        ordering = ["title_masculine"]
        constraints = [
            publication_window_constraint("profession"),
            models.CheckConstraint(
                condition=Q(starting_salary__isnull=True) | ~Q(salary_source=""),
                name="profession_salary_has_source",
                violation_error_message="Un salaire s'affiche toujours avec sa source.",
            ),
            image_alt_constraint("hero_image", "profession"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        """Both genders, the way the site names a job: « aide-soignant ou aide-soignante »."""
        if self.title_feminine and self.title_feminine.lower() != self.title_masculine.lower():
            return f"{self.title_masculine} ou {self.title_feminine}"
        return self.title_masculine

    @property
    def riasec_labels(self):
        """The ROME interest letters in words: « social, réaliste »."""
        return ", ".join(RIASEC_WORDS[letter] for letter in self.riasec if letter in RIASEC_WORDS)

    @property
    def sources_list(self):
        """The sources typed by staff, then « France Travail, ROME 4.0 (v460) » for each linked
        ROME fiche whose facts the page shows (prefetch `rome_codes` to read them with the
        page's other rows)."""
        sources = parse_sources(self.sources, self.sources_checked_on)
        if self.pk:
            for code in self.rome_codes.all():
                if code.source not in sources:
                    sources.append(code.source)
        return sources

    @property
    def other_names_list(self):
        return [name.strip() for name in self.other_names.splitlines() if name.strip()]

    def get_absolute_url(self):
        return reverse("professions:detail", kwargs={"slug": self.slug})

    def work_contexts(self):
        """The ROME work contexts of the fiches linked to this profession."""
        return RomeWorkContext.objects.filter(codes__professions=self).distinct()

    def clean(self):
        clean_image_alt(self, "hero_image")

    @staticmethod
    def search_documents(profession):
        """(search_title, search_text) of a profession; also used by the data migration and
        `rebuild_search`, hence a function of the fields only."""
        title = search_document(
            profession.title_masculine, profession.title_feminine, profession.other_names
        )
        return title, search_document(title, profession.tagline, profession.summary)


# The data migration 0003 imports it under this name.
search_documents = Profession.search_documents


def published_professions(lookup="professions", to_attr="published_professions"):
    """The published professions of a diploma, an aid, a campaign, a video or an event, A to Z,
    prefetched into `to_attr`: the one rule for « which professions does the public see »."""
    return Prefetch(
        lookup,
        queryset=Profession.objects.published().order_by("title_masculine"),
        to_attr=to_attr,
    )


def rome_fiches():
    """A profession's linked ROME fiches with what its page shows of them (three queries, none
    when no fiche is linked): the work contexts by type, then the job titles in use, the
    main one first (`common_appellations`). `Profession.sources_list` reads the same rows."""
    return Prefetch(
        "rome_codes",
        queryset=RomeCode.objects.order_by("code").prefetch_related(
            Prefetch("contexts", queryset=RomeWorkContext.objects.order_by("type_code", "label")),
            Prefetch(
                "appellations",
                queryset=RomeAppellation.objects.filter(rarely_used=False).order_by(
                    "-is_main", "label"
                ),
                to_attr="common_appellations",
            ),
        ),
    )


# -- « Est-ce pour moi ? » (careers_site/orientation) -----------------------------------------
# The questions and each profession's answer are data, kept with the professions: staff write
# the questions and set each job's position in the admin, without a developer. The ranking
# that reads them is code, in careers_site/orientation/ranking.py.


# Parameters the pages of « Est-ce pour moi ? » already use: a question may not take their name.
RESERVED_SITUATION_SLUGS = frozenset({"salon", "src", "page", "q", "interets"})

ogr_codes = RegexValidator(
    r"^[\d\s]*$",
    "Des codes OGR du ROME (des nombres) séparés par des espaces, par exemple « 300803 23376 ».",
)


def validate_situation_slug(value):
    if value in RESERVED_SITUATION_SLUGS:
        raise ValidationError(
            f"« {value} » sert déjà dans l'adresse des résultats : choisissez un autre nom court."
        )


class SituationQuerySet(models.QuerySet):
    def asked(self):
        """The situations the visitor is asked about, in their order."""
        return self.filter(is_active=True).order_by("position", "pk")


class Situation(TimeStampedModel):
    """A real situation of the work (« travailler la nuit »), asked as a question with the
    answers « oui », « non », « je ne sais pas »."""

    objects = SituationQuerySet.as_manager()

    slug = models.SlugField(
        "nom court",
        max_length=30,
        unique=True,
        validators=[validate_situation_slug],
        help_text="Un ou deux mots sans accent ni espace (« nuit »). Il apparaît dans "
        "l'adresse des résultats : ne le changez plus une fois la question en ligne, les "
        "liens partagés ne la retrouveraient pas.",
    )
    question = models.CharField(
        "question",
        max_length=200,
        help_text="Des phrases courtes, une idée par phrase, des mots de tous les jours : "
        "« Travailler la nuit ou le week-end. Ça vous irait ? »",
    )
    hint = models.CharField(
        "précision",
        max_length=250,
        blank=True,
        help_text="Facultatif : une phrase sous la question, pour aider à répondre.",
    )
    topic = models.CharField(
        "le sujet, à l'infinitif",
        max_length=120,
        help_text="Il complète « Vous êtes d'accord pour … » et « Vous préférez ne pas … » "
        "dans les explications : « travailler la nuit ou le week-end », « vous occuper "
        "d'enfants ».",
    )
    position = models.PositiveSmallIntegerField(
        "ordre",
        default=0,
        help_text="Les questions sont posées de la plus petite à la plus grande valeur.",
    )
    is_active = models.BooleanField(
        "posée aux visiteurs",
        default=True,
        help_text="Décochez pour retirer la question sans perdre les réponses des métiers.",
    )
    rome_contexts = models.CharField(
        "contextes de travail du ROME qui y répondent",
        max_length=200,
        blank=True,
        validators=[ogr_codes],
        help_text="Les codes OGR des contextes de travail de France Travail (voir « Contextes "
        "de travail (ROME) ») qui répondent à la question, séparés par des espaces : « 300803 "
        "23376 » pour la nuit et les week-ends. Un métier lié à une fiche ROME y prend alors "
        "sa réponse, sauf si vous en donnez une vous-même. Vide : seules vos réponses comptent.",
    )
    former_slugs = models.CharField(
        "anciens noms courts",
        max_length=200,
        blank=True,
        help_text="Si vous avez renommé le nom court, gardez l'ancien ici (séparés par des "
        "espaces) : les liens et QR codes déjà partagés retrouvent la réponse.",
    )

    class Meta:
        verbose_name = "situation de travail (« Est-ce pour moi ? »)"
        verbose_name_plural = "situations de travail (« Est-ce pour moi ? »)"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.question

    @property
    def rome_context_codes(self):
        return frozenset(self.rome_contexts.split())

    @property
    def address_names(self):
        """The names of its answer in a result's address: the slug, then the former ones."""
        return [self.slug, *self.former_slugs.split()]


class Frequency(models.TextChoices):
    """How much a profession involves a situation."""

    OFTEN = "souvent", "Oui : le métier le demande souvent"
    DEPENDS = "selon", "Ça dépend du poste ou de la formation"
    RARELY = "rarement", "Non : rarement ou jamais"


class ProfessionSituation(models.Model):
    """Where a profession stands on one situation, with why and where it comes from. No row
    means « non renseigné »: the result then says that nobody has told us yet."""

    profession = models.ForeignKey(
        Profession, verbose_name="métier", on_delete=models.CASCADE, related_name="situations"
    )
    situation = models.ForeignKey(
        Situation, verbose_name="situation", on_delete=models.CASCADE, related_name="positions"
    )
    frequency = models.CharField("dans ce métier", max_length=10, choices=Frequency.choices)
    note = models.CharField(
        "explication",
        max_length=300,
        blank=True,
        help_text="Une phrase montrée au visiteur : « Le DEUST se prépare uniquement en "
        "alternance. »",
    )
    source = models.CharField(
        "source", max_length=200, blank=True, help_text="Par exemple « ONISEP, octobre 2025 »."
    )
    source_url = models.URLField("lien vers la source", blank=True)

    class Meta:
        verbose_name = "réponse du métier"
        verbose_name_plural = "« Est-ce pour moi ? » : le métier face à chaque situation"
        ordering = ["situation__position", "situation__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profession", "situation"],
                name="profession_situation_once",
                violation_error_message="Ce métier a déjà une réponse pour cette situation.",
            )
        ]

    def __str__(self):
        return f"{self.profession} – {self.situation.topic} : {self.get_frequency_display()}"


# -- The ROME (France Travail) -----------------------------------------------------------------
# Imported from France Travail's own « RefRomeCsv » files by `manage.py import_rome`
# (professions/rome.py). Every row keeps the version it came from; a profession shows the data
# of the codes staff linked to it (`Profession.rome_codes`), never of a code guessed silently.


class RomeWorkContext(models.Model):
    """A « contexte de travail » of the ROME: « Travail de nuit », « Au domicile d'un
    particulier »… The ROME lists the contexts a job has; one it does not list is unknown."""

    code_ogr = models.CharField("code OGR", max_length=12, unique=True)
    label = models.CharField("intitulé", max_length=200)
    type_code = models.CharField("code du type", max_length=4, blank=True)
    type_label = models.CharField("type", max_length=120, blank=True)
    version = models.CharField("version du ROME", max_length=10)

    class Meta:
        verbose_name = "contexte de travail (ROME)"
        verbose_name_plural = "contextes de travail (ROME)"
        ordering = ["type_code", "label"]

    def __str__(self):
        return self.label


class RomeInterest(models.Model):
    """A « centre d'intérêt » of the ROME (« J'ai envie de soigner »…)."""

    code = models.CharField("code", max_length=6, unique=True)
    label = models.CharField("intitulé", max_length=200)
    definition = models.TextField("définition", blank=True)
    version = models.CharField("version du ROME", max_length=10)

    class Meta:
        verbose_name = "centre d'intérêt (ROME)"
        verbose_name_plural = "centres d'intérêt (ROME)"
        ordering = ["label"]

    def __str__(self):
        return self.label


class RomeCode(models.Model):
    """A fiche of the ROME: its code, label, RIASEC interests and work contexts."""

    code = models.CharField("code ROME", max_length=5, unique=True, validators=[rome_code])
    label = models.CharField("intitulé", max_length=200)
    riasec_major = models.CharField("intérêt RIASEC majeur", max_length=1, blank=True)
    riasec_minor = models.CharField("intérêt RIASEC mineur", max_length=1, blank=True)
    family = models.CharField(
        "famille (grand domaine › domaine professionnel)", max_length=250, blank=True
    )
    contexts = models.ManyToManyField(
        RomeWorkContext, verbose_name="contextes de travail", blank=True, related_name="codes"
    )
    interests = models.ManyToManyField(
        RomeInterest,
        verbose_name="centres d'intérêt",
        blank=True,
        related_name="codes",
        through="RomeCodeInterest",
    )
    version = models.CharField("version du ROME", max_length=10)
    version_date = models.DateField("date de la version", null=True, blank=True)
    imported_at = models.DateTimeField("importé le")

    class Meta:
        verbose_name = "fiche ROME"
        verbose_name_plural = "fiches ROME"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.label}"

    @property
    def riasec(self):
        return self.riasec_major + self.riasec_minor

    @property
    def source(self):
        """« France Travail, ROME 4.0 (v460) », dated, as a Source of the sources list."""
        from .rome import rome_source  # the importer owns the wording of its provenance

        imported_on = timezone.localdate(self.imported_at) if self.imported_at else None
        return rome_source(self.version, self.version_date, self.code, imported_on)

    @property
    def official_url(self):
        from django.conf import settings

        return settings.ROME_FICHE_URL.format(code=self.code)


class RomeCodeInterest(models.Model):
    rome_code = models.ForeignKey(RomeCode, on_delete=models.CASCADE, related_name="+")
    interest = models.ForeignKey(RomeInterest, on_delete=models.CASCADE, related_name="+")
    is_main = models.BooleanField("principal", default=False)

    class Meta:
        verbose_name = "centre d'intérêt d'une fiche ROME"
        verbose_name_plural = "centres d'intérêt des fiches ROME"
        ordering = ["-is_main", "interest__label"]
        constraints = [
            models.UniqueConstraint(fields=["rome_code", "interest"], name="rome_interest_once")
        ]

    def __str__(self):
        return f"{self.rome_code.code} – {self.interest}"


class RomeAppellation(models.Model):
    """A job title of the ROME (« Aide-soignant / Aide-soignante en gériatrie »): masculine and
    feminine in one label."""

    code_ogr = models.CharField("code OGR", max_length=12, unique=True)
    rome_code = models.ForeignKey(
        RomeCode, verbose_name="fiche ROME", on_delete=models.CASCADE, related_name="appellations"
    )
    label = models.CharField("intitulé", max_length=250)
    short_label = models.CharField("intitulé court", max_length=250, blank=True)
    is_main = models.BooleanField("appellation principale", default=False)
    rarely_used = models.BooleanField("peu usitée", default=False)
    version = models.CharField("version du ROME", max_length=10)
    # The label normalised (careers_site.core.search.text.normalise), for the site search.
    search_title = models.TextField("intitulé normalisé", blank=True, editable=False)

    class Meta:
        verbose_name = "appellation (ROME)"
        verbose_name_plural = "appellations (ROME)"
        ordering = ["rome_code__code", "-is_main", "label"]

    def __str__(self):
        return self.label
