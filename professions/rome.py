"""The ROME 4.0 of France Travail (Répertoire opérationnel des métiers et des emplois, Licence
Ouverte), read from its own open-data files « RefRomeCsv »: a zip (or a folder) of CSV files
named `unix_<table>_v<version>_utf8.csv`, comma-separated, every field quoted.

One place for the command (`manage.py import_rome`) and the demo: `read_rome()` reads and
checks every file it needs, in memory, and raises RomeError (a French message naming the file
and the line) before anything is written; `apply_import()` writes in one transaction, keyed
on the ROME's own codes, so a second import of the same files changes nothing.

Format traps handled (see fixtures/README.md): quoted fields holding line breaks and a blank
line between records (`unix_centre_interet`): records are counted by the CSV parser, never
by lines; a file in cp1252 despite its « utf8 » name; a byte-order mark; a header of another
version of the format (the columns this reader needs are named in `TABLES`). No count is
hard-coded: every version adds fiches.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone

from careers_site.core.search import service as search_service
from careers_site.core.search.text import normalise, search_document
from careers_site.core.sources import Source
from careers_site.platform.cache import bump_content_version

PUBLISHER = "France Travail"
LICENCE = "Licence Ouverte / Open Licence (Etalab)"
# France Travail's own open-data page of the ROME (its files to download).
DATASET_URL = "https://francetravail.org/opendata/repertoire-operationnel-des-meti.html"

FILE_NAME = re.compile(r"^unix_(?P<table>[a-z_]+?)_v(?P<version>\d+)_utf8\.csv$")
CODE = re.compile(r"^[A-Z]\d{4}$")
RIASEC_LETTERS = frozenset("RIASEC")
# « Contextes de travail » in unix_composition_bloc; their links have no rubrique.
CONTEXT_BLOC = "6"

# The tables read, with the columns used (others may come and go between versions).
TABLES = {
    "referentiel_code_rome": ("code_rome", "libelle_rome"),
    "referentiel_appellation": (
        "code_ogr",
        "libelle_appellation_long",
        "libelle_appellation_court",
        "code_rome",
        "classification",
        "peu_usite",
    ),
    "referentiel_code_rome_riasec": ("code_rome", "riasec_majeur", "riasec_mineur"),
    "referentiel_contexte_travail": (
        "code_ogr",
        "libelle_cont_travail",
        "code_type_cont_trav",
        "libelle_type_cont_trav",
    ),
    "liens_rome_referentiels": ("code_rome", "code_compo_bloc", "code_rubrique", "code_ogr"),
    "centre_interet": (
        "code_centre_interet",
        "libelle_centre_interet",
        "definition_centre_interet",
    ),
    "arborescence_centre_interet": ("code_centre_interet", "code_rome", "principal"),
}

# Tables read when present (the names of the ROME's families): without them, a fiche has no
# family name, and the import says so.
OPTIONAL_TABLES = {
    "grand_domaine": ("code_grand_domaine", "libelle_grand_domaine"),
    "domaine_professionnel": ("code_domaine_professionnel", "libelle_domaine_professionnel"),
}
FAMILY_SEPARATOR = " › "

# Work contexts the site asks about, by their OGR code in the ROME (stable across versions).
NIGHT_WORK = "300803"
SHIFT_WORK = "300805"
WEEKENDS = "23376"
ON_CALL = "300804"
HEAVY_LOADS = "300795"
TRAVEL = "300779"
AT_HOME = "300778"
PUBLIC = "403020"
VULNERABLE_PEOPLE = "300843"
PATIENTS = "300838"


class RomeError(Exception):
    """The files cannot be imported; the message says why, in French, naming file and line."""


def rome_source(version, version_date=None, code="", imported_on=None):
    """The source line of a ROME fact: « France Travail, ROME 4.0 (v460) », with the date of
    the version when known, linked to the fiche on France Travail's site; the day it was
    imported is the day its facts were read (the date a source without its own carries)."""
    label = f"{PUBLISHER}, ROME 4.0 ({version})"
    if version_date:
        label += f", version du {formats.date_format(version_date, 'j F Y')}"
    label += ", Licence Ouverte"
    url = settings.ROME_FICHE_URL.format(code=code) if code else DATASET_URL
    return Source(label=label, url=url, consulted=imported_on)


@dataclass
class Rome:
    """Everything read from one version, checked."""

    version: str
    version_date: datetime.date | None = None
    codes: dict = field(default_factory=dict)  # code -> {label, riasec_major, riasec_minor}
    appellations: dict = field(default_factory=dict)  # code_ogr -> {…, code}
    contexts: dict = field(default_factory=dict)  # code_ogr -> {label, type_code, type_label}
    interests: dict = field(default_factory=dict)  # code -> {label, definition}
    code_contexts: dict = field(default_factory=dict)  # code -> [context code_ogr]
    code_interests: dict = field(default_factory=dict)  # code -> {interest code: is_main}
    warnings: list = field(default_factory=list)

    def summary(self):
        return [
            f"ROME {self.version} : {len(self.codes)} fiches, {len(self.appellations)} "
            f"appellations, {len(self.contexts)} contextes de travail, {len(self.interests)} "
            "centres d'intérêt.",
        ]


# --- Reading --------------------------------------------------------------------------------


def _files(path):
    """{table: (file name, bytes reader)} and the version, from a folder or a zip."""
    path = Path(path)
    if not path.exists():
        raise RomeError(f"Fichier ou dossier introuvable : {path}")
    found = {}
    dates = []
    if path.is_dir():
        for child in sorted(path.rglob("*.csv")):
            found[child.name] = child.read_bytes
    else:
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise RomeError(
                f"« {path.name} » n'est ni un dossier ni une archive zip lisible : donnez le "
                "zip « RefRomeCsv » de France Travail ou le dossier de ses fichiers CSV."
            ) from None
        for info in archive.infolist():
            name = Path(info.filename).name
            if name.endswith(".csv"):
                found[name] = lambda info=info: archive.read(info)
                if FILE_NAME.match(name) and FILE_NAME.match(name)["table"] in {
                    **TABLES,
                    **OPTIONAL_TABLES,
                }:
                    dates.append(datetime.date(*info.date_time[:3]))
    tables, versions = {}, set()
    known = {**TABLES, **OPTIONAL_TABLES}
    for name, reader in found.items():
        match = FILE_NAME.match(name)
        if match and match["table"] in known:
            if match["table"] in tables:
                raise RomeError(
                    f"Deux fichiers pour la même table : « {tables[match['table']][0]} » et "
                    f"« {name} ». Gardez une seule version du ROME dans le dossier."
                )
            tables[match["table"]] = (name, reader)
            versions.add(match["version"])
    missing = [table for table in TABLES if table not in tables]
    if missing:
        names = ", ".join(f"unix_{table}_vXXX_utf8.csv" for table in missing)
        raise RomeError(
            f"Il manque {len(missing)} fichier(s) du ROME : {names}. Donnez le zip "
            "« RefRomeCsv » complet de France Travail ou le dossier de ses fichiers."
        )
    if len(versions) > 1:
        listed = ", ".join(f"v{version}" for version in sorted(versions))
        raise RomeError(
            f"Les fichiers viennent de plusieurs versions du ROME ({listed}) : importez une "
            "seule version à la fois."
        )
    return tables, f"v{versions.pop()}", max(dates) if dates else None


def _text(name, data):
    if not data.strip():
        raise RomeError(f"{name} : le fichier est vide.")
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        pass
    try:
        # Some official files are in cp1252 despite their « utf8 » name.
        return data.decode("cp1252"), True
    except UnicodeDecodeError:
        raise RomeError(
            f"{name} : l'encodage n'est ni UTF-8 ni Windows-1252, le fichier est illisible."
        ) from None


def _rows(table, tables, rome):
    """Yield (line number, row) of a table, checking its header and the width of each row."""
    name, reader = tables[table]
    text, legacy_encoding = _text(name, reader())
    if legacy_encoding:
        rome.warnings.append(f"{name} : encodé en Windows-1252 malgré son nom, lu comme tel.")
    try:
        records = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = next(records, None)
        if not header:
            raise RomeError(f"{name} : la ligne d'en-tête manque.")
        header = [column.strip() for column in header]
        missing = [
            column for column in {**TABLES, **OPTIONAL_TABLES}[table] if column not in header
        ]
        if missing:
            raise RomeError(
                f"{name} : les colonnes {', '.join(missing)} manquent dans l'en-tête. Ce "
                "fichier suit peut-être une autre version du format du ROME ; l'import lit "
                "le format ROME 4.0 (« RefRomeCsv »)."
            )
        for row in records:
            if not row or row == [""]:
                continue  # the blank line some files put between records
            if len(row) != len(header):
                raise RomeError(
                    f"{name}, ligne {records.line_num} : {len(row)} champs au lieu de "
                    f"{len(header)}. La ligne est mal formée (un guillemet oublié ?)."
                )
            yield records.line_num, dict(zip(header, (value.strip() for value in row), strict=True))
    except csv.Error as error:
        raise RomeError(f"{name} : le fichier CSV est mal formé ({error}).") from None


def _where(table, tables, line):
    return f"{tables[table][0]}, ligne {line}"


def _known_code(code, rome, table, tables, line):
    if code not in rome.codes:
        raise RomeError(
            f"{_where(table, tables, line)} : le code ROME « {code} » n'existe pas dans "
            f"{tables['referentiel_code_rome'][0]}."
        )


def read_rome(path, version_date=None):
    """Read and check the ROME files of `path` (a zip or a folder). Raises RomeError."""
    tables, version, file_date = _files(path)
    rome = Rome(version=version, version_date=version_date or file_date)

    table = "referentiel_code_rome"
    for line, row in _rows(table, tables, rome):
        code = row["code_rome"]
        if not CODE.match(code):
            raise RomeError(
                f"{_where(table, tables, line)} : « {code} » n'est pas un code ROME (une "
                "lettre et quatre chiffres)."
            )
        if code in rome.codes:
            raise RomeError(f"{_where(table, tables, line)} : le code {code} est en double.")
        if not row["libelle_rome"]:
            raise RomeError(f"{_where(table, tables, line)} : l'intitulé du code {code} manque.")
        rome.codes[code] = {
            "label": row["libelle_rome"],
            "riasec_major": "",
            "riasec_minor": "",
            "family": "",
        }

    # The family: grand domaine (the code's letter), then domaine professionnel (letter and
    # two digits), named by their own tables when the set has them.
    families = {}
    for table, code_column, label_column in (
        ("grand_domaine", "code_grand_domaine", "libelle_grand_domaine"),
        ("domaine_professionnel", "code_domaine_professionnel", "libelle_domaine_professionnel"),
    ):
        if table not in tables:
            rome.warnings.append(
                f"unix_{table}_{version}_utf8.csv absent : les fiches n'auront pas de nom de "
                "famille."
            )
            continue
        for _line, row in _rows(table, tables, rome):
            families[row[code_column]] = row[label_column]
    for code, values in rome.codes.items():
        names = [families.get(code[:1], ""), families.get(code[:3], "")]
        values["family"] = FAMILY_SEPARATOR.join(name for name in names if name)

    table = "referentiel_code_rome_riasec"
    for line, row in _rows(table, tables, rome):
        code = row["code_rome"]
        _known_code(code, rome, table, tables, line)
        major, minor = row["riasec_majeur"].upper(), row["riasec_mineur"].upper()
        for letter in (major, minor):
            if letter and (len(letter) != 1 or letter not in RIASEC_LETTERS):
                raise RomeError(
                    f"{_where(table, tables, line)} : « {letter} » n'est pas une lettre "
                    "RIASEC (R, I, A, S, E ou C)."
                )
        rome.codes[code].update(riasec_major=major, riasec_minor=minor)

    table = "referentiel_appellation"
    for line, row in _rows(table, tables, rome):
        code_ogr, code = row["code_ogr"], row["code_rome"]
        _known_code(code, rome, table, tables, line)
        if not code_ogr.isdigit() or not row["libelle_appellation_long"]:
            raise RomeError(
                f"{_where(table, tables, line)} : le code OGR ou l'intitulé de l'appellation "
                "manque."
            )
        rome.appellations[code_ogr] = {
            "code": code,
            "label": row["libelle_appellation_long"],
            "short_label": row["libelle_appellation_court"],
            "is_main": row["classification"].upper() == "PRINCIPALE",
            "rarely_used": row["peu_usite"].upper() == "O",
        }

    table = "referentiel_contexte_travail"
    for line, row in _rows(table, tables, rome):
        if not row["code_ogr"].isdigit() or not row["libelle_cont_travail"]:
            raise RomeError(
                f"{_where(table, tables, line)} : le code OGR ou l'intitulé du contexte manque."
            )
        rome.contexts[row["code_ogr"]] = {
            "label": row["libelle_cont_travail"],
            "type_code": row["code_type_cont_trav"],
            "type_label": row["libelle_type_cont_trav"],
        }

    table = "liens_rome_referentiels"
    for line, row in _rows(table, tables, rome):
        if row["code_compo_bloc"] != CONTEXT_BLOC or row["code_rubrique"]:
            continue
        code, code_ogr = row["code_rome"], row["code_ogr"]
        _known_code(code, rome, table, tables, line)
        if code_ogr not in rome.contexts:
            raise RomeError(
                f"{_where(table, tables, line)} : le contexte de travail « {code_ogr} » "
                f"n'existe pas dans {tables['referentiel_contexte_travail'][0]}."
            )
        contexts = rome.code_contexts.setdefault(code, [])
        if code_ogr not in contexts:
            contexts.append(code_ogr)

    table = "centre_interet"
    for line, row in _rows(table, tables, rome):
        if not row["code_centre_interet"] or not row["libelle_centre_interet"]:
            raise RomeError(
                f"{_where(table, tables, line)} : le code ou l'intitulé du centre d'intérêt manque."
            )
        rome.interests[row["code_centre_interet"]] = {
            "label": row["libelle_centre_interet"],
            "definition": row["definition_centre_interet"],
        }

    table = "arborescence_centre_interet"
    for line, row in _rows(table, tables, rome):
        code, interest = row["code_rome"], row["code_centre_interet"]
        _known_code(code, rome, table, tables, line)
        if interest not in rome.interests:
            raise RomeError(
                f"{_where(table, tables, line)} : le centre d'intérêt « {interest} » n'existe "
                f"pas dans {tables['centre_interet'][0]}."
            )
        rome.code_interests.setdefault(code, {})[interest] = row["principal"].lower() == "oui"
    return rome


# --- Writing --------------------------------------------------------------------------------


@dataclass
class Outcome:
    created: dict = field(default_factory=dict)  # what -> count of new rows
    total: dict = field(default_factory=dict)

    def lines(self):
        return [
            f"{label} : {self.total[key]} dont {self.created[key]} nouveaux."
            for key, label in (
                ("codes", "Fiches ROME"),
                ("appellations", "Appellations"),
                ("contexts", "Contextes de travail"),
                ("interests", "Centres d'intérêt"),
            )
        ]


def _upsert(model, key, rows, fields):
    """Create or update `rows` ({key value: {field: value}}) in bulk; returns how many are
    new. Keyed on the ROME's own code, so that a second import changes nothing."""
    known = set(model.objects.filter(**{f"{key}__in": list(rows)}).values_list(key, flat=True))
    model.objects.bulk_create(
        [model(**{key: value}, **values) for value, values in rows.items()],
        update_conflicts=True,
        unique_fields=[key],
        update_fields=fields,
        batch_size=500,
    )
    return len(set(rows) - known)


