"""The Parcoursup filière labels the site maps to its diplomas out of the box.

The labels are those of the « Filière de formation détaillée bis » column of the open data
(« fr-esr-parcoursup »), as published: the four of the social and nursing rows are read in
the session-2025 extract kept in fixtures/ (see fixtures/README.md), the others in public
copies of the file's list of « D.E secteur sanitaire » filières. A label the file spells
otherwise is not guessed: the import reports it as unknown for staff to map.

Seeded by data migration `trainings 0019`, and again by `load_demo` (a database emptied by
tests keeps no migration data)."""

FILIERES = {
    "D.E Infirmier": "de-infirmier",
    "D.E manipulateur/trice en électroradiologie médicale": (
        "de-manipulateur-electroradiologie-medicale"
    ),
    "DTS Imagerie médicale et radiologie thérapeutique": (
        "dts-imagerie-medicale-radiologie-therapeutique"
    ),
    "D.E Technicien de Laboratoire Médical": "de-technicien-laboratoire-medical",
    "D.E Ergothérapeute": "de-ergotherapeute",
    "D.E Psychomotricien": "de-psychomotricien",
    "Certificat de capacité d'Orthophoniste": "certificat-capacite-orthophoniste",
    "Certificat de capacité d'Orthoptiste": "certificat-capacite-orthoptiste",
    "D.E Audioprothésiste": "de-audioprothesiste",
    "D.E Educateur Spécialisé": "de-educateur-specialise",
    "D.E Educateur de Jeunes Enfants": "de-educateur-jeunes-enfants",
    "D.E Assistant de Service Social": "de-assistant-service-social",
}


def ensure_filieres(filiere_model):
    """Add the labels that are missing (`filiere_model`: the model, or its historical version
    in a migration); a label staff changed is left as it is."""
    for label, slug in FILIERES.items():
        filiere_model.objects.get_or_create(label=label, defaults={"diploma_id": slug})
