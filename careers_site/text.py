"""Text helpers for search: one normalised form so that « Électroradiologie », « electro-
radiologie » and « ELECTRORADIOLOGIE » compare equal, on SQLite and PostgreSQL alike (the
comparison is done in Python, not by the database)."""

import re
import unicodedata

MAX_QUERY_LENGTH = 200

# Ligatures that Unicode decomposition leaves whole.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
_NOT_WORD = re.compile(r"[\W_]+")

# Little words that carry no meaning in a query (« aide à domicile », « métiers de la santé »).
STOP_WORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les"}
    | {"ou", "par", "pour", "sur", "un", "une"}
)

# Below this length a query word must start a word of the text (« AS » must not match
# « classe »); from this length it may appear anywhere (« radiologie » in « électroradiologie »).
SUBSTRING_MIN_LENGTH = 5


def normalise(text):
    """Lower case, no accents, punctuation and hyphens turned into single spaces.

    >>> normalise("Aide-soignant·e (DEAS) : l'Électroradiologie")
    'aide soignant e deas l electroradiologie'
    """
    text = str(text or "").translate(_LIGATURES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _NOT_WORD.sub(" ", text.casefold())
    return " ".join(text.split())


def clean_query(raw):
    """What the visitor typed, trimmed and cut to a sane length (never an error)."""
    return " ".join(str(raw or "").split())[:MAX_QUERY_LENGTH].strip()


def _singular(word):
    # « aides soignantes » finds « aide-soignante »: a cheap plural folding, enough here.
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        return word[:-1]
    return word


def query_terms(query):
    """The normalised words of a query, without the little words (unless nothing else).
    Single letters are dropped: « e » would match half the site."""
    words = [_singular(word) for word in normalise(query).split() if len(word) > 1]
    meaningful = [word for word in words if word not in STOP_WORDS]
    return list(dict.fromkeys(meaningful or words))


def matches(terms, normalised_text):
    """True when every term is found in the (already normalised) text."""
    if not terms:
        return False
    padded = " " + normalised_text
    for term in terms:
        if len(term) >= SUBSTRING_MIN_LENGTH:
            if term not in normalised_text:
                return False
        elif " " + term not in padded:
            return False
    return True
