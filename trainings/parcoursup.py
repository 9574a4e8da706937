"""The region's Parcoursup trainings in health and social care, from the ministry's open data
« Parcoursup : vœux de poursuite d'études et de réorientation dans l'enseignement supérieur et
réponses des établissements » (`fr-esr-parcoursup`, Licence Ouverte 2.0), one file per session.

Built like the FINESS import (trainings/finess.py), one place for the command
(`manage.py import_parcoursup`) and the admin (upload, preview, confirm):
`read_trainings()` streams the « ; »-separated UTF-8 file and yields the rows of the region's
départements whose filière is a health or social-care training; `plan_import()` matches them
with the offers (by `cod_aff_form`), the institutes (by UAI, else by place) and the diploma
table (`ParcoursupFiliere`); `apply_import()` writes the plan in one transaction.

The columns it reads are named once, in COLUMNS; a file missing one is refused, extra columns
are ignored. Two columns share the heading « Filière de formation » (the detailed label and,
further right, the kind): a heading is read by its position among its namesakes.

Hand edits win, as for FINESS: an offer and an institute keep in `source_values` what the
import last wrote, and a field an editor changed is left alone (and reported if Parcoursup
changed it too). Each session's figures are kept beside the offer (`ParcoursupFigures`): a
later session adds its own, re-importing a session replaces that session's.
"""

import codecs
import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from careers_site.core.geo import Departement
from careers_site.core.models import Status
from careers_site.core.search.text import normalise
from careers_site.platform.uploads import ImportRefused, check_csv_rows, run_bounded

from .communes import haversine_km
from .importing import compare_imported, institute_kind
from .models import (
    ApplicationRoute,
    Commune,
    Diploma,
    Institute,
    InstituteSource,
    Modality,
    ParcoursupFigures,
    ParcoursupFiliere,
    ProximityMatch,
    TrainingOffer,
    imported_value,
)

SOURCE = InstituteSource.PARCOURSUP
PUBLISHER = "Ministère de l'Enseignement supérieur et de la Recherche"
DATASET = (
    "Parcoursup : vœux de poursuite d'études et de réorientation dans l'enseignement "
    "supérieur et réponses des établissements"
)
DATASET_ID = "fr-esr-parcoursup"
DATASET_URL = "https://data.enseignementsup-recherche.gouv.fr/explore/dataset/fr-esr-parcoursup/"
LICENCE = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"

# The columns read, by official heading and position among the columns of that heading.
COLUMNS = {
    "session": ("Session", 0),
    "uai": ("Code UAI de l'établissement", 0),
    "name": ("Établissement", 0),
    "departement": ("Code départemental de l’établissement", 0),
    "commune": ("Commune de l’établissement", 0),
    "label": ("Filière de formation", 0),
    "aggregated": ("Filière de formation très agrégée", 0),
    "detailed": ("Filière de formation détaillée", 0),
    "kind": ("Filière de formation", 1),
    "detailed_bis": ("Filière de formation détaillée bis", 0),
    "gps": ("Coordonnées GPS de la formation", 0),
    "capacity": ("Capacité de l’établissement par formation", 0),
    "candidates": ("Effectif total des candidats pour une formation", 0),
    "proposals": (
        "Effectif total des candidats ayant reçu une proposition d’admission de la part de "
        "l’établissement",
        0,
    ),
    "admitted": (
        "Effectif total des candidats ayant accepté la proposition de l’établissement (admis)",
        0,
    ),
    "share_grant_holders": ("% d’admis néo bacheliers boursiers", 0),
    "share_general": ("% d’admis néo bacheliers généraux", 0),
    "share_technological": ("% d’admis néo bacheliers technologiques", 0),
    "share_professional": ("% d’admis néo bacheliers professionnels", 0),
    "code": ("cod_aff_form", 0),
    "url": ("Lien de la formation sur la plateforme Parcoursup", 0),
    "access_rate": ("Taux d’accès", 0),
}
COUNTS = ("capacity", "candidates", "proposals", "admitted")
RATES = ("access_rate", "share_general", "share_technological", "share_professional")
RATES += ("share_grant_holders",)
FIGURES = COUNTS + RATES

