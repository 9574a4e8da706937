"""The situations of « Est-ce pour moi ? », as first written: the migration that
creates them on a new site and the demo loader use this list. Staff edit the wording in the
admin afterwards; `ensure_situations` only creates the ones that are missing and never
changes what staff wrote."""

SITUATIONS = [
    (
        "toilette",
        "Aider une personne à se laver, à s'habiller, à manger. Ça vous irait ?",
        "Par exemple une personne malade, âgée ou handicapée.",
        "aider une personne à se laver, à s'habiller, à manger",
    ),
    (
        "nuit",
        "Travailler la nuit, le week-end ou les jours fériés. Ça vous irait ?",
        "",
        "travailler la nuit, le week-end ou les jours fériés",
    ),
    (
        "physique",
        "Rester debout longtemps. Aider des personnes à se lever ou à bouger. Ça vous irait ?",
        "",
        "rester debout longtemps et aider des personnes à bouger",
    ),
    (
        "machines",
        "Utiliser des machines et des écrans toute la journée. Ça vous plairait ?",
        "",
        "utiliser des machines et des écrans",
    ),
    (
        "souffrance",
        "Voir des personnes qui souffrent. Parfois, voir la mort. Vous pourriez le vivre ?",
        "Répondez comme vous le sentez aujourd'hui.",
        "voir des personnes qui souffrent, et parfois la mort",
    ),
    (
        "enfants",
        "Vous occuper de bébés ou d'enfants. Ça vous plairait ?",
        "",
        "vous occuper de bébés ou d'enfants",
    ),
    (
        "ages",
        "Vous occuper de personnes âgées. Ça vous plairait ?",
        "",
        "vous occuper de personnes âgées",
    ),
    (
        "handicap",
        "Accompagner des personnes handicapées. Ça vous plairait ?",
        "",
        "accompagner des personnes handicapées",
    ),
    (
        "domicile",
        "Aller chez les gens, à leur domicile. Ça vous plairait ?",
        "Plutôt que de rester toujours au même endroit.",
        "aller chez les gens, à leur domicile",
    ),
    (
        "autonomie",
        "Travailler seul ou seule. Décider sans collègue à côté. Ça vous irait ?",
        "",
        "travailler seul ou seule, en autonomie",
    ),
    (
        "etudes",
        "Faire 3 ans d'études ou plus après le bac. Ça vous irait ?",
        "",
        "faire 3 ans d'études ou plus après le bac",
    ),
    (
        "apprentissage",
        "Vous former en apprentissage : des cours, et un travail payé chez un employeur. "
        "Ça vous intéresse ?",
        "",
        "vous former en apprentissage, avec un salaire",
    ),
    (
        "horaires",
        "Commencer tôt, finir tard, être joignable pour venir en urgence (astreinte). "
        "Ça vous irait ?",
        "",
        "travailler en horaires décalés ou d'astreinte",
    ),
    (
        "deplacements",
        "Vous déplacer d'un lieu à un autre pendant votre journée de travail. Ça vous irait ?",
        "",
        "vous déplacer pour votre travail",
    ),
]


# The work contexts of the ROME (France Travail, v460; OGR codes of
# unix_referentiel_contexte_travail) that answer a situation: a job linked to a ROME fiche
# takes its position from them unless staff gave one. Situations not listed here have no
# work context that answers them.
ROME_CONTEXTS = {
    "nuit": "300803 23376",  # Travail de nuit; Travail les week-ends et jours fériés
    "physique": "300800 300795",  # Station debout prolongée; Port et manipulation de charges…
    # Enfants; Enfants de 3 à 6 ans; de 6 à 10 ans; de moins de 3 ans; Nourrissons; Enfants
    # de moins de 3 ans / de plus de 3 ans en situation de handicap
    "enfants": "300825 300826 300827 300828 300836 405250 512163",
    "ages": "300839",  # Personnes âgées
    # Personnes en situation de handicap; Enfants de moins de 3 / de plus de 3 ans en situation
    # de handicap
    "handicap": "300840 405250 512163",
    "domicile": "300778",  # Au domicile d'un particulier
    "horaires": "300805 300804",  # Travail en horaires décalés; Travail en astreinte
    "deplacements": "300779",  # Déplacements professionnels
}


def ensure_situations(situation_model):
    """Create the situations that are missing (`situation_model`: the model, or its historical
    version in a migration)."""
    for position, (slug, question, hint, topic) in enumerate(SITUATIONS, start=1):
        situation_model.objects.get_or_create(
            slug=slug,
            defaults={
                "question": question,
                "hint": hint,
                "topic": topic,
                "position": position * 10,
            },
        )


def link_rome_contexts(situation_model):
    """Give the situations as first written their ROME work contexts, where staff set none."""
    for slug, codes in ROME_CONTEXTS.items():
        situation_model.objects.filter(slug=slug, rome_contexts="").update(rome_contexts=codes)
