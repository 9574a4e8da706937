"""The twelve situations of « Est-ce pour moi ? », as first written: the migration that
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
]


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
