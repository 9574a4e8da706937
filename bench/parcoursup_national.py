"""Write a Parcoursup session file of national size in the official format, to measure the
import.

    .venv/bin/python bench/parcoursup_national.py OUT.csv [--rows 14000]
    /usr/bin/time -v .venv/bin/python manage.py import_parcoursup OUT.csv

The header is the real one (118 columns, « ; », UTF-8), read from the session-2025 extract in
fixtures/; each row is one of the extract's six real rows with its code (`cod_aff_form`), its
school (UAI, name), its place (département, commune, GPS) and its figures changed. Like the
national file, about one row in eighteen is a health or social D.E and one in twelve is in
the region (whose communes are read from fixtures/); one row in forty has no coordinates and
one in twenty no taux d'accès. Names and codes are made up (« Établissement de test n »).
Written as a stream: the generator's memory stays flat too.
"""

import argparse
import csv
import random
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXTRACT = FIXTURES / "parcoursup-2025-extract.csv"
COMMUNES = FIXTURES / "communes-auvergne-rhone-alpes.csv"

# Position of each column changed, in the official header.
UAI, NAME, DEP, REGION, COMMUNE = 2, 3, 4, 6, 8
LABEL, AGGREGATED, DETAILED, KIND, BIS, GPS = 9, 11, 12, 13, 14, 16
FIGURES = (17, 18, 19, 20, 45, 46)
RATES = (80, 88, 90, 92)
CODE, URL, ACCESS_RATE = 109, 111, 112

HEALTH = (
    ("D.E Infirmier", "IFSI", "D.E secteur sanitaire"),
    (
        "D.E manipulateur/trice en électroradiologie médicale",
        "Autre formation",
        "D.E secteur sanitaire",
    ),
    (
        "DTS Imagerie médicale et radiologie thérapeutique",
        "Autre formation",
        "D.E secteur sanitaire",
    ),
    ("D.E Ergothérapeute", "Autre formation", "D.E secteur sanitaire"),
    ("D.E Psychomotricien", "Autre formation", "D.E secteur sanitaire"),
    ("Certificat de capacité d'Orthophoniste", "Autre formation", "D.E secteur sanitaire"),
    ("D.E Pédicure-Podologue", "Autre formation", "D.E secteur sanitaire"),  # not in the table
    ("D.E Educateur Spécialisé", "EFTS", "D.E secteur social"),
    ("D.E Educateur de Jeunes Enfants", "EFTS", "D.E secteur social"),
    ("D.E Assistant de Service Social", "EFTS", "D.E secteur social"),
)
REGION_DEPARTEMENTS = ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74")
OTHER_DEPARTEMENTS = [f"{n:02d}" for n in range(1, 96) if f"{n:02d}" not in REGION_DEPARTEMENTS]


def region_communes():
    by_departement = {}
    with COMMUNES.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            _insee, name, departement, *_ = line.rstrip("\n").split(",")
            by_departement.setdefault(departement, []).append(name)
    return by_departement


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=14_000)
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    random.seed(args.seed)
    with EXTRACT.open(encoding="utf-8", newline="") as extract:
        header, *bases = list(csv.reader(extract, delimiter=";"))
    communes = region_communes()
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        for index in range(1, args.rows + 1):
            cells = list(random.choice(bases))
            code = str(30_000 + index)
            school = index // 3  # a school teaches about three trainings
            cells[CODE] = code
            cells[URL] = (
                "https://dossierappel.parcoursup.fr/Candidats/public/fiches/"
                f"afficherFicheFormation?g_ta_cod={code}&typeBac=0&originePc=0"
            )
            in_region = random.random() < 1 / 12
            departement = random.choice(REGION_DEPARTEMENTS if in_region else OTHER_DEPARTEMENTS)
            cells[DEP] = departement
            cells[REGION] = "Auvergne-Rhône-Alpes" if in_region else "Autre région"
            cells[COMMUNE] = (
                random.choice(communes[departement]) if in_region else "Commune de test"
            )
            cells[UAI] = f"{departement[:2]}{school:05d}"[:7] + "ABCDEFGHJK"[school % 10]
            cells[NAME] = f"Établissement de test {school}"
            if random.random() < 1 / 18:
                label, aggregated, kind = random.choice(HEALTH)
                cells[LABEL] = cells[BIS] = label
                cells[AGGREGATED], cells[KIND] = aggregated, kind
                prefix = "Regroupement IFSI de test" if aggregated == "IFSI" else cells[NAME]
                cells[DETAILED] = f"{prefix} - {label}"
            latitude, longitude = random.uniform(44.1, 46.5), random.uniform(2.1, 7.1)
            cells[GPS] = "" if random.random() < 1 / 40 else f"{latitude:.5f}, {longitude:.5f}"
            for position in FIGURES:
                cells[position] = str(random.randint(1, 400))
            for position in RATES:
                cells[position] = f"{random.randint(0, 100)}.0"
            cells[ACCESS_RATE] = "" if random.random() < 1 / 20 else str(random.randint(1, 100))
            writer.writerow(cells)


if __name__ == "__main__":
    main()
