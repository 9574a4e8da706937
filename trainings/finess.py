"""The region's training schools from FINESS, the national directory of health and social
establishments (Agence du numérique en santé, Licence Ouverte 2.0).

One place for the command (`manage.py import_finess`) and the admin (upload, preview,
confirm): `read_schools()` streams the « structures » JSON file (schema v1, published with an
example in the public repository ansforge/finess, folder flux/out/data.gouv/structure/) and
yields the geographic entities (EGE) of the training-school categories located in the
region; `plan_import()` compares them with the institutes already known by their FINESS
number; `apply_import()` writes the plan in one transaction.

The file is hundreds of megabytes: it is read as a stream with ijson, one legal entity (PMEJ)
with its EGEs at a time, and only the region's schools are kept in memory.

Hand edits win: each imported field keeps the value the import last wrote
(`Institute.source_values`). A field whose current value differs from it was changed by an
editor; a later import leaves it and, when FINESS changed it too, reports a conflict for staff
to settle.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import ijson
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from careers_site.core.geo import Departement
from careers_site.core.history import write_versions
from careers_site.core.models import Status
from careers_site.platform.uploads import ImportRefused, check_json_depth, run_bounded

from .importing import compare_imported, institute_kind
from .models import (
    IMPORTED_FIELDS,
    Commune,
    Institute,
    InstituteSource,
    finess_number,
)
from .models import imported_value as as_text

SOURCE = InstituteSource.FINESS
PUBLISHER = "Agence du numérique en santé (ANS)"
LICENCE = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
DATASET_URL = (
    "https://www.data.gouv.fr/fr/datasets/finess-extraction-du-fichier-des-etablissements/"
)
SCHEMA_VERSION = "v1"

# Categories of geographic entity that are training schools. 300 is confirmed by the
# directory's own label « Écoles formant aux professions sanitaires »; 436 is labelled
# « Écoles formant aux professions sanitaires et sociales » in public copies of the
# nomenclature. Other codes can be given to the command (--categorie).
TRAINING_CATEGORIES = ("300", "436")

FINESS_NUMBER = finess_number.regex  # nine letters or digits, the model's own rule
ACTIVE = "A"
# The published file nests eight levels (pmej > ege > adresse > coordonnées…); anything far
# deeper is not a FINESS file, and is refused before it is parsed.
MAX_DEPTH = 32
PROGRESS_EVERY = 5000  # legal entities between two progress reports


class FinessError(Exception):
    """The file cannot be imported; the message says why, in French, naming the record."""


@dataclass
class School:
    """A training school as FINESS describes it."""

    finess: str
    name: str
    address: str
    postcode: str
    commune: str
    departement: str
    phone: str
    latitude: Decimal | None
    longitude: Decimal | None
    closed_on: datetime.date | None
    parent_organisation: str = ""

    @property
    def is_closed(self):
        return self.closed_on is not None

    def values(self):
        return {name: getattr(self, name) for name in IMPORTED_FIELDS}


@dataclass
class Reading:
    """What the reader saw besides the schools it yielded."""

    generated_at: str = ""
    legal_entities: int = 0
    geographic_entities: int = 0
    other_category: int = 0
    other_region: int = 0
    duplicates: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


# --- Reading --------------------------------------------------------------------------------


def _text(value):
    return " ".join(str(value).split()) if value is not None else ""


def _date(value, where):
    text = _text(value)[:10]
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise FinessError(f"{where} : la date « {text} » n'est pas au format AAAA-MM-JJ.") from None


def _coordinate(value, low, high):
    try:
        number = Decimal(_text(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or not low <= number <= high:
        return None
    return number.quantize(Decimal("0.00001"))


def _phone(contacts):
    for contact in contacts or []:
        digits = re.sub(r"\D", "", _text((contact.get("telecom") or {}).get("telephone")))
        if len(digits) == 10:
            return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
        if digits:
            return digits[:30]
    return ""


def _street(address):
    line = _text(address.get("ligneQuatre"))
    if line:
        return line
    parts = (address.get(key) for key in ("numeroVoie", "typeVoie", "libelleVoie"))
    return " ".join(_text(part) for part in parts if _text(part))


def _commune_name(address, communes):
    name = communes.get(_text(address.get("cogCommune")))
    if name:
        return name
    # « LYON CEDEX 03 » → « LYON »: the delivery line, without the postal sorting mention.
    return re.sub(r"\s+CEDEX.*$", "", _text(address.get("ligneAcheminement"))).strip()


def _where(pmej_index, ege_index, finess=""):
    label = f"structure n° {pmej_index}, établissement n° {ege_index}"
    return f"{label} (FINESS {finess})" if finess else label


def _school(ege, pmej_name, where, communes):
    """A School from one EGE of the region, or FinessError naming the record."""
    general = ege.get("informationsGeneralesEGE") or {}
    finess = _text(general.get("numFinessEge"))
    where = _where(*where, finess)
    name = _text(general.get("nomEgeLong")) or _text(general.get("nomEgeCourt"))
    if not name:
        raise FinessError(f"{where} : le nom de l'établissement (nomEgeLong) manque.")
    addresses = ege.get("adresse") or []
    if not addresses or not isinstance(addresses[0], dict):
        raise FinessError(f"{where} : l'adresse manque.")
    address = addresses[0]
    postcode = _text(address.get("codePostal"))
    if not re.fullmatch(r"\d{5}", postcode):
        raise FinessError(f"{where} : le code postal « {postcode} » n'a pas cinq chiffres.")
    position = address.get("coordonneesGeographique") or {}
    latitude = _coordinate(position.get("directionLatitude"), -90, 90)
    longitude = _coordinate(position.get("directionLongitude"), -180, 180)
    if latitude is None or longitude is None:
        latitude = longitude = None
    closed_on = _date(general.get("dateFermeture"), where)
    if closed_on is None and _text(ege.get("etatObjet")) != ACTIVE:
        closed_on = _date(ege.get("dateDerniereMaj"), where) or timezone.localdate()
    return School(
        finess=finess,
        name=name[:200],
        address=_street(address)[:200],
        postcode=postcode,
        commune=_commune_name(address, communes)[:100],
        departement=_text(address.get("cogCommune"))[:2],
        phone=_phone(ege.get("contact")),
        latitude=latitude,
        longitude=longitude,
        closed_on=closed_on,
        parent_organisation=pmej_name[:200],
    )


def _check_header(stream):
    """The schema version and generation time, read from the top of the file; raises
    FinessError for a file that is not JSON, empty, too deeply nested, or of another schema."""
    if not stream.read(4096).strip():
        raise FinessError("Le fichier est vide.")
    stream.seek(0)
    try:
        # Before ijson builds anything: its prefixes and objects grow with the depth.
        check_json_depth(stream, MAX_DEPTH)
    except ImportRefused as error:
        raise FinessError(str(error)) from None
    version = generated_at = None
    try:
        for prefix, event, value in ijson.parse(stream):
            if prefix == "" and event not in ("start_map", "map_key", "end_map"):
                raise FinessError(
                    "Ce fichier n'est pas un fichier « structures » de FINESS : il devrait "
                    "commencer par un objet JSON."
                )
            if prefix == "schemaVersion" and event == "string":
                version = value
            elif prefix == "generatedAt" and event == "string":
                generated_at = value
            elif version and (generated_at or prefix in ("pmej", "gcc", "gco")):
                # The published files start with these two fields; a file that puts them
                # elsewhere is read to the end here, slower but still right.
                break
    except ijson.JSONError as error:
        raise FinessError(f"Ce fichier n'est pas du JSON valide ({json_problem(error)}).") from None
    except UnicodeDecodeError:
        raise FinessError("Ce fichier n'est pas du JSON en UTF-8.") from None
    if version is None:
        raise FinessError(
            "Ce fichier n'est pas un fichier « structures » de FINESS : le champ "
            "schemaVersion manque."
        )
    if not str(version).lstrip("v").startswith(SCHEMA_VERSION.lstrip("v") + "."):
        raise FinessError(
            f"Ce fichier suit la version « {version} » du schéma FINESS ; "
            f"l'import connaît la version {SCHEMA_VERSION}."
        )
    return generated_at or ""


def region_communes():
    """INSEE code → name, to name a school's commune as the site does."""
    return dict(Commune.objects.values_list("insee_code", "name"))


