"""General text helpers, below search and everything else: one normal form of a text for
comparing (`normalise`), and what a visitor typed made safe to use (`clean_query`). Used by
the search, the communes, the announced dates and the URL filters."""

import functools
import re
import unicodedata

MAX_QUERY_LENGTH = 200

# The months in their normal form (`normalise`): « février » is "fevrier". Read by the announced
# dates, the dates spelled in sources and the content checks.
MONTHS = (
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
)
MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)}

# Ligatures that Unicode decomposition leaves whole.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
NOT_WORD = re.compile(r"[\W_]+")


# The same names and texts are normalised on every search (every listed item's words, every
# result's titles): this process keeps the last few thousand answers (pure: text in, text out).
@functools.lru_cache(maxsize=4096)
def normalise(text):
    """Lower case, no accents, punctuation and hyphens turned into single spaces.

    >>> normalise("Aide-soignant·e (DEAS) : l'Électroradiologie")
    'aide soignant e deas l electroradiologie'
    """
    text = str(text or "").translate(LIGATURES)
    if not text.isascii():  # plain ASCII has no accent to take off
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    text = NOT_WORD.sub(" ", text.casefold())
    return " ".join(text.split())


CONTROL_CHARACTERS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F], " ")


def clean_query(raw):
    """What the visitor typed, trimmed and cut to a sane length (never an error)."""
    # Control characters go too: PostgreSQL refuses a NUL in a query parameter (500).
    return " ".join(str(raw or "").translate(CONTROL_CHARACTERS).split())[:MAX_QUERY_LENGTH].strip()
