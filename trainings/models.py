from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from careers_site.core.geo import Departement
from careers_site.core.models import (
    PublishableModel,
    PublishableQuerySet,
    publication_window_constraint,
)
from careers_site.core.richtext import RichTextField
from careers_site.core.search.documents import SearchableMixin, search_fields
from careers_site.core.search.text import search_document
from careers_site.core.sources import SourcedMixin, sources_date_field, sources_field
from careers_site.core.text import normalise


class Level(models.IntegerChoices):
    LEVEL_3 = 3, "Niveau 3 (CAP, BEP)"
    LEVEL_4 = 4, "Niveau 4 (bac)"
    LEVEL_5 = 5, "Niveau 5 (bac + 2)"
    LEVEL_6 = 6, "Niveau 6 (bac + 3, licence)"
    LEVEL_7 = 7, "Niveau 7 (bac + 5, master)"


rncp_code = RegexValidator(
    r"^RNCP\d{3,6}$", "Un code RNCP s'écrit RNCP suivi de chiffres, par exemple RNCP39942."
)
postcode = RegexValidator(r"^\d{5}$", "Un code postal compte cinq chiffres.")
finess_number = RegexValidator(
    r"^[A-Za-z0-9]{9}$", "Un numéro FINESS compte neuf caractères, chiffres ou lettres."
)
parcoursup_code = RegexValidator(
    r"^\d{1,10}$", "Le code Parcoursup d'une formation ne compte que des chiffres."
)
uai_code = RegexValidator(
    r"^\d{7}[A-Z]$",
    "Un code UAI compte sept chiffres suivis d'une lettre majuscule, par exemple 0692522S.",
)