def read_schools(stream, reading, categories=TRAINING_CATEGORIES, progress=None, communes=None):
    """Yield the training schools of the region found in `stream` (a binary file object,
    seekable), counting the rest in `reading`. Raises FinessError on bad input. Given
    `communes` (`region_communes()`), it makes no query."""
    reading.generated_at = _check_header(stream)
    stream.seek(0)
    if communes is None:
        communes = region_communes()
    region = set(Departement.values)
    categories = set(categories)
    seen = set()
    pmej_index = 0
    try:
        for pmej in ijson.items(stream, "pmej.item"):
            pmej_index += 1
            reading.legal_entities = pmej_index
            if progress and pmej_index % PROGRESS_EVERY == 0:
                progress(pmej_index)
            if not isinstance(pmej, dict):
                raise FinessError(f"structure n° {pmej_index} : ce n'est pas un objet JSON.")
            entity = pmej.get("informationsGeneralesPMEJ") or {}
            pmej_name = _text(entity.get("denominationLonguePmSmsse")) or _text(
                entity.get("denominationPm")
            )
            for ege_index, ege in enumerate(pmej.get("ege") or [], start=1):
                reading.geographic_entities += 1
                where = (pmej_index, ege_index)
                if not isinstance(ege, dict):
                    raise FinessError(f"{_where(*where)} : ce n'est pas un objet JSON.")
                general = ege.get("informationsGeneralesEGE") or {}
                finess = _text(general.get("numFinessEge"))
                if not FINESS_NUMBER.match(finess):
                    raise FinessError(
                        f"{_where(*where)} : le numéro FINESS (numFinessEge) manque ou "
                        f"n'a pas neuf caractères (« {finess} »)."
                    )
                if _text(ege.get("categorieentiteGeographiqueExercice")) not in categories:
                    reading.other_category += 1
                    continue
                addresses = ege.get("adresse") or [{}]
                commune_code = _text((addresses[0] or {}).get("cogCommune"))
                if not commune_code:
                    raise FinessError(
                        f"{_where(*where, finess)} : le code de la commune (cogCommune) manque."
                    )
                if commune_code[:2] not in region:
                    reading.other_region += 1
                    continue
                if finess in seen:
                    reading.duplicates.append(finess)
                    reading.warnings.append(
                        f"{_where(*where, finess)} : numéro déjà rencontré plus haut dans le "
                        "fichier, cette seconde fiche est ignorée."
                    )
                    continue
                seen.add(finess)
                school = _school(ege, pmej_name, where, communes)
                if school.latitude is None:
                    reading.warnings.append(
                        f"{_where(*where, finess)} : pas de coordonnées, l'établissement ne "
                        "sera pas placé sur la carte."
                    )
                yield school
    except ijson.IncompleteJSONError as error:
        raise FinessError(
            f"Le fichier est tronqué ou mal formé après la structure n° {pmej_index} "
            f"({json_problem(error)})."
        ) from None
    except ijson.JSONError as error:
        raise FinessError(
            f"Le fichier est mal formé après la structure n° {pmej_index} ({json_problem(error)})."
        ) from None
    except (AttributeError, TypeError, IndexError, KeyError):
        # A field of another JSON type than the schema's (a list for an object, a number
        # for a list…): named by its record, never a 500.
        raise FinessError(
            f"structure n° {pmej_index} : un champ n'a pas le type prévu par le schéma "
            f"{SCHEMA_VERSION} (un objet, une liste ou un texte à la place d'un autre)."
        ) from None
    except UnicodeDecodeError:
        raise FinessError("Ce fichier n'est pas du JSON en UTF-8.") from None


