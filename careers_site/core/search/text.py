"""Text helpers for search, on the normal form of `careers_site.core.text`, so that
« Électroradiologie », « electro-radiologie » and « ELECTRORADIOLOGIE » compare equal, on
SQLite and PostgreSQL alike. The form is made in Python and stored (`search_document`,
filled on save); the database
then compares normalised terms with normalised documents (`engine.find`: `__contains`), and
Python ranks and compares the short listed groups (`matches`)."""

import functools
import html
import unicodedata

from django.utils.html import strip_tags

from careers_site.core.text import LIGATURES, NOT_WORD, normalise

# Little words that carry no meaning in a query (« aide à domicile », « métiers de la santé »).
STOP_WORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les"}
    | {"ou", "par", "pour", "sur", "un", "une"}
    | {"ma", "mes", "mon", "sa", "se", "ses", "son"}
)

# Below this length a query word must start a word of the text (« AS » must not match
# « classe »); from this length it may appear anywhere (« radiologie » in « électroradiologie »).
SUBSTRING_MIN_LENGTH = 5


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


def mentions(query, phrases):
    """The first of `phrases` that the query holds as whole words, compared in normalised and
    singular form (« travailler la nuit », « les week-ends » mention « nuit », « week-end »),
    else None."""
    words = " ".join(_singular(word) for word in normalise(query).split())
    for phrase in phrases:
        wanted = " ".join(_singular(word) for word in normalise(phrase).split())
        if wanted and f" {wanted} " in f" {words} ":
            return phrase
    return None


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


def search_document(*parts):
    """The normalised text stored for the database search, padded with a space at each end so
    that « starts a word » is a plain `contains " as"` on every database."""
    # Rich-text fields hold HTML: only their words are searched, not their tags.
    words = (html.unescape(strip_tags(str(part))) if part else "" for part in parts)
    return f" {normalise(' '.join(words))} "


def term_pattern(term):
    """What the database looks for in a search document for one query term: the same rule as
    `matches`, so that SQLite, PostgreSQL and Python agree."""
    return term if len(term) >= SUBSTRING_MIN_LENGTH else f" {term}"


@functools.lru_cache(maxsize=4096)
def _fold(char):
    """One original character in its normalised form (may be empty, or two letters for œ)."""
    folded = unicodedata.normalize("NFKD", char.translate(LIGATURES))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return NOT_WORD.sub(" ", folded)


def highlight(text, terms):
    """`text` escaped for HTML, with the parts that match the query terms wrapped in <mark>.
    Matching happens on the normalised form (« electro » marks « Électro »), and the marks are
    placed back on the original characters; every piece is escaped before it is wrapped."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    text = str(text or "")
    folded, origin = [], []
    for index, char in enumerate(text):
        for folded_char in _fold(char):
            folded.append(folded_char)
            origin.append(index)
    folded = "".join(folded)
    marked = [False] * len(text)
    for term in terms:
        start = folded.find(term)
        while start != -1:
            word_start = start == 0 or folded[start - 1] == " "
            if len(term) >= SUBSTRING_MIN_LENGTH or word_start:
                for position in range(start, start + len(term)):
                    marked[origin[position]] = True
            start = folded.find(term, start + 1)
    pieces, index = [], 0
    while index < len(text):
        end = index
        while end < len(text) and marked[end] == marked[index]:
            end += 1
        piece = escape(text[index:end])
        pieces.append(f"<mark>{piece}</mark>" if marked[index] else piece)
        index = end
    return mark_safe("".join(pieces))
