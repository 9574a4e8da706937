"""Write a FINESS « structures » file (schema v1) of national size, to measure the import.

    .venv/bin/python bench/finess_national.py OUT.json [--entities 100000]
    /usr/bin/time -v .venv/bin/python manage.py import_finess OUT.json --dry-run

Every record follows the published schema and example (legal entities with their geographic
entities, addresses, events, contacts); names and numbers are made up (« STRUCTURE DE TEST
n »). About one geographic entity in 300 is a training school (category 300), spread over
every département, so that the region gets a few hundred, some closed, some without
coordinates. Written as a stream: the generator's memory stays flat too.
"""

import argparse
import json
import random

DEPARTEMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "974"]
CATEGORIES = ["500", "355", "365", "202", "255", "460", "124", "603"]


def address(commune, postcode, usage, placed):
    value = {
        "usageAdresse": usage,
        "numeroVoie": str(random.randint(1, 200)),
        "typeVoie": "R",
        "libelleVoie": "DE L'EXEMPLE",
        "cogCommune": commune,
        "ligneAcheminement": "COMMUNE DE TEST",
        "ligneQuatre": "1 RUE DE L'EXEMPLE",
        "codePostal": postcode,
    }
    if placed:
        value["coordonneesGeographique"] = {
            "coordonneeX": "700000.00",
            "coordonneeY": "6500000.00",
            "directionLatitude": f"{random.uniform(43.0, 49.0):.6f}",
            "directionLongitude": f"{random.uniform(0.0, 7.0):.6f}",
            "cleInInteropBAN": "00000_0000_00001",
            "scoreBAN": "0.95",
        }
    return value


def event(number, kind):
    return {
        "evenementId": str(number),
        "dateEnregistrement": "2025-10-21 18:36:29",
        "dateEvenement": "2001-01-01",
        "etatObjet1": "001",
        "identifiantObjet1": str(number),
        "systemeMaitre": "01",
        "typeObjet1": kind,
        "codeEvenement": "001",
    }


def legal_entity(index):
    departement = random.choice(DEPARTEMENTS)
    prefix = departement[:2]
    commune = f"{departement}{random.randint(1, 400):03d}"[:5]
    postcode = f"{prefix}{random.randint(0, 999):03d}"
    schools = []
    for ege_index in range(random.choice((1, 1, 1, 2, 3))):
        number = index * 4 + ege_index
        school = random.random() < 1 / 300
        closed = school and random.random() < 0.1
        general = {
            "egeId": str(number),
            "dateOuverture": "1990-01-01",
            "datePremiereAutorisation": "1990-01-01",
            "nomEgeCourt": f"STRUCTURE DE TEST {number}",
            "nomEgeLong": ("ECOLE" if school else "ETABLISSEMENT") + f" DE TEST {number}",
            "numFinessEge": f"{prefix}{number:07d}"[:9],
            "espic": ["0"],
            "siret": f"{number:014d}",
        }
        if closed:
            general["dateFermeture"] = "2024-06-30"
        schools.append(
            {
                "informationsGeneralesEGE": general,
                "categorieentiteGeographiqueExercice": "300"
                if school
                else random.choice(CATEGORIES),
                "modefixationtarifaire": "07",
                "typeBudget": ["01"],
                "adresse": [address(commune, postcode, "03", random.random() > 0.05)],
                "contact": [
                    {
                        "typeContact": {"roleContact": "01"},
                        "telecom": {"telephone": f"04{number % 100000000:08d}"},
                    }
                ],
                "engagement": [
                    {
                        "engagementId": str(number),
                        "typeEngagement": "CONV",
                        "sousTypeEngagement": "ASE",
                        "dateEffetEngagement": "1974-03-25",
                        "dateSignatureEngagement": "1974-03-25",
                        "autoriteRegulationEngagement": [],
                    }
                ],
                "evenement": [event(number, "EG"), event(number + 1, "EG")],
                "roleEge": [],
                "etatObjet": "I" if closed else "A",
                "dateDerniereMaj": "2021-10-18 00:00:00",
            }
        )
    return {
        "informationsGeneralesPMEJ": {
            "pmSmsseId": str(index),
            "codeApe": "86.10Z",
            "dateCreation": "2001-01-01",
            "denominationLonguePmSmsse": f"ENTITE JURIDIQUE DE TEST {index}",
            "denominationPm": f"ENTITE DE TEST {index}",
            "numFinessPm": f"{prefix}{index:07d}"[:9],
            "siren": f"{index:09d}",
            "statutJuridique": "73",
            "typePersonneMorale": "01",
        },
        "adresse": [address(commune, postcode, "02", True)],
        "contact": [{"typeContact": {"roleContact": "01"}, "telecom": {"telephone": "0400000000"}}],
        "engagement": [],
        "evenement": [event(index, "PM")],
        "ege": schools,
        "etatObjet": "A",
        "dateDerniereMaj": "2021-10-18 00:00:00",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    random.seed(args.seed)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write('{\n  "schemaVersion" : "v1.0.0",\n  "generatedAt" : "2026-03-09T00:00:00Z",\n')
        out.write('  "gcc" : [ ],\n  "gco" : [ ],\n  "pmej" : [ ')
        for index in range(1, args.entities + 1):
            if index > 1:
                out.write(", ")
            # Indented like the published file, which is pretty-printed.
            out.write(json.dumps(legal_entity(index), indent=2, ensure_ascii=False))
        out.write(" ]\n}\n")


if __name__ == "__main__":
    main()