class Diploma(SourcedMixin, SearchableMixin, PublishableModel):
    remember_old_slugs = True  # its old addresses keep answering (careers_site/core/slugs.py)
    # Set by the lists ordered by proximity (« à 12 km »); None: not measured.
    distance_km = None

    name = models.CharField("intitulé", max_length=200)
    acronym = models.CharField("sigle", max_length=30, blank=True)
    slug = models.SlugField("adresse (slug)", max_length=120, unique=True)
    summary = models.TextField("en quelques mots", blank=True)
    level = models.PositiveSmallIntegerField(
        "niveau",
        choices=Level.choices,
        null=True,
        blank=True,
        help_text="Laissez vide tant qu'aucune source officielle ne le donne : la page dit "
        "alors « niveau non renseigné ».",
    )
    rncp_code = models.CharField("code RNCP", max_length=12, blank=True, validators=[rncp_code])
    duration_months = models.PositiveSmallIntegerField(
        "durée (en mois)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(96)],
        help_text="Par exemple 36 pour trois ans, 11 pour 44 semaines.",
    )
    duration_note = models.CharField(
        "précision sur la durée",
        max_length=200,
        blank=True,
        help_text="Par exemple « 4 200 heures, moitié cours, moitié stages ».",
    )
    ects = models.PositiveSmallIntegerField("crédits ECTS", null=True, blank=True)
    grade = models.CharField("grade universitaire", max_length=60, blank=True)
    entry_requirements = RichTextField("conditions d'accès", blank=True)
    admission = RichTextField("sélection et inscription", blank=True)
    entry_routes = models.TextField(
        "voies d'accès",
        blank=True,
        help_text="Formation initiale, continue, VAE, apprentissage : une voie par ligne.",
    )
    minimum_age = models.PositiveSmallIntegerField("âge minimum", null=True, blank=True)
    # Tri-state: None is « non renseigné », never « Non » (docs/editors.md, « Ce qu'on ne sait
    # pas »).
    apprenticeship_possible = models.BooleanField(
        "possible en apprentissage",
        null=True,
        blank=True,
        default=None,
        help_text="Laissez « Inconnu » tant qu'aucune source ne le dit : le site affiche alors "
        "« non renseigné ». « Non » seulement si une source dit que l'apprentissage n'existe pas.",
    )
    apprenticeship_only = models.BooleanField(
        "uniquement en alternance",
        default=False,
        help_text="Cochez si la formation ne se suit qu'en apprentissage ou en contrat de "
        "professionnalisation.",
    )
    professions = models.ManyToManyField(
        "professions.Profession",
        verbose_name="métiers visés",
        related_name="diplomas",
        blank=True,
    )
    reform_note = models.TextField(
        "réforme en cours",
        blank=True,
        help_text="Ce qui change, pour qui et à partir de quand, en une ou deux phrases. "
        "Indiquez sa source dans « sources ».",
    )
    reform_from = models.DateField(
        "la réforme s'applique à partir du",
        null=True,
        blank=True,
        help_text="Seulement si une source officielle donne la date.",
    )
    reform_note_until = models.DateField(
        "ce texte cesse d'être vrai le",
        null=True,
        blank=True,
        help_text="Le jour où « réforme en cours » ne sera plus vrai (la réforme est passée, "
        "ou un nouveau texte la remplace) : à partir de ce jour, la page ne l'affiche plus et "
        "« À traiter » vous le signale.",
    )
    sources = sources_field()
    sources_checked_on = sources_date_field()
    search_title, search_text = search_fields()

    class Meta:
        verbose_name = "diplôme"
        verbose_name_plural = "diplômes"
        ordering = ["level", "name"]
        constraints = [
            publication_window_constraint("diploma"),
            models.CheckConstraint(
                condition=Q(reform_from__isnull=True)
                | Q(reform_note_until__isnull=True)
                | Q(reform_note_until__gt=F("reform_from")),
                name="diploma_reform_note_ends_after_it_starts",
                violation_error_message="Le texte de la réforme ne peut pas cesser d'être vrai "
                "avant la date où la réforme s'applique : corrigez l'une des deux dates.",
            ),
            models.CheckConstraint(
                condition=Q(apprenticeship_only=False) | Q(apprenticeship_possible=True),
                name="diploma_apprenticeship_only_implies_possible",
                violation_error_message="Une formation uniquement en alternance est forcément "
                "possible en apprentissage.",
            ),
        ]
        indexes = [
            # The order of « Où se former » starts with the diploma: read off this index, the
            # planner walks the diplomas in order and sorts each one's offers apart
            # (incremental sort), stopping once the page is full, instead of sorting every
            # public offer (trainings.views.OfferListView).
            models.Index(fields=["level", "name", "id"], name="diploma_order_idx")
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @staticmethod
    def search_documents(diploma):
        """(search_title, search_text); a function of the fields only, so that the data
        migration and `rebuild_search` can use it."""
        title = search_document(diploma.name, diploma.acronym)
        return title, search_document(title, diploma.rncp_code)

    def get_absolute_url(self):
        return reverse("trainings:diploma_detail", kwargs={"slug": self.slug})

    @property
    def short_name(self):
        return self.acronym or self.name

    @property
    def duration_label(self):
        months = self.duration_months
        if not months:
            return ""
        if months % 12 == 0:
            years = months // 12
            return "1 an" if years == 1 else f"{years} ans"
        return f"{months} mois"

    def reform_label(self, today=None):
        """The reform's state, written from its date so that it ages with the calendar:
        « entrera en vigueur le 1er septembre 2026 », « entre en vigueur aujourd'hui »,
        then « en vigueur depuis le 1er septembre 2026 »; « en cours » without a date."""
        if not self.reform_from:
            return "en cours"
        today = today or timezone.localdate()
        day = date_format(self.reform_from, "j F Y")
        if self.reform_from.day == 1:
            day = "1er" + day[1:]
        if today < self.reform_from:
            return f"entrera en vigueur le {day}"
        if today == self.reform_from:
            return f"entre en vigueur aujourd'hui, le {day}"
        return f"en vigueur depuis le {day}"

    @property
    def reform_state(self):
        return self.reform_label()

    @property
    def shows_reform(self):
        """The reform note is shown until the day the editor said it stops being true."""
        if not self.reform_note:
            return False
        return self.reform_note_until is None or timezone.localdate() < self.reform_note_until

    @property
    def entry_routes_list(self):
        return [line.strip() for line in self.entry_routes.splitlines() if line.strip()]


class InstituteKind(models.TextChoices):
    IFAS = "ifas", "Institut de formation d'aides-soignants (IFAS)"
    IFSI_IFAS = "ifsi-ifas", "Institut de formation en soins infirmiers et d'aides-soignants"
    IFMEM = "ifmem", "Institut de formation de manipulateurs (IFMEM)"
    IFPPH = "ifpph", "Centre de formation de préparateurs en pharmacie hospitalière"
    HIGH_SCHOOL = "lycee", "Lycée"
    CFA = "cfa", "Centre de formation d'apprentis (CFA)"
    UNIVERSITY = "universite", "Université"
    GROUPED = "institut", "Institut de formation (plusieurs filières)"
    OTHER = "autre", "Autre établissement"


# The fields an import fills; each keeps the value last imported in `source_values`.
IMPORTED_FIELDS = (
    "name",
    "address",
    "postcode",
    "commune",
    "departement",
    "phone",
    "latitude",
    "longitude",
)


def imported_value(value):
    """A field's value as `source_values` stores it (JSON): text, coordinates as text."""
    return "" if value is None else str(value)


# Kept in capitals when a name written in capitals is shown in a readable case.
ACRONYMS = frozenset(
    [
        "IFSI",
        "IFAS",
        "IFAP",
        "IFA",
        "IFMK",
        "IFMEM",
        "IFPS",
        "IFAPAS",
        "CHU",
        "CH",
        "CHS",
        "CHR",
        "CHI",
        "CHRU",
        "EFTS",
        "IRTS",
        "ITSRA",
        "IREIS",
        "ISTR",
        "ISRP",
        "UFR",
        "CFA",
        "GCS",
        "EHPAD",
        "APRADIS",
        "OCELLIA",
        "ESSSE",
        "IFTS",
        "EIFS",
        "HCL",
        "ARS",
        "AP-HP",
    ]
)
SMALL_WORDS = frozenset(
    ["de", "du", "des", "la", "le", "les", "et", "en", "aux", "au", "sur", "sous", "à", "d", "l"]
)


def _readable_word(word, first):
    if word.upper() in ACRONYMS:
        return word.upper()
    if "'" in word or "’" in word:  # « D'ESSAI » → « d'Essai »
        quote = "'" if "'" in word else "’"
        head, _, tail = word.partition(quote)
        return _readable_word(head, first) + quote + _readable_word(tail, False)
    if "-" in word:  # « SAINT-FLOUR » → « Saint-Flour »
        return "-".join(
            _readable_word(part, first and not i) for i, part in enumerate(word.split("-"))
        )
    lower = word.lower()
    if lower in SMALL_WORDS and not first:
        return lower
    return lower[:1].upper() + lower[1:]


def readable_name(name):
    """A name published in capitals (FINESS: « IFAS DU CENTRE HOSPITALIER D'ESSAI ») in a
    readable case that keeps the acronyms (« IFAS du Centre Hospitalier d'Essai »); a name
    already in mixed case (« IFSI du CHU de Saint-Étienne ») is left as published."""
    if any(char.islower() for char in name):
        return name
    return " ".join(_readable_word(word, i == 0) for i, word in enumerate(name.split()))


class InstituteSource(models.TextChoices):
    FINESS = "finess", "FINESS (Agence du numérique en santé)"
    PARCOURSUP = "parcoursup", "Parcoursup (ministère de l'Enseignement supérieur)"


class Institute(SourcedMixin, SearchableMixin, PublishableModel):
    remember_old_slugs = True  # its old addresses keep answering (careers_site/core/slugs.py)

    name = models.CharField("nom", max_length=200)
    acronym = models.CharField("sigle", max_length=30, blank=True)
    slug = models.SlugField("adresse (slug)", max_length=140, unique=True)
    kind = models.CharField("type", max_length=20, choices=InstituteKind.choices)
    parent_organisation = models.CharField(
        "établissement de rattachement",
        max_length=200,
        blank=True,
        help_text="Par exemple « Centre hospitalier de Saint-Flour ».",
    )
    description = RichTextField("présentation", blank=True)
    address = models.CharField("adresse", max_length=200, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True, validators=[postcode])
    commune = models.CharField("commune", max_length=100)
    departement = models.CharField(
        "département", max_length=3, choices=Departement.choices, db_index=True
    )
    latitude = models.DecimalField(
        "latitude", max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        "longitude", max_digits=8, decimal_places=5, null=True, blank=True
    )
    website = models.URLField("site internet", blank=True)
    applications_url = models.URLField(
        "page « candidater » ou « admission »",
        blank=True,
        help_text="La page du site de l'établissement qui explique comment candidater et "
        "publie les dates de sélection : affichée en haut de sa page.",
    )
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    accessibility = RichTextField(
        "accueil des personnes handicapées",
        blank=True,
        help_text="Accessibilité des locaux, référent handicap, aménagements possibles.",
    )
    labels = models.CharField(
        "labels",
        max_length=200,
        blank=True,
        help_text="Par exemple « H+ Formation (depuis 2021) ».",
    )
    # What an editor wrote from other sources (the institute's site, Parcoursup); what FINESS
    # gave is dated by `source_imported_at` below.
    sources = sources_field()
    sources_checked_on = sources_date_field()
    # Provenance (trainings/finess.py): where the record came from, under which licence, when
    # it was last imported, and the values the import last wrote, so that a later import can
    # tell a field an editor changed by hand (current value ≠ imported value) and leave it.
    source = models.CharField(
        "source des données", max_length=20, choices=InstituteSource.choices, blank=True
    )
    source_id = models.CharField(
        "numéro FINESS",
        max_length=9,
        blank=True,
        validators=[finess_number],
        help_text="Numéro FINESS de l'établissement (entité géographique), neuf caractères. "
        "Il relie la fiche au fichier national : les imports suivants la mettent à jour.",
    )
    source_licence = models.CharField("licence des données", max_length=100, blank=True)
    source_imported_at = models.DateTimeField("dernier import", null=True, blank=True)
    source_values = models.JSONField(
        "valeurs du dernier import", default=dict, blank=True, editable=False
    )
    source_closed_on = models.DateField(
        "fermé selon la source le",
        null=True,
        blank=True,
        help_text="Rempli par l'import quand FINESS indique l'établissement fermé.",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="fusionné dans",
        on_delete=models.SET_NULL,
        related_name="merged",
        null=True,
        blank=True,
        editable=False,
        help_text="Rempli par la fusion de deux fiches (trainings/merging.py) : ses offres, "
        "ses anciennes adresses et ses liens courts mènent à celle-ci.",
    )
    uai = models.CharField(
        "code UAI",
        max_length=8,
        blank=True,
        validators=[uai_code],
        help_text="Code de l'établissement dans le répertoire de l'Éducation nationale (UAI), "
        "tel que Parcoursup le publie : l'import Parcoursup relie ses formations à la fiche "
        "qui porte ce code.",
    )
    search_title, search_text = search_fields()

    class Meta:
        verbose_name = "établissement de formation"
        verbose_name_plural = "établissements de formation"
        ordering = ["commune", "name"]
        constraints = [
            publication_window_constraint("institute"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="institute_coordinates_pair_in_range",
                violation_error_message="Indiquez la latitude et la longitude ensemble, "
                "ou aucune des deux.",
            ),
            models.UniqueConstraint(
                fields=["source_id"],
                condition=~Q(source_id=""),
                name="institute_unique_source_id",
                violation_error_message="Un autre établissement porte déjà ce numéro FINESS.",
            ),
            models.UniqueConstraint(
                fields=["uai"],
                condition=~Q(uai=""),
                name="institute_unique_uai",
                violation_error_message="Un autre établissement porte déjà ce code UAI.",
            ),
        ]
        indexes = [
            # The order of the public list (trainings.views.InstituteListView), in pages of 20:
            # a page is read off the index instead of sorting thousands of rows.
            models.Index(
                fields=["departement", "commune", "name"], name="institute_list_order_idx"
            ),
            # The institutes of a commune's postcodes (the search's answer to a place).
            models.Index(
                fields=["postcode", "departement", "commune", "name"], name="institute_postcode_idx"
            ),
            # The institutes around a position (trainings.places.NearestFirstIds).
            models.Index(fields=["latitude", "longitude"], name="institute_position_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.commune})"

    @staticmethod
    def search_documents(institute):
        title = search_document(institute.name, institute.acronym)
        departement = dict(Departement.choices).get(institute.departement, "")
        return title, search_document(
            title,
            institute.parent_organisation,
            institute.commune,
            institute.postcode,
            departement,
        )

    def get_absolute_url(self):
        return reverse("trainings:institute_detail", kwargs={"slug": self.slug})

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def display_name(self):
        """The name as the pages show it: kept as published, in a readable case when the
        source wrote it in capitals (`readable_name`)."""
        return readable_name(self.name)

    def hand_edited_fields(self):
        """The imported fields an editor has changed since the last import (their value
        differs from the one the import wrote), in the order of IMPORTED_FIELDS."""
        return [
            name
            for name in IMPORTED_FIELDS
            if name in self.source_values
            and imported_value(getattr(self, name)) != self.source_values[name]
        ]


class Modality(models.TextChoices):
    INITIAL = "initiale", "Formation initiale"
    APPRENTICESHIP = "apprentissage", "Apprentissage"
    CONTINUING = "continue", "Formation continue"
    VAE = "vae", "Validation des acquis de l'expérience (VAE)"


class ApplicationRoute(models.TextChoices):
    PARCOURSUP = "parcoursup", "Sur Parcoursup"
    INSTITUTE = "etablissement", "Sélection organisée par l'établissement"
    EMPLOYER = "employeur", "Avec un employeur et le centre de formation (apprentissage)"


class Month(models.IntegerChoices):
    JANUARY = 1, "janvier"
    FEBRUARY = 2, "février"
    MARCH = 3, "mars"
    APRIL = 4, "avril"
    MAY = 5, "mai"
    JUNE = 6, "juin"
    JULY = 7, "juillet"
    AUGUST = 8, "août"
    SEPTEMBER = 9, "septembre"
    OCTOBER = 10, "octobre"
    NOVEMBER = 11, "novembre"
    DECEMBER = 12, "décembre"


# The order of offers listed by place (`TrainingOfferQuerySet.by_place`, trainings/by_place.py).
BY_PLACE = ("departement", "commune", "institute__name", "modality", "pk")

# An offer's copies of its institute's place and of its diploma's order (trainings/copies.py),
# and the fields, by name or column, whose change makes it copy them again.
COPIED_FIELDS = ("departement", "commune", "diploma_level", "diploma_name")
RELATED_COPIED = {"institute", "institute_id", "diploma", "diploma_id"}


# Where an offer's application window stands on a day (`TrainingOffer.application_window`).
WINDOW_OPEN, WINDOW_UPCOMING, WINDOW_PAST, WINDOW_UNKNOWN = "open", "upcoming", "past", "unknown"


def open_for_applications(today):
    """« Candidatures ouvertes » on `today`, as a Q: a known window, opened on or before
    today, closing today or later (the closing day is still open). The same rule, row by
    row, is `TrainingOffer.application_window`."""
    return Q(applications_open__lte=today, applications_close__gte=today)


class TrainingOfferQuerySet(PublishableQuerySet):
    def public(self, on_diploma_page=False):
        """Offers the public may see: the offer, its diploma and its institute are all
        published. On the diploma's own page (`on_diploma_page`), the page has already
        checked the diploma: a staff preview of a draft diploma shows the offers the public
        will get once it is published."""
        queryset = self.published().filter(institute__in=Institute.objects.published())
        if on_diploma_page:
            return queryset
        return queryset.filter(diploma__in=Diploma.objects.published())

    def by_place(self):
        """With their institute, by département, town and institute."""
        return self.select_related("institute").order_by(*BY_PLACE)

    def with_parcoursup_figures(self):
        """With each session's Parcoursup figures, latest first (`offer.latest_figures`):
        one query for all the offers of a page."""
        return self.prefetch_related(
            models.Prefetch(
                "parcoursup_figures",
                queryset=ParcoursupFigures.objects.order_by("-session"),
                to_attr="parcoursup_sessions",
            )
        )


class TrainingOffer(PublishableModel):
    """A diploma taught at an institute in one modality."""

    objects = TrainingOfferQuerySet.as_manager()
    # Set by « Où se former » ordered by proximity (« à 12 km »); None: not measured.
    distance_km = None

    diploma = models.ForeignKey(
        Diploma, verbose_name="diplôme", on_delete=models.PROTECT, related_name="offers"
    )
    institute = models.ForeignKey(
        Institute,
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="offers",
    )
    modality = models.CharField("modalité", max_length=15, choices=Modality.choices)
    places = models.PositiveSmallIntegerField("nombre de places", null=True, blank=True)
    intake_month = models.PositiveSmallIntegerField(
        "mois de rentrée", choices=Month.choices, null=True, blank=True
    )
    start_date = models.DateField("date de rentrée", null=True, blank=True)
    applications_open = models.DateField("ouverture des candidatures", null=True, blank=True)
    applications_close = models.DateField("clôture des candidatures", null=True, blank=True)
    results_date = models.DateField("publication des résultats", null=True, blank=True)
    application_route = models.CharField(
        "façon de candidater",
        max_length=15,
        choices=ApplicationRoute.choices,
        blank=True,
        help_text="Vide : « Apprentissage » pour une offre en apprentissage, sinon le site "
        "dit que la façon de candidater n'est pas encore indiquée.",
    )
    application_url = models.URLField(
        "lien pour candidater",
        blank=True,
        help_text="La page de la formation sur Parcoursup, ou la page de l'établissement pour "
        "candidater.",
    )
    application_note = models.CharField(
        "comment candidater",
        max_length=250,
        blank=True,
        help_text="Par exemple « sur Parcoursup » ou « dossier à déposer à l'institut ».",
    )
    fees = models.CharField(
        "coût",
        max_length=250,
        blank=True,
        help_text="Par exemple « Gratuit : coût pédagogique pris en charge par la Région ».",
    )
    last_verified = models.DateField(
        "informations vérifiées le",
        null=True,
        blank=True,
        help_text="Date à laquelle quelqu'un a vérifié ces informations auprès de l'institut.",
    )
    parcoursup_code = models.CharField(
        "code Parcoursup de la formation",
        max_length=10,
        blank=True,
        validators=[parcoursup_code],
        help_text="Le « cod_aff_form » de la formation dans les données ouvertes de Parcoursup "
        "(le nombre après g_ta_cod= dans l'adresse de sa fiche) : l'import Parcoursup met à jour "
        "cette offre au lieu d'en créer une autre.",
    )
    # The values the Parcoursup import last wrote (trainings/parcoursup.py), so that a field
    # an editor changed by hand is left alone by the next import.
    source_values = models.JSONField(
        "valeurs du dernier import", default=dict, blank=True, editable=False
    )
    # Copies of what every list of offers filters and sorts on, so that those lists read the
    # offers' own table: where the institute is, and the diploma's order. Never edited: kept
    # true with the institute and the diploma by trainings/copies.py.
    departement = models.CharField(
        "département de l'établissement",
        max_length=3,
        choices=Departement.choices,
        blank=True,
        editable=False,
    )
    commune = models.CharField(
        "commune de l'établissement", max_length=100, blank=True, editable=False
    )
    diploma_level = models.PositiveSmallIntegerField(
        "niveau du diplôme", choices=Level.choices, null=True, editable=False
    )
    diploma_name = models.CharField(
        "intitulé du diplôme", max_length=200, blank=True, editable=False
    )

    class Meta:
        verbose_name = "offre de formation"
        verbose_name_plural = "offres de formation"
        ordering = ["diploma_level", "diploma_name", "commune"]
        constraints = [
            publication_window_constraint("trainingoffer"),
            models.CheckConstraint(
                condition=Q(applications_open__isnull=True)
                | Q(applications_close__isnull=True)
                | Q(applications_close__gte=F("applications_open")),
                name="offer_application_window_ordered",
                violation_error_message="La clôture des candidatures ne peut pas précéder "
                "leur ouverture.",
            ),
            models.CheckConstraint(
                condition=Q(places__isnull=True) | Q(places__gt=0),
                name="offer_places_positive",
                violation_error_message="Le nombre de places doit être supérieur à zéro.",
            ),
            models.UniqueConstraint(
                fields=["parcoursup_code"],
                condition=~Q(parcoursup_code=""),
                name="offer_unique_parcoursup_code",
                violation_error_message="Une autre offre porte déjà ce code Parcoursup.",
            ),
        ]
        indexes = [
            models.Index(fields=["modality", "intake_month"], name="offer_modality_month_idx"),
            models.Index(fields=["departement", "commune"], name="offer_place_idx"),
            models.Index(
                fields=["diploma_level", "diploma_name", "diploma", "departement", "commune"],
                name="offer_diploma_order_idx",
            ),
        ]

    def __str__(self):
        return f"{self.diploma.short_name} – {self.institute.name} ({self.get_modality_display()})"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or RELATED_COPIED & set(update_fields):
            self.copy_related()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *COPIED_FIELDS}
        super().save(*args, **kwargs)

    def copy_related(self):
        """Copies its institute's place and its diploma's order (COPIED_FIELDS): `save()`
        does, and what creates offers in bulk. Changes of the institute or the diploma reach
        their offers through trainings/copies.py."""
        self.departement, self.commune = self.institute.departement, self.institute.commune
        self.diploma_level, self.diploma_name = self.diploma.level, self.diploma.name

    def get_absolute_url(self):
        return f"{self.institute.get_absolute_url()}#offre-{self.pk}"

    def application_window(self, today=None):
        """Where the application window stands on `today`: past once the closing day has
        gone by (the closing day itself is still open), upcoming before the opening day, open
        between the two when both are known (`open_for_applications`), else unknown."""
        today = today or timezone.localdate()
        opens, closes = self.applications_open, self.applications_close
        if closes and closes < today:
            return WINDOW_PAST
        if opens and opens > today:
            return WINDOW_UPCOMING
        if opens and closes:
            return WINDOW_OPEN
        return WINDOW_UNKNOWN

    @property
    def applications_are_open(self):
        return self.application_window() == WINDOW_OPEN

    @property
    def latest_figures(self):
        """The latest session's Parcoursup figures, when the page fetched them
        (`TrainingOfferQuerySet.with_parcoursup_figures`); None otherwise: never a query."""
        sessions = getattr(self, "parcoursup_sessions", None)
        return sessions[0] if sessions else None

    @property
    def how_to_apply(self):
        """How and when to apply, honest about today (see `trainings/applying.py`)."""
        from .applying import how_to_apply

        return how_to_apply(self)


class ParcoursupFiliere(models.Model):
    """A label of Parcoursup's « Filière de formation détaillée bis » column, mapped to one
    of the site's diplomas or ignored. Seeded by a data migration (trainings 0019) with the
    labels of the diplomas the site presents; staff map or ignore the labels the import
    reports as unknown (trainings/parcoursup.py never guesses)."""

    label = models.CharField("intitulé Parcoursup", max_length=250, unique=True)
    # By slug, without a database constraint: the seed names diplomas that the demo or the
    # editors create after the migrations run.
    diploma = models.ForeignKey(
        Diploma,
        verbose_name="diplôme du site",
        to_field="slug",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="+",
        null=True,
        blank=True,
        help_text="Laissez vide et cochez « ignorer » pour une formation que le site ne "
        "présente pas.",
    )
    ignored = models.BooleanField(
        "ignorer",
        default=False,
        help_text="L'import laisse de côté les formations de cet intitulé.",
    )

    class Meta:
        verbose_name = "filière Parcoursup"
        verbose_name_plural = "filières Parcoursup"
        ordering = ["label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ignored=True) | Q(diploma__isnull=False),
                name="parcoursup_filiere_mapped_or_ignored",
                violation_error_message="Choisissez un diplôme, ou cochez « ignorer ».",
            )
        ]

    def __str__(self):
        return self.label


class ParcoursupFigures(models.Model):
    """One session's figures of a training offer, as Parcoursup's open data publish them
    (« fr-esr-parcoursup », Licence Ouverte 2.0). Empty: not published (never 0)."""

    offer = models.ForeignKey(
        TrainingOffer,
        verbose_name="offre",
        on_delete=models.CASCADE,
        related_name="parcoursup_figures",
    )
    session = models.PositiveSmallIntegerField("session")
    training_label = models.CharField("formation (libellé Parcoursup)", max_length=300)
    group_label = models.CharField(
        "regroupement",
        max_length=250,
        blank=True,
        help_text="Le regroupement d'instituts dont Parcoursup compte les chiffres ensemble "
        "(IFSI).",
    )
    capacity = models.PositiveIntegerField("capacité", null=True, blank=True)
    candidates = models.PositiveIntegerField("candidats", null=True, blank=True)
    proposals = models.PositiveIntegerField("propositions d'admission", null=True, blank=True)
    admitted = models.PositiveIntegerField("admis", null=True, blank=True)
    access_rate = models.DecimalField(
        "taux d'accès", max_digits=5, decimal_places=1, null=True, blank=True
    )
    share_general = models.DecimalField(
        "% d'admis néo-bacheliers généraux", max_digits=5, decimal_places=1, null=True, blank=True
    )
    share_technological = models.DecimalField(
        "% d'admis néo-bacheliers technologiques",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    share_professional = models.DecimalField(
        "% d'admis néo-bacheliers professionnels",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    share_grant_holders = models.DecimalField(
        "% d'admis néo-bacheliers boursiers", max_digits=5, decimal_places=1, null=True, blank=True
    )
    imported_at = models.DateTimeField("importé le")

    class Meta:
        verbose_name = "chiffres Parcoursup"
        verbose_name_plural = "chiffres Parcoursup"
        ordering = ["offer", "-session"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "session"], name="parcoursup_figures_one_per_session"
            )
        ]

    def __str__(self):
        return f"{self.offer} – session {self.session}"

    @property
    def is_grouped(self):
        return bool(self.group_label)


class ProximityMatch(models.Model):
    """A Parcoursup school matched to a known institute by place (same commune, the only
    published institute within 1 km) rather than by its UAI code: kept for staff to review.
    Undoing it (`rejected`) takes the UAI off the institute; the next import creates the
    school from Parcoursup's row instead and moves its offers there."""

    uai = models.CharField("code UAI", max_length=8, unique=True, validators=[uai_code])
    institute = models.ForeignKey(
        Institute,
        verbose_name="établissement retenu",
        on_delete=models.CASCADE,
        related_name="proximity_matches",
    )
    parcoursup_name = models.CharField("nom dans Parcoursup", max_length=250)
    parcoursup_commune = models.CharField("commune dans Parcoursup", max_length=100)
    distance_m = models.PositiveIntegerField("distance (m)")
    matched_at = models.DateTimeField("rapproché le")
    rejected = models.BooleanField(
        "rapprochement annulé",
        default=False,
        help_text="L'import suivant crée l'établissement d'après Parcoursup.",
    )

    class Meta:
        verbose_name = "rapprochement Parcoursup à vérifier"
        verbose_name_plural = "rapprochements Parcoursup à vérifier"
        ordering = ["rejected", "-matched_at"]

    def __str__(self):
        return f"{self.parcoursup_name} → {self.institute.name}"


class AidKind(models.TextChoices):
    FUNDING = "financement", "Financement (bourse, prise en charge, rémunération)"
    ROUTE = "voie", "Voie d'accès au diplôme (VAE, formation continue, apprentissage)"


class FinancialAidQuerySet(PublishableQuerySet):
    def for_adults(self):
        """The routes and funding open to adults retraining and job seekers."""
        return self.filter(for_adults=True)


class FinancialAid(SourcedMixin, PublishableModel):
    """A way to pay for a training (a bursary, free tuition, a funded leave) or a route to a
    diploma for adults (VAE, continuing education, apprenticeship): who may use it, the
    steps, the official page."""

    remember_old_slugs = True  # its old addresses keep answering (careers_site/core/slugs.py)

    objects = FinancialAidQuerySet.as_manager()

    name = models.CharField("nom de l'aide", max_length=200)
    slug = models.SlugField("adresse (slug)", max_length=120, unique=True)
    kind = models.CharField(
        "type", max_length=12, choices=AidKind.choices, default=AidKind.FUNDING, db_index=True
    )
    for_adults = models.BooleanField(
        "pour se reconvertir",
        default=False,
        help_text="Ouvert aux adultes en reconversion ou aux demandeurs d'emploi : l'aide "
        "apparaît dans le parcours « Se reconvertir ».",
    )
    modality = models.CharField(
        "modalité de formation",
        max_length=15,
        choices=Modality.choices,
        blank=True,
        help_text="La modalité des offres de formation concernées, pour les retrouver "
        "(par exemple « VAE » pour la validation des acquis).",
    )
    provider = models.ForeignKey(
        "careers_site.Organisation",
        verbose_name="organisme qui la verse ou la porte",
        on_delete=models.PROTECT,
        related_name="financial_aids",
        null=True,
        blank=True,
        help_text="Laissez vide pour une voie d'accès qui ne dépend d'aucun organisme "
        "(l'apprentissage, par exemple).",
    )
    summary = models.TextField("en quelques mots")
    eligibility = RichTextField("qui peut en bénéficier")
    amount = RichTextField("montant", blank=True)
    steps = models.TextField(
        "démarches", blank=True, help_text="Une étape par ligne, dans l'ordre."
    )
    url = models.URLField("lien officiel", blank=True)
    professions = models.ManyToManyField(
        "professions.Profession",
        verbose_name="métiers concernés",
        related_name="financial_aids",
        blank=True,
    )
    diplomas = models.ManyToManyField(
        Diploma, verbose_name="diplômes concernés", related_name="financial_aids", blank=True
    )
    sources = sources_field()
    sources_checked_on = sources_date_field()

    class Meta:
        verbose_name = "aide financière"
        verbose_name_plural = "aides financières"
        ordering = ["name"]
        constraints = [publication_window_constraint("financialaid")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("trainings:aid_detail", kwargs={"slug": self.slug})

    @property
    def steps_list(self):
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def provider_phrase(self):
        """« Versée par la Région », « Avec Transitions Pro »; empty without a provider (an
        apprenticeship route depends on none), never « Versée par None »."""
        if self.provider is None:
            return ""
        verb = "Avec" if self.kind == AidKind.ROUTE else "Versée par"
        return f"{verb} {self.provider}"


class Commune(models.Model):
    """A commune of the region (Etalab's official list, Licence Ouverte 2.0), to place a
    visitor who types a town or a postcode. Loaded from fixtures/ by a data migration."""

    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=100)
    search_name = models.CharField("nom normalisé", max_length=100, db_index=True)
    departement = models.CharField("département", max_length=3, choices=Departement.choices)
    postcodes = models.CharField(
        "codes postaux",
        max_length=200,
        help_text="Séparés par des espaces, un espace à chaque bout.",
    )
    population = models.PositiveIntegerField("population", null=True, blank=True)
    # The town hall's position (DILA, Annuaire de l'administration, Licence Ouverte 2.0):
    # fixtures/communes-auvergne-rhone-alpes-mairies.csv.
    latitude = models.DecimalField(
        "latitude de la mairie", max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        "longitude de la mairie", max_digits=8, decimal_places=5, null=True, blank=True
    )

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["name", "insee_code"]

    def __str__(self):
        return f"{self.name} ({self.departement})"

    def save(self, *args, **kwargs):
        self.search_name = normalise(self.name)
        super().save(*args, **kwargs)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def postcode_list(self):
        return self.postcodes.split()

    @property
    def label(self):
        """« Saint-Flour (15100) », the way the visitor sees it in the field."""
        codes = self.postcode_list
        return (
            f"{self.name} ({codes[0]})" if len(codes) == 1 else f"{self.name} ({self.departement})"
        )


def training_durations(diplomas):
    """How long the training takes, from the published diplomas: one value when they agree
    (« 3 ans »), else one line per diploma (« DEUST : 2 ans », « DE PPH : 1 an »)."""
    with_duration = [d for d in diplomas if d.duration_label]
    labels = {d.duration_label for d in with_duration}
    if len(with_duration) == 1:
        diploma = with_duration[0]
        return [{"label": diploma.duration_label, "diploma": "", "note": diploma.duration_note}]
    if len(labels) == 1:
        return [{"label": labels.pop(), "diploma": "", "note": ""}]
    return [{"label": d.duration_label, "diploma": d.short_name, "note": ""} for d in with_duration]


# The Parcoursup calendar's models live with their rules (one concept, one room).
from .parcoursup_calendar import ParcoursupKeyDate, ParcoursupSession  # noqa: E402, F401