# The JSON parser's own words (English, with the raw bytes around the fault), in French.
JSON_PROBLEMS = (
    ("premature EOF", "le fichier s'arrête avant la fin"),
    ("invalid bytes in UTF8", "des caractères ne sont pas en UTF-8"),
    ("lexical error", "un caractère inattendu"),
)


def json_problem(error):
    """What is wrong with the file, in French, never the parser's message or bytes."""
    message = str(error)
    for words, french in JSON_PROBLEMS:
        if words in message:
            return french
    return "une virgule, un deux-points ou une accolade mal placés"


# --- Planning -------------------------------------------------------------------------------


@dataclass
class Change:
    institute: Institute
    school: School
    fields: dict = field(default_factory=dict)  # name -> (old, new), written
    conflicts: dict = field(default_factory=dict)  # name -> (kept, imported), not written
    # The import's record of what FINESS says, updated even when nothing visible changes.
    source_values: dict = field(default_factory=dict)
    closes: bool = False
    reopens: bool = False


@dataclass
class Plan:
    reading: Reading
    created: list = field(default_factory=list)  # School
    updated: list = field(default_factory=list)  # Change with visible changes
    closed: list = field(default_factory=list)  # Change closing a known institute
    reopened: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)  # Change with conflicts
    unchanged: int = 0
    closed_unknown: int = 0  # closed in FINESS and never imported: left out
    provenance_only: list = field(default_factory=list)

    @property
    def changes_something(self):
        return bool(
            self.created or self.updated or self.closed or self.reopened or self.provenance_only
        )

    def summary(self):
        reading = self.reading
        return [
            f"{reading.legal_entities} structures lues, {reading.geographic_entities} "
            "établissements (entités géographiques).",
            f"Écoles de la région : {len(self.created)} à créer, {len(self.updated)} à mettre "
            f"à jour, {len(self.closed)} fermées, {len(self.reopened)} rouvertes, "
            f"{self.unchanged} inchangées.",
            f"Conflits avec des modifications faites à la main : {len(self.conflicts)}.",
            f"Ignorés : {reading.other_category} d'une autre catégorie, {reading.other_region} "
            f"d'une autre région, {len(reading.duplicates)} en double, {self.closed_unknown} "
            "fermés jamais importés.",
        ]