@transaction.atomic
def apply_import(rome, now=None):
    """Write what `read_rome` read, in one transaction."""
    from .models import (
        RomeAppellation,
        RomeCode,
        RomeCodeInterest,
        RomeInterest,
        RomeWorkContext,
    )

    now = now or timezone.now()
    version = {"version": rome.version}
    outcome = Outcome()
    outcome.created["contexts"] = _upsert(
        RomeWorkContext,
        "code_ogr",
        {key: {**values, **version} for key, values in rome.contexts.items()},
        ["label", "type_code", "type_label", "version"],
    )
    outcome.created["interests"] = _upsert(
        RomeInterest,
        "code",
        {key: {**values, **version} for key, values in rome.interests.items()},
        ["label", "definition", "version"],
    )
    outcome.created["codes"] = _upsert(
        RomeCode,
        "code",
        {
            key: {**values, **version, "version_date": rome.version_date, "imported_at": now}
            for key, values in rome.codes.items()
        },
        [
            "label",
            "riasec_major",
            "riasec_minor",
            "family",
            "version",
            "version_date",
            "imported_at",
        ],
    )
    code_ids = dict(RomeCode.objects.filter(code__in=rome.codes).values_list("code", "pk"))
    context_ids = dict(
        RomeWorkContext.objects.filter(code_ogr__in=rome.contexts).values_list("code_ogr", "pk")
    )
    interest_ids = dict(
        RomeInterest.objects.filter(code__in=rome.interests).values_list("code", "pk")
    )
    outcome.created["appellations"] = _upsert(
        RomeAppellation,
        "code_ogr",
        {
            key: {
                "rome_code_id": code_ids[values["code"]],
                "label": values["label"],
                "short_label": values["short_label"],
                "is_main": values["is_main"],
                "rarely_used": values["rarely_used"],
                "search_title": search_document(values["label"]),
                **version,
            }
            for key, values in rome.appellations.items()
        },
        ["rome_code", "label", "short_label", "is_main", "rarely_used", "search_title", "version"],
    )
    # A job title this version no longer lists under an imported code goes.
    RomeAppellation.objects.filter(rome_code_id__in=code_ids.values()).exclude(
        code_ogr__in=rome.appellations
    ).delete()

    # Links: the imported codes' contexts and interests are exactly this version's.
    through = RomeCode.contexts.through
    through.objects.filter(romecode_id__in=code_ids.values()).delete()
    through.objects.bulk_create(
        [
            through(romecode_id=code_ids[code], romeworkcontext_id=context_ids[code_ogr])
            for code, code_ogrs in rome.code_contexts.items()
            for code_ogr in code_ogrs
        ],
        batch_size=500,
    )
    RomeCodeInterest.objects.filter(rome_code_id__in=code_ids.values()).delete()
    RomeCodeInterest.objects.bulk_create(
        [
            RomeCodeInterest(
                rome_code_id=code_ids[code], interest_id=interest_ids[interest], is_main=is_main
            )
            for code, interests in rome.code_interests.items()
            for interest, is_main in interests.items()
        ],
        batch_size=500,
    )
    # The job titles are words of the search's vocabulary (professions/search.py).
    transaction.on_commit(search_service.invalidate)
    # Written in bulk (no signal per row): the pages that show the ROME (a profession's
    # « Selon France Travail », the sources' last import) and what they keep are out of date.
    transaction.on_commit(bump_content_version)
    outcome.total = {
        "codes": len(rome.codes),
        "appellations": len(rome.appellations),
        "contexts": len(rome.contexts),
        "interests": len(rome.interests),
    }
    return outcome


def import_rome(path, version_date=None):
    """Read then write; RomeError leaves the database as it was."""
    rome = read_rome(path, version_date=version_date)
    return rome, apply_import(rome)


# --- Proposing the link of a profession -------------------------------------------------------


def _masculine(label):
    return normalise(label.split("/")[0])


def proposed_codes(profession):
    """The ROME fiches whose job titles name this profession (« Aide-soignant / Aide-soignante »
    for the aide-soignant), for staff to confirm: never linked without a person."""
    from .models import RomeAppellation, RomeCode

    names = {
        normalise(name)
        for name in (profession.title_masculine, profession.title_feminine)
        if name.strip()
    }
    names.discard("")
    if not names:
        return RomeCode.objects.none()
    matching = set()
    named = Q()
    for name in names:
        named |= Q(search_title__contains=f" {name} ")
    for code_id, label in RomeAppellation.objects.filter(named).values_list(
        "rome_code_id", "label"
    ):
        masculine = _masculine(label)
        feminine = normalise(label.split("/", 1)[1]) if "/" in label else masculine
        if masculine in names or feminine in names:
            matching.add(code_id)
    return RomeCode.objects.filter(pk__in=matching)
