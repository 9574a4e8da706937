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

Jobs are sorted by points, then by fewer things that may not fit, then A to Z (whatever the
capitals), then the job created first: the same answers always give the same order. Every
sentence shown comes from one answer of the visitor and one position of the job: nothing is
said that the visitor did not answer."""

from dataclasses import dataclass, field

from professions.models import Frequency

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


def rank(professions, situations, answers):
    """[Match] of every profession, best first.

    `professions` carry their positions in `orientation_positions` (a prefetched list; the
    order reads only `situation_id` and `frequency`, the notes and sources go to the reasons);
    `situations` are the questions asked, in order; `answers` maps a situation's slug to
    « oui », « non » or « nsp »."""
    counted = answered(answers)
    matches = []
    for profession in professions:
        positions = {p.situation_id: p for p in profession.orientation_positions}
        match = Match(profession)
        for situation in situations:
            answer = counted.get(situation.slug)
            if answer is None:
                continue
            position = positions.get(situation.pk)
            if position is None or position.frequency not in Frequency.values:
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
        matches.append(match)
    return sorted(matches, key=lambda m: (*m.sort_key, m.profession.pk))