def _compare(institute, school):
    change = Change(institute, school)
    change.source_values = {name: as_text(value) for name, value in school.values().items()}
    current = {name: as_text(getattr(institute, name)) for name in change.source_values}
    change.fields, change.conflicts = compare_imported(
        current, change.source_values, institute.source_values or {}
    )
    if school.is_closed and institute.source_closed_on is None:
        change.closes = True
    if not school.is_closed and institute.source_closed_on is not None:
        change.reopens = True
    return change


def plan_import(schools, reading):
    """Compare the schools with the institutes known by their FINESS number."""
    schools = {school.finess: school for school in schools}
    plan = Plan(reading)
    known = {
        institute.source_id: institute
        for institute in Institute.objects.filter(source_id__in=list(schools))
    }
    for finess, school in schools.items():
        institute = known.get(finess)
        if institute is None:
            if school.is_closed:
                plan.closed_unknown += 1
            else:
                plan.created.append(school)
            continue
        change = _compare(institute, school)
        if change.conflicts:
            plan.conflicts.append(change)
        if change.closes:
            plan.closed.append(change)
        elif change.reopens:
            plan.reopened.append(change)
        if change.fields:
            plan.updated.append(change)
        elif not (change.closes or change.reopens):
            provenance_changed = (
                change.source_values != institute.source_values
                or institute.source != SOURCE
                or institute.source_licence != LICENCE
            )
            if provenance_changed:
                plan.provenance_only.append(change)
            else:
                plan.unchanged += 1
    return plan


def build_plan(stream, categories=TRAINING_CATEGORIES, progress=None):
    reading = Reading()
    schools = list(read_schools(stream, reading, categories=categories, progress=progress))
    return plan_import(schools, reading)


def _read_file(path, categories, communes):
    """In the bounded child: the schools and what was read, plain values only."""
    reading = Reading()
    with open(path, "rb") as stream:
        try:
            schools = list(read_schools(stream, reading, categories, communes=communes))
        except FinessError as error:
            raise ImportRefused(str(error)) from None
    return schools, reading


