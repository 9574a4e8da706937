"""Small Parcoursup files in the official format, built from the real header and rows of the
session-2025 extract kept in fixtures/ (see fixtures/README.md)."""

import csv
import io
from pathlib import Path

from django.conf import settings

EXTRACT = Path(settings.BASE_DIR) / "fixtures" / "parcoursup-2025-extract.csv"

with EXTRACT.open(encoding="utf-8", newline="") as _file:
    _ROWS = list(csv.reader(_file, delimiter=";"))
HEADER = _ROWS[0]
# Positions in the official header (two columns are called « Filière de formation »).
COLUMN = {
    "session": 0,
    "uai": 2,
    "name": 3,
    "dep": 4,
    "region": 6,
    "commune": 8,
    "label": 9,
    "aggregated": 11,
    "detailed": 12,
    "kind": 13,
    "bis": 14,
    "gps": 16,
    "capacity": 17,
    "candidates": 18,
    "proposals": 45,
    "admitted": 46,
    "grant_holders": 80,
    "general": 88,
    "technological": 90,
    "professional": 92,
    "code": 109,
    "url": 111,
    "access_rate": 112,
}
OCELLIA_LYON = _ROWS[2]  # cod_aff_form 25197, D.E Educateur de Jeunes Enfants, Lyon 9e
OCELLIA_VALENCE = _ROWS[6]  # 25251, D.E Assistant de Service Social, Valence
BTS_ARIEGE = _ROWS[4]  # another region, another filière
IFSI_TOULOUSE = _ROWS[5]


def row(base=OCELLIA_LYON, **changes):
    cells = list(base)
    for name, value in changes.items():
        cells[COLUMN[name]] = value
    if "code" in changes and "url" not in changes:
        cells[COLUMN["url"]] = (
            "https://dossierappel.parcoursup.fr/Candidats/public/fiches/"
            f"afficherFicheFormation?g_ta_cod={changes['code']}&typeBac=0&originePc=0"
        )
    return cells


def ifsi(code="23235", uai="0421234A", name="IFSI du CHU de Saint-Étienne", **changes):
    """A nursing row of the region, counted by its group as Parcoursup does."""
    values = {
        "code": code,
        "uai": uai,
        "name": name,
        "dep": "42",
        "commune": "Saint-Étienne",
        "label": "D.E Infirmier",
        "aggregated": "IFSI",
        "detailed": "Regroupement IFSI Université Jean Monnet - D.E Infirmier",
        "kind": "D.E secteur sanitaire",
        "bis": "D.E Infirmier",
        "gps": "45.4222, 4.3939",
        "capacity": "100",
        "access_rate": "41",
    }
    values.update(changes)
    return row(IFSI_TOULOUSE, **values)


def csv_bytes(*rows, header=HEADER):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def write(tmp_path, *rows, name="parcoursup.csv", header=HEADER):
    path = tmp_path / name
    path.write_bytes(csv_bytes(*rows, header=header))
    return path
