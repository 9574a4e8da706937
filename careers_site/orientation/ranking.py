"""The ranking of « Est-ce pour moi ? », in plain rules.

For each question the visitor answered « oui » or « non », each profession gains or loses
points according to its position on that situation (set by staff in the profession's admin):

    visitor \\ job       often      depends     rarely
    « oui »              +2          +1           0
    « non »              -3          -1          +1

A « non » to something the job asks often weighs more than a « oui »: it is the answer most
likely to make someone give up in training. « Je ne sais pas », an unanswered question and a
job with no position on the situation (« non renseigné ») all count 0: they never push a job up
or down, and the result says which positions are unknown.

When staff gave no position, a situation that ROME work contexts answer (`Situation.
rome_contexts`) takes its position from the job's ROME fiches (France Travail): a context the
ROME lists counts as the job possibly asking for it; a context it does not list is no « no »,
only a weak « rarely », said as « le ROME ne le mentionne pas »:

    visitor \\ job       listed in the ROME      not mentioned by the ROME
    « oui »              +2                      0
    « non »              -2                      +0.5

The interests step adds, for each family of the RIASEC the visitor likes, +2 when it is the
job's main interest in the ROME and +1 when it is its second one.

Jobs are sorted by points, then by fewer things that may not fit, then A to Z (whatever the
capitals), then the job created first: the same answers always give the same order. Every
sentence shown comes from one answer of the visitor and one position of the job: nothing is
said that the visitor did not answer."""

from dataclasses import dataclass, field

from professions.models import RIASEC_WORDS, Frequency

YES, NO, DONT_KNOW = "oui", "non", "nsp"
ANSWERS = ((YES, "Oui"), (NO, "Non"), (DONT_KNOW, "Je ne sais pas"))
VALID_ANSWERS = frozenset(value for value, _ in ANSWERS)

POINTS = {
    (YES, Frequency.OFTEN): 2,
    (YES, Frequency.DEPENDS): 1,
    (YES, Frequency.RARELY): 0,
    (NO, Frequency.OFTEN): -3,
    (NO, Frequency.DEPENDS): -1,
    (NO, Frequency.RARELY): 1,
}

# A position read in the ROME: the context is listed for the job, or not mentioned.
LISTED, NOT_MENTIONED = "rome-listed", "rome-not-mentioned"
POINTS.update(
    {
        (YES, LISTED): 2,
        (YES, NOT_MENTIONED): 0,
        (NO, LISTED): -2,
        (NO, NOT_MENTIONED): 0.5,
    }
)

# The six interest families of the RIASEC, in plain words, as the visitor chooses them.
INTERESTS = (
    ("S", "Aider, soigner, accompagner les autres"),
    ("R", "Faire des choses concrètes, avec ses mains, des outils ou des appareils"),
    ("I", "Chercher, comprendre, analyser"),
    ("C", "Suivre des règles précises, organiser, classer"),
    ("E", "Convaincre, organiser le travail d'une équipe, diriger"),
    ("A", "Créer, imaginer, s'exprimer"),
)
INTEREST_WORDS = dict(INTERESTS)
INTEREST_POINTS = {"major": 2, "minor": 1}

# What is said for each (answer, position), around the situation's topic (« travailler la
# nuit »). The keys say in which list the sentence goes.
SENTENCES = {
    (YES, Frequency.OFTEN): (
        "fits",
        "Vous êtes d'accord pour {topic} : ce métier le demande souvent.",
    ),
    (YES, Frequency.DEPENDS): (
        "fits",
        "Vous êtes d'accord pour {topic} : dans ce métier, cela dépend du poste ou de la "
        "formation.",
    ),
    (NO, Frequency.RARELY): (
        "fits",
        "Vous préférez ne pas {topic} : ce métier le demande rarement.",
    ),
    (NO, Frequency.OFTEN): (
        "misfits",
        "Vous préférez ne pas {topic}, or ce métier le demande souvent.",
    ),
    (NO, Frequency.DEPENDS): (
        "misfits",
        "Vous préférez ne pas {topic} : certains postes ou certaines formations de ce métier le "
        "demandent.",
    ),
    (YES, Frequency.RARELY): (
        "good_to_know",
        "Vous êtes d'accord pour {topic}, mais ce métier le demande rarement.",
    ),
}


ROME_SENTENCES = {
    (YES, LISTED): (
        "fits",
        "Vous êtes d'accord pour {topic} : d'après le ROME de France Travail, ce métier peut "
        "le demander ({contexts}).",
    ),
    (NO, LISTED): (
        "misfits",
        "Vous préférez ne pas {topic}, or, d'après le ROME de France Travail, ce métier peut le "
        "demander ({contexts}).",
    ),
    (NO, NOT_MENTIONED): (
        "fits",
        "Vous préférez ne pas {topic} : le ROME de France Travail ne le mentionne pas pour ce "
        "métier (ce n'est pas une garantie).",
    ),
    (YES, NOT_MENTIONED): (
        "good_to_know",
        "Vous êtes d'accord pour {topic} : le ROME de France Travail ne le mentionne pas pour "
        "ce métier.",
    ),
}