def build_plan_bounded(path, categories=TRAINING_CATEGORIES):
    """`build_plan` for the web process: the file is read in a child process with a memory
    and time ceiling (careers_site.platform.uploads), the plan made here. Raises FinessError."""
    try:
        schools, reading = run_bounded(_read_file, str(path), categories, region_communes())
    except ImportRefused as error:
        raise FinessError(str(error)) from None
    return plan_import(schools, reading)


# --- Applying -------------------------------------------------------------------------------


def _unique_slug(school, taken):
    base = slugify(school.name)[:120].strip("-") or "etablissement"
    slug = f"{base}-{school.finess.lower()}"
    while slug in taken:
        slug = f"{slug}-bis"
    taken.add(slug)
    return slug


@transaction.atomic
def apply_import(plan, now=None):
    """Write the plan; returns the number of institutes written. One transaction: an error
    leaves the base as it was."""
    now = now or timezone.now()
    provenance = {"source": SOURCE, "source_licence": LICENCE, "source_imported_at": now}
    taken = set(
        Institute.objects.filter(
            slug__in=[slugify(s.name)[:120] + "-" + s.finess.lower() for s in plan.created]
        ).values_list("slug", flat=True)
    )
    written = 0
    touched = []
    for school in plan.created:
        institute = Institute(
            **school.values(),
            slug=_unique_slug(school, taken),
            kind=institute_kind(school.name),
            parent_organisation=school.parent_organisation,
            status=Status.PUBLISHED,
            published_at=now,
            source_id=school.finess,
            source_values={name: as_text(value) for name, value in school.values().items()},
            **provenance,
        )
        institute.save()
        touched.append(institute)
        written += 1
    changes = {
        id(change): change
        for change in (*plan.updated, *plan.closed, *plan.reopened, *plan.provenance_only)
    }
    # An institute in conflict is still touched: its record of FINESS values and the date.
    for change in plan.conflicts:
        changes.setdefault(id(change), change)
    for change in changes.values():
        institute = change.institute
        for name in change.fields:
            setattr(institute, name, getattr(change.school, name))
        # Conflicting fields keep the value last imported, so that the conflict is reported
        # again until staff settle it (by taking FINESS's value or keeping theirs).
        values = dict(change.source_values)
        for name in change.conflicts:
            if name in (institute.source_values or {}):
                values[name] = institute.source_values[name]
            else:
                values.pop(name, None)
        institute.source_values = values
        if change.closes:
            institute.source_closed_on = change.school.closed_on
            if institute.status == Status.PUBLISHED:
                institute.status = Status.DRAFT
        if change.reopens:
            institute.source_closed_on = None
        for name, value in provenance.items():
            setattr(institute, name, value)
        institute.save()
        touched.append(institute)
        written += 1
    # Their history starts here: the first edit by hand can be compared with the import.
    write_versions(touched, comment=f"Import FINESS du {timezone.localtime(now):%d/%m/%Y}")
    return written


def describe(plan, limit=None):
    """Lines for a terminal or the admin preview: each school created, updated, closed, and
    each conflict."""
    lines = []
    for school in plan.created[:limit]:
        lines.append(f"+ {school.name} ({school.commune}, FINESS {school.finess})")
    for change in plan.updated[:limit]:
        fields = ", ".join(change.fields)
        lines.append(f"~ {change.institute.name} : {fields}")
    for change in plan.closed[:limit]:
        lines.append(f"x {change.institute.name} : fermé dans FINESS, dépublié")
    for change in plan.reopened[:limit]:
        lines.append(f"o {change.institute.name} : de nouveau ouvert dans FINESS")
    for change in plan.conflicts[:limit]:
        for name, (kept, imported) in change.conflicts.items():
            label = Institute._meta.get_field(name).verbose_name
            lines.append(
                f"! {change.institute.name} : {label} modifié à la main (« {kept} »), "
                f"FINESS indique « {imported} » : valeur gardée"
            )
    return lines