# Health and social care, whatever the diploma: the kinds (second « Filière de formation »)
# and the aggregated filières. Other filières count only when the table names their label.
KINDS = ("D.E secteur sanitaire", "D.E secteur social")
AGGREGATED = ("IFSI", "EFTS")
GROUP_PREFIX = "regroupement"

MAX_ROWS = 100_000  # the national file holds about 14,000
PROGRESS_EVERY = 2000  # rows between two progress reports
PROXIMITY_KM = 1.0
PARCOURSUP_HOST = "parcoursup.fr"

# The fields of an offer the import fills (hand edits win, `TrainingOffer.source_values`).
OFFER_FIELDS = ("diploma_id", "institute_id", "places", "application_route", "application_url")


class ParcoursupError(Exception):
    """The file cannot be imported; the message says why, in French, naming line and column."""


def _key(text):
    """A heading or a label compared without case, doubled spaces or the kind of apostrophe."""
    return " ".join(str(text).replace("’", "'").split()).casefold()


def _clean(text):
    return " ".join(str(text).split())


@dataclass
class Training:
    """One row of the file kept for the region."""

    line: int
    session: int
    code: str
    uai: str
    name: str
    departement: str
    commune: str
    label: str
    detailed: str
    latitude: Decimal | None
    longitude: Decimal | None
    url: str
    figures: dict
    diploma_slug: str = ""

    @property
    def group_label(self):
        """« Regroupement IFSI Université Jean Monnet » when Parcoursup counts a group of
        institutes together (the detailed label starts with it), else ""."""
        if _key(self.detailed).startswith(GROUP_PREFIX):
            return self.detailed.split(" - ")[0].strip()
        return ""


@dataclass
class Reading:
    """What the reader saw besides the trainings it kept."""

    session: int | None = None
    rows: int = 0
    other_region: int = 0
    other_filiere: int = 0
    ignored: int = 0
    unknown: Counter = field(default_factory=Counter)  # health/social label → rows
    warnings: list = field(default_factory=list)


# --- Reading --------------------------------------------------------------------------------


def _positions(header):
    """The position of each needed column; ParcoursupError naming the missing ones."""
    seen = {}
    for position, heading in enumerate(header):
        seen.setdefault(_key(heading), []).append(position)
    positions, missing = {}, []
    for name, (heading, occurrence) in COLUMNS.items():
        found = seen.get(_key(heading), [])
        if len(found) > occurrence:
            positions[name] = found[occurrence]
        else:
            missing.append(f"« {heading} »" + (" (la seconde)" if occurrence else ""))
    if missing:
        raise ParcoursupError(
            "Ce fichier n'a pas toutes les colonnes du fichier Parcoursup ; il manque : "
            + ", ".join(missing)
            + "."
        )
    return positions


def _number(value, line, heading, integer):
    text = _clean(value).replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise ParcoursupError(
            f"Ligne {line}, colonne « {heading} » : « {_clean(value)[:40]} » n'est pas un "
            "nombre positif."
        )
    if integer:
        if number != number.to_integral_value():
            raise ParcoursupError(
                f"Ligne {line}, colonne « {heading} » : « {text} » n'est pas un nombre entier."
            )
        return int(number)
    if number > 100:
        raise ParcoursupError(f"Ligne {line}, colonne « {heading} » : « {text} » dépasse 100 %.")
    return number.quantize(Decimal("0.1"))


def _coordinates(value, line, reading):
    text = _clean(value)
    if not text:
        return None, None
    parts = [part.strip() for part in text.split(",")]
    try:
        latitude, longitude = (Decimal(part) for part in parts)
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError
    except (ValueError, InvalidOperation):
        reading.warnings.append(
            f"Ligne {line} : coordonnées GPS illisibles (« {text[:40]} »), la formation est "
            "placée sur sa commune."
        )
        return None, None
    return latitude.quantize(Decimal("0.00001")), longitude.quantize(Decimal("0.00001"))