@dataclass(frozen=True)
class RomeFacts:
    """What the ROME says of a job, as the ranking needs it: the work contexts of its fiches
    ({OGR code: label}, only those some question asks about), its RIASEC letters, and the
    source to name."""

    contexts: dict
    riasec_major: str = ""
    riasec_minor: str = ""
    source: str = ""
    source_url: str = ""

    @property
    def riasec_labels(self):
        """« social, investigateur »."""
        letters = self.riasec_major + self.riasec_minor
        return ", ".join(RIASEC_WORDS[letter] for letter in letters if letter in RIASEC_WORDS)


@dataclass(frozen=True)
class Reason:
    text: str
    note: str = ""
    source: str = ""
    source_url: str = ""


@dataclass
class Match:
    profession: object
    score: int = 0
    fits: list = field(default_factory=list)
    misfits: list = field(default_factory=list)
    good_to_know: list = field(default_factory=list)
    unknown: list = field(default_factory=list)  # situations answered, position not known

    @property
    def all_unknown(self):
        """Nothing is known of the job for any answer that counts: it cannot be placed."""
        return bool(self.unknown) and not (self.fits or self.misfits or self.good_to_know)

    @property
    def sort_key(self):
        return (-self.score, len(self.misfits), self.profession.title_masculine.casefold())


def answered(answers):
    """The answers that count: « oui » and « non »."""
    return {slug: value for slug, value in answers.items() if value in (YES, NO)}


def _rome_position(match, situation, answer, facts):
    """The job's position on `situation` read in its ROME fiches; False when the ROME does not
    answer this situation or the job has no fiche."""
    if not situation.rome_contexts.split() or facts is None:
        return False
    # In the order staff listed them on the situation (night work, then weekends).
    listed = [
        facts.contexts[code] for code in situation.rome_contexts.split() if code in facts.contexts
    ]
    key = (answer, LISTED if listed else NOT_MENTIONED)
    match.score += POINTS[key]
    where, sentence = ROME_SENTENCES[key]
    text = sentence.format(topic=situation.topic, contexts=", ".join(listed).lower())
    getattr(match, where).append(
        Reason(text=text, source=facts.source, source_url=facts.source_url)
    )
    return True


def _interests(match, interests, profession, facts):
    """Points and reasons for the interest families the visitor chose. Letters typed by staff
    on the profession win over those of its ROME fiche."""
    typed = getattr(profession, "riasec", "") or ""
    if typed:
        major, minor = typed[:1], typed[1:2]
        source, source_url = "ROME de France Travail, lettres saisies par l'équipe du site", ""
    elif facts is not None and facts.riasec_major:
        major, minor = facts.riasec_major, facts.riasec_minor
        source, source_url = facts.source, facts.source_url
    else:
        return
    for letter in interests:
        which = "major" if letter == major else "minor" if letter == minor else None
        if which is None:
            continue
        match.score += INTEREST_POINTS[which]
        rank_words = "l'intérêt principal" if which == "major" else "un des deux intérêts"
        match.fits.append(
            Reason(
                text=f"Vous aimez : « {INTEREST_WORDS[letter].lower()} ». D'après le ROME de "
                f"France Travail, c'est {rank_words} de ce métier ({RIASEC_WORDS[letter]}).",
                source=source,
                source_url=source_url,
            )
        )


def rank(professions, situations, answers, interests=()):
    """[Match] of every profession, best first.

    `professions` carry their positions in `orientation_positions` (a prefetched list; the
    order reads only `situation_id` and `frequency`, the notes and sources go to the reasons)
    and what the ROME says of them in `rome_facts` (RomeFacts, None without a fiche);
    `situations` are the questions asked, in order; `answers` maps a situation's slug to
    « oui », « non » or « nsp »; `interests` are the RIASEC letters the visitor chose."""
    counted = answered(answers)
    matches = []
    for profession in professions:
        positions = {p.situation_id: p for p in profession.orientation_positions}
        facts = getattr(profession, "rome_facts", None)
        match = Match(profession)
        for situation in situations:
            answer = counted.get(situation.slug)
            if answer is None:
                continue
            position = positions.get(situation.pk)
            if position is None or position.frequency not in Frequency.values:
                # No position typed by staff (theirs win): the ROME, where it answers.
                if not _rome_position(match, situation, answer, facts):
                    match.unknown.append(situation)
                continue
            key = (answer, Frequency(position.frequency))
            match.score += POINTS[key]
            where, sentence = SENTENCES[key]
            getattr(match, where).append(
                Reason(
                    text=sentence.format(topic=situation.topic),
                    note=position.note,
                    source=position.source,
                    source_url=position.source_url,
                )
            )
        _interests(match, interests, profession, facts)
        matches.append(match)
    return sorted(matches, key=lambda m: (*m.sort_key, m.profession.pk))