def _url(value, line, reading):
    text = _clean(value)
    if not text:
        return ""
    parts = urlsplit(text)
    host = parts.hostname or ""
    if parts.scheme != "https" or not (
        host == PARCOURSUP_HOST or host.endswith("." + PARCOURSUP_HOST)
    ):
        reading.warnings.append(
            f"Ligne {line} : le lien « {text[:60]} » ne mène pas à parcoursup.fr, il n'est "
            "pas repris."
        )
        return ""
    return text[:200]


def _departement(value):
    text = _clean(value)
    return text.zfill(2) if text.isdigit() else text


def _filieres():
    """The table, by compared label: (diploma slug, ignored)."""
    return {
        _key(label): (slug or "", ignored)
        for label, slug, ignored in ParcoursupFiliere.objects.values_list(
            "label", "diploma_id", "ignored"
        )
    }


def _text_lines(stream):
    """The lines of a binary stream as text, one at a time; a byte that is not UTF-8 is
    reported with its line."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    for line, raw in enumerate(stream, start=1):
        try:
            yield decoder.decode(raw)
        except UnicodeDecodeError:
            raise ParcoursupError(
                f"Ligne {line} : le fichier n'est pas en UTF-8 (l'encodage des fichiers "
                "Parcoursup). Téléchargez-le à nouveau depuis le portail."
            ) from None


def read_trainings(stream, reading, progress=None, filieres=None):
    """Yield the rows of the region in health and social care found in `stream` (a binary
    file object), counting the rest in `reading`. Raises ParcoursupError on bad input,
    before anything is written. Given the table (`filieres`, from `_filieres()`), it makes
    no query."""
    rows = csv.reader(_text_lines(stream), delimiter=";")
    try:
        header = next(rows, None)
        if header is None or not any(_clean(cell) for cell in header):
            raise ParcoursupError("Le fichier est vide.")
        if len(header) < 2:
            raise ParcoursupError(
                "Ce fichier n'est pas un fichier CSV de Parcoursup : ses colonnes doivent être "
                "séparées par des points-virgules « ; »."
            )
        positions = _positions(header)
        headings = {name: COLUMNS[name][0] for name in COLUMNS}
        width = len(header)
        filieres = _filieres() if filieres is None else filieres
        region = set(Departement.values)
        codes = {}
        for cells in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, as at the end of many files
            reading.rows += 1
            if reading.rows > MAX_ROWS:
                raise ParcoursupError(
                    f"Le fichier dépasse {MAX_ROWS} lignes : ce n'est pas un fichier de "
                    "session Parcoursup (le fichier national en compte environ 14 000)."
                )
            if progress and reading.rows % PROGRESS_EVERY == 0:
                progress(reading.rows)
            if len(cells) != width:
                raise ParcoursupError(
                    f"Ligne {line} : {len(cells)} colonnes au lieu de {width}. Le fichier est "
                    "tronqué ou une valeur contient un « ; » sans guillemets."
                )
            value = {name: cells[position] for name, position in positions.items()}
            code = _clean(value["code"])
            if not code.isdigit() or len(code) > 10:
                raise ParcoursupError(
                    f"Ligne {line}, colonne « cod_aff_form » : « {code[:20]} » n'est pas un code "
                    "de formation (des chiffres)."
                )
            if code in codes:
                raise ParcoursupError(
                    f"Ligne {line}, colonne « cod_aff_form » : le code {code} figure déjà ligne "
                    f"{codes[code]}. Chaque formation n'apparaît qu'une fois dans le fichier."
                )
            codes[code] = line
            session = _clean(value["session"])
            if not re.fullmatch(r"20\d\d", session):
                raise ParcoursupError(
                    f"Ligne {line}, colonne « Session » : « {session[:20]} » n'est pas une année."
                )
            if reading.session is None:
                reading.session = int(session)
            elif int(session) != reading.session:
                raise ParcoursupError(
                    f"Ligne {line}, colonne « Session » : {session}, alors que le fichier "
                    f"commence par la session {reading.session}. Importez une session à la fois."
                )
            if _departement(value["departement"]) not in region:
                reading.other_region += 1
                continue
            label = _clean(value["detailed_bis"]) or _clean(value["label"])
            known = filieres.get(_key(label))
            health_or_social = _key(value["kind"]) in {_key(kind) for kind in KINDS} or _key(
                value["aggregated"]
            ) in {_key(name) for name in AGGREGATED}
            if known is None:
                if health_or_social:
                    reading.unknown[label] += 1
                else:
                    reading.other_filiere += 1
                continue
            slug, ignored = known
            if ignored or not slug:
                reading.ignored += 1
                continue
            latitude, longitude = _coordinates(value["gps"], line, reading)
            uai = _clean(value["uai"]).upper()
            if not re.fullmatch(r"\d{7}[A-Z]", uai):
                raise ParcoursupError(
                    f"Ligne {line}, colonne « Code UAI de l'établissement » : « {uai[:20]} » "
                    "n'est pas un code UAI (sept chiffres et une lettre)."
                )
            name = _clean(value["name"])
            if not name:
                raise ParcoursupError(f"Ligne {line}, colonne « Établissement » : le nom manque.")
            yield Training(
                line=line,
                session=reading.session,
                code=code,
                uai=uai,
                name=name[:200],
                departement=_departement(value["departement"]),
                commune=_clean(value["commune"])[:100],
                label=label[:250],
                detailed=_clean(value["detailed"])[:300],
                latitude=latitude,
                longitude=longitude,
                url=_url(value["url"], line, reading),
                figures={
                    name: _number(value[name], line, headings[name], name in COUNTS)
                    for name in FIGURES
                },
                diploma_slug=slug,
            )
    except csv.Error as error:
        raise ParcoursupError(
            f"Ligne {rows.line_num} : le fichier CSV est mal formé ({error}) ; il est peut-être "
            "tronqué."
        ) from None
    if reading.session is None:
        raise ParcoursupError("Le fichier n'a que son en-tête, aucune formation.")


# --- Planning -------------------------------------------------------------------------------


@dataclass
class NewInstitute:
    """A school the import creates from a row."""

    uai: str
    name: str
    commune: str
    departement: str
    postcode: str
    latitude: Decimal | None
    longitude: Decimal | None
    placed_by_commune: bool = False


@dataclass
class Proximity:
    uai: str
    institute: Institute
    distance_m: int
    training: Training


@dataclass
class OfferChange:
    training: Training
    offer: TrainingOffer | None  # None: to create
    values: dict  # what the import writes, by OFFER_FIELDS (text, as source_values keeps)
    fields: dict = field(default_factory=dict)
    conflicts: dict = field(default_factory=dict)
    republish: bool = False


@dataclass
class Plan:
    reading: Reading
    session: int
    trainings: list = field(default_factory=list)
    new_institutes: dict = field(default_factory=dict)  # uai → NewInstitute
    matched_by_uai: dict = field(default_factory=dict)  # uai → Institute
    matched_by_offer: dict = field(default_factory=dict)  # uai → Institute, takes the UAI
    proximity: dict = field(default_factory=dict)  # uai → Proximity
    created: list = field(default_factory=list)  # OfferChange without offer
    updated: list = field(default_factory=list)  # OfferChange with fields to write
    conflicts: list = field(default_factory=list)
    unchanged: int = 0
    figures_new: list = field(default_factory=list)  # Training
    figures_changed: list = field(default_factory=list)  # Training
    unpublished: list = field(default_factory=list)  # TrainingOffer
    missing_diplomas: Counter = field(default_factory=Counter)  # slug → rows

    @property
    def changes_something(self):
        return bool(
            self.created
            or self.updated
            or self.new_institutes
            or self.proximity
            or self.matched_by_offer
            or self.figures_new
            or self.figures_changed
            or self.unpublished
        )

    def summary(self):
        reading = self.reading
        unknown = sum(reading.unknown.values())
        return [
            f"Session {self.session} : {reading.rows} formations lues, {len(self.trainings)} "
            "en santé et social dans la région.",
            f"Offres : {len(self.created)} à créer, {len(self.updated)} à mettre à jour, "
            f"{self.unchanged} inchangées, {len(self.unpublished)} à dépublier (absentes de "
            "cette session).",
            f"Chiffres de la session : {len(self.figures_new)} nouveaux, "
            f"{len(self.figures_changed)} remplacés.",
            f"Établissements : {len(self.matched_by_uai)} reconnus par leur code UAI, "
            f"{len(self.matched_by_offer)} par une offre déjà reliée au code de la formation, "
            f"{len(self.proximity)} rapprochés par leur position (à vérifier), "
            f"{len(self.new_institutes)} à créer.",
            f"Conflits avec des modifications faites à la main : {len(self.conflicts)}.",
            f"Ignorées : {reading.other_region} d'une autre région, {reading.other_filiere} "
            f"hors santé et social, {reading.ignored} d'une filière écartée dans la table, "
            f"{unknown} d'une filière inconnue de la table (ci-dessous).",
        ]


def _commune_key(name):
    """« Lyon 9e  Arrondissement » and « Lyon » name the same commune."""
    key = normalise(name)
    return re.sub(r" \d+(er|e|eme)? arrondissement$", "", key)


def _match_institutes(plan, trainings, offers):
    by_uai = {}
    for training in trainings:
        by_uai.setdefault(training.uai, training)
    rejected = set(
        ProximityMatch.objects.filter(uai__in=list(by_uai), rejected=True).values_list(
            "uai", "institute_id"
        )
    )
    # An offer an editor already tied to this code (a training known from sources) names the
    # school: its institute takes the UAI, unless it has one already.
    by_offer, tied = {}, set()
    for training in trainings:
        offer = offers.get(training.code)
        if (
            offer is not None
            and not offer.institute.uai
            and training.uai not in by_offer
            and offer.institute_id not in tied
            and (training.uai, offer.institute_id) not in rejected  # staff undid it
        ):
            by_offer[training.uai] = offer.institute
            tied.add(offer.institute_id)
    known = {
        institute.uai: institute
        for institute in Institute.objects.filter(uai__in=list(by_uai)).order_by("pk")
    }
    pending = [uai for uai in by_uai if uai not in known]
    candidates = {}
    if pending:
        departements = {by_uai[uai].departement for uai in pending}
        for institute in Institute.objects.published().filter(
            departement__in=departements,
            uai="",
            latitude__isnull=False,
            longitude__isnull=False,
        ):
            candidates.setdefault(_commune_key(institute.commune), []).append(institute)
    communes = {}
    if pending:
        for commune in Commune.objects.filter(
            departement__in={by_uai[uai].departement for uai in pending}
        ):
            communes.setdefault((commune.search_name, commune.departement), commune)
    taken = set()
    for uai in by_uai:
        training = by_uai[uai]
        if uai in known:
            plan.matched_by_uai[uai] = known[uai]
            continue
        if uai in by_offer:
            plan.matched_by_offer[uai] = by_offer[uai]
            taken.add(by_offer[uai].pk)
            continue
        near = []
        if training.latitude is not None:
            for institute in candidates.get(_commune_key(training.commune), []):
                if (uai, institute.pk) in rejected or institute.pk in taken:
                    continue
                distance = haversine_km(
                    training.latitude, training.longitude, institute.latitude, institute.longitude
                )
                if distance <= PROXIMITY_KM:
                    near.append((distance, institute))
        if len(near) == 1:
            distance, institute = near[0]
            taken.add(institute.pk)
            plan.proximity[uai] = Proximity(uai, institute, round(distance * 1000), training)
            continue
        commune = communes.get((_commune_key(training.commune), training.departement))
        latitude, longitude = training.latitude, training.longitude
        placed_by_commune = False
        if latitude is None and commune is not None and commune.has_coordinates:
            latitude, longitude, placed_by_commune = commune.latitude, commune.longitude, True
        plan.new_institutes[uai] = NewInstitute(
            uai=uai,
            name=training.name,
            commune=training.commune,
            departement=training.departement,
            postcode=commune.postcode_list[0] if commune and commune.postcode_list else "",
            latitude=latitude,
            longitude=longitude,
            placed_by_commune=placed_by_commune,
        )


def _offer_values(training, institute_id):
    places = training.figures["capacity"]
    return {
        "diploma_id": training.diploma_slug,
        "institute_id": imported_value(institute_id),
        "places": imported_value(places if places else None),
        "application_route": ApplicationRoute.PARCOURSUP,
        "application_url": training.url,
    }


def _current(offer):
    values = {name: imported_value(getattr(offer, name)) for name in OFFER_FIELDS}
    values["diploma_id"] = offer.diploma.slug
    return values


def _same_figures(stored, training):
    return (
        stored.training_label == training.detailed
        and stored.group_label == (training.group_label)
        and all(getattr(stored, name) == training.figures[name] for name in FIGURES)
    )


def plan_import(trainings, reading):
    """Compare the rows with the offers known by their Parcoursup code."""
    plan = Plan(reading, session=reading.session)
    diplomas = set(
        Diploma.objects.filter(slug__in={t.diploma_slug for t in trainings}).values_list(
            "slug", flat=True
        )
    )
    for training in trainings:
        if training.diploma_slug in diplomas:
            plan.trainings.append(training)
        else:
            plan.missing_diplomas[training.diploma_slug] += 1
    codes = [training.code for training in plan.trainings]
    offers = {
        offer.parcoursup_code: offer
        for offer in TrainingOffer.objects.filter(parcoursup_code__in=codes).select_related(
            "diploma", "institute"
        )
    }
    _match_institutes(plan, plan.trainings, offers)
    figures = {
        stored.offer_id: stored
        for stored in ParcoursupFigures.objects.filter(
            offer__parcoursup_code__in=codes, session=plan.session
        )
    }
    for training in plan.trainings:
        offer = offers.get(training.code)
        institute = (
            plan.matched_by_uai.get(training.uai)
            or plan.matched_by_offer.get(training.uai)
            or getattr(plan.proximity.get(training.uai), "institute", None)
        )
        values = _offer_values(training, institute.pk if institute else "")
        if offer is None:
            plan.created.append(OfferChange(training, None, values))
            plan.figures_new.append(training)
            continue
        if institute is None:  # its school is created by this import
            values["institute_id"] = "new"
        change = OfferChange(training, offer, values)
        last = offer.source_values or {}
        current = _current(offer)
        change.fields, change.conflicts = compare_imported(current, values, last)
        if (
            "institute_id" in change.conflicts
            and last.get("institute_id")
            and (ProximityMatch.objects.filter(uai=training.uai, rejected=True).exists())
        ):
            # Staff undid the match that placed this offer: it follows its school.
            change.fields["institute_id"] = change.conflicts.pop("institute_id")
        # An offer unpublished by an earlier import (absent from its session) comes back.
        change.republish = offer.status != Status.PUBLISHED and last.get("unpublished") == "1"
        if change.conflicts:
            plan.conflicts.append(change)
        recorded = {name: value for name, value in values.items() if name not in change.conflicts}
        if (
            change.fields
            or change.republish
            or any(last.get(name) != value for name, value in recorded.items())
        ):
            plan.updated.append(change)
        else:
            plan.unchanged += 1
        stored = figures.get(offer.pk)
        if stored is None:
            plan.figures_new.append(training)
        elif not _same_figures(stored, training):
            plan.figures_changed.append(training)
    # A training of an earlier session absent from this one: unpublished, not deleted.
    latest = (
        TrainingOffer.objects.published()
        .exclude(parcoursup_code="")
        .exclude(parcoursup_code__in=codes)
        .annotate(latest=Max("parcoursup_figures__session"))
        .filter(latest__lt=plan.session)
    )
    plan.unpublished = list(latest.select_related("diploma", "institute"))
    return plan


def build_plan(stream, progress=None):
    reading = Reading()
    trainings = list(read_trainings(stream, reading, progress=progress))
    return plan_import(trainings, reading)


def _read_file(path, filieres):
    """Read a file in a child process (`build_plan_bounded`): plain values in and out."""
    reading = Reading()
    try:
        with open(path, "rb") as stream:
            return list(read_trainings(stream, reading, filieres=filieres)), reading
    except ParcoursupError as error:
        raise ImportRefused(str(error)) from None


def build_plan_bounded(path, too_many_rows_hint=""):
    """`build_plan` for the web process: the rows counted before any parsing, the file read
    in a child process with a memory and time ceiling (careers_site.platform.uploads), the
    plan made here. Raises ParcoursupError."""
    try:
        with open(path, "rb") as stream:
            check_csv_rows(stream, hint=too_many_rows_hint)
        trainings, reading = run_bounded(_read_file, str(path), _filieres())
    except ImportRefused as error:
        raise ParcoursupError(str(error)) from None
    return plan_import(trainings, reading)


# --- Applying -------------------------------------------------------------------------------


def _unique_slug(name, uai, taken):
    base = slugify(name)[:120].strip("-") or "etablissement"
    slug = f"{base}-{uai.lower()}"
    while slug in taken:
        slug = f"{slug}-bis"
    taken.add(slug)
    return slug


def _set_offer(offer, values, names, institutes, diplomas, known):
    """`known`: the import's institutes by pk, set as objects (the offer copies their place
    when saved without a query)."""
    for name in names:
        value = values[name]
        if name == "institute_id":
            pk = institutes[value] if value == "new" else int(value)
            if pk in known:
                offer.institute = known[pk]
            else:
                offer.institute_id = pk
        elif name == "diploma_id":
            offer.diploma = diplomas[value]
        elif name == "places":
            offer.places = int(value) if value else None
        else:
            setattr(offer, name, value)


@transaction.atomic
def apply_import(plan, now=None):
    """Write the plan; returns the number of offers written. One transaction: an error leaves
    the base as it was."""
    now = now or timezone.now()
    provenance = {"source": SOURCE, "source_licence": LICENCE, "source_imported_at": now}
    new_by_uai = {}
    known = {}
    taken = set()
    for uai, school in plan.new_institutes.items():
        slug = _unique_slug(school.name, uai, taken)
        while Institute.objects.filter(slug=slug).exists():
            slug = f"{slug}-bis"
        values = {
            "name": school.name,
            "commune": school.commune,
            "departement": school.departement,
            "postcode": school.postcode,
            "latitude": school.latitude,
            "longitude": school.longitude,
        }
        institute = Institute(
            **values,
            slug=slug,
            uai=uai,
            kind=institute_kind(school.name),
            status=Status.PUBLISHED,
            published_at=now,
            source_values={name: imported_value(value) for name, value in values.items()},
            **provenance,
        )
        institute.save()
        new_by_uai[uai] = institute.pk
        known[institute.pk] = institute
    for uai, match in plan.proximity.items():
        institute = match.institute
        institute.uai = uai
        institute.save(update_fields=["uai"])
        ProximityMatch.objects.update_or_create(
            uai=uai,
            defaults={
                "institute": institute,
                "parcoursup_name": match.training.name[:250],
                "parcoursup_commune": match.training.commune,
                "distance_m": match.distance_m,
                "matched_at": now,
                "rejected": False,
            },
        )
    for uai, institute in plan.matched_by_offer.items():
        institute.uai = uai
        institute.save(update_fields=["uai"])
    institute_of = {uai: institute.pk for uai, institute in plan.matched_by_uai.items()}
    institute_of.update({uai: institute.pk for uai, institute in plan.matched_by_offer.items()})
    institute_of.update({uai: match.institute.pk for uai, match in plan.proximity.items()})
    institute_of.update(new_by_uai)
    for institute in (
        *plan.matched_by_uai.values(),
        *plan.matched_by_offer.values(),
        *(match.institute for match in plan.proximity.values()),
    ):
        known[institute.pk] = institute
    written = 0
    diplomas = Diploma.objects.in_bulk(
        {training.diploma_slug for training in plan.trainings}, field_name="slug"
    )
    for change in plan.created:
        training = change.training
        values = dict(change.values, institute_id=imported_value(institute_of[training.uai]))
        offer = TrainingOffer(
            modality=Modality.INITIAL,
            parcoursup_code=training.code,
            status=Status.PUBLISHED,
            published_at=now,
        )
        _set_offer(offer, values, OFFER_FIELDS, new_by_uai, diplomas, known)
        offer.source_values = values
        offer.save()
        written += 1
    # An offer whose only news is a conflict already reported is not written again.
    for change in plan.updated:
        offer, training = change.offer, change.training
        values = dict(change.values)
        if values["institute_id"] == "new":
            values["institute_id"] = imported_value(institute_of[training.uai])
            if "institute_id" in change.fields:
                change.fields["institute_id"] = (change.fields["institute_id"][0], "new")
        _set_offer(offer, values, change.fields, new_by_uai, diplomas, known)
        recorded = dict(values)
        last = offer.source_values or {}
        for name in change.conflicts:  # reported again until staff settle it
            if name in last:
                recorded[name] = last[name]
            else:
                recorded.pop(name, None)
        if change.republish:
            offer.status = Status.PUBLISHED
        offer.source_values = recorded
        offer.save()
        written += 1
    changed = {training.code for training in (*plan.figures_new, *plan.figures_changed)}
    if changed:
        offers = {
            offer.parcoursup_code: offer
            for offer in TrainingOffer.objects.filter(parcoursup_code__in=changed)
        }
        for training in (*plan.figures_new, *plan.figures_changed):
            ParcoursupFigures.objects.update_or_create(
                offer=offers[training.code],
                session=plan.session,
                defaults={
                    **training.figures,
                    "training_label": training.detailed or training.label,
                    "group_label": training.group_label,
                    "imported_at": now,
                },
            )
    for offer in plan.unpublished:
        offer.status = Status.DRAFT
        offer.source_values = {**(offer.source_values or {}), "unpublished": "1"}
        offer.save(update_fields=["status", "source_values"])
        written += 1
    return written


def describe(plan, limit=None):
    """Lines for a terminal or the admin preview."""
    lines = []
    for label, count in sorted(plan.reading.unknown.items())[:limit]:
        lines.append(
            f"? filière inconnue de la table : « {label} » ({count} formation(s)) : "
            "associez-la à un diplôme ou écartez-la dans « Filières Parcoursup »"
        )
    for slug, count in sorted(plan.missing_diplomas.items())[:limit]:
        lines.append(
            f"? la table renvoie au diplôme « {slug} », absent du site ({count} formation(s))"
        )
    for uai, school in list(plan.new_institutes.items())[:limit]:
        where = " (placé sur sa commune)" if school.placed_by_commune else ""
        if school.latitude is None:
            where = " (sans coordonnées)"
        lines.append(f"+ établissement {school.name} ({school.commune}, UAI {uai}){where}")
    for uai, institute in list(plan.matched_by_offer.items())[:limit]:
        lines.append(
            f"= {institute.name} prend le code UAI {uai} (son offre porte déjà le code de la "
            "formation)"
        )
    for uai, match in list(plan.proximity.items())[:limit]:
        lines.append(
            f"≈ {match.training.name} (UAI {uai}) rapproché de « {match.institute.name} », à "
            f"{match.distance_m} m : à vérifier"
        )
    for change in plan.created[:limit]:
        training = change.training
        lines.append(f"+ offre {training.label} – {training.name} (code {training.code})")
    for change in plan.updated[:limit]:
        detail = ", ".join(change.fields) or ("republiée" if change.republish else "provenance")
        lines.append(f"~ offre {change.offer} : {detail}")
    for change in plan.conflicts[:limit]:
        for name, (kept, imported) in change.conflicts.items():
            lines.append(
                f"! offre {change.offer} : « {name} » modifié à la main (« {kept} »), "
                f"Parcoursup indique « {imported} » : valeur gardée"
            )
    for offer in plan.unpublished[:limit]:
        lines.append(f"x offre {offer} : absente de la session {plan.session}, dépubliée")
    return lines


def import_file(path, progress=None):
    """Plan and apply a file on disk (the demo's loader); returns the plan."""
    with open(path, "rb") as stream:
        plan = build_plan(stream, progress=progress)
    apply_import(plan)
    return plan
