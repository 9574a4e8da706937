"""French typography in the templates: a non-breaking space inside « » and before : ; ? !, so
that a guillemet or a question mark never starts a line on its own (issue 28, point 5).
Generated text (questions, reasons typed by editors) goes through the `espaces` filter of
careers_site/core/templatetags/french.py, which applies the same rule."""

import re
from pathlib import Path

import pytest

from careers_site.core.templatetags.french import espaces

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# What is not text a reader sees: tags and their attributes, template tags and variables,
# comments, scripts, styles and code.
NOT_TEXT = re.compile(
    r"(<script\b.*?</script>|<style\b.*?</style>|<pre\b.*?</pre>|<code\b.*?</code>"
    r"|<textarea\b.*?</textarea>|\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<[^>]*>)",
    re.S,
)
BREAKABLE = [
    (re.compile(r"« "), "an ordinary space after «"),
    (re.compile(r"(?<!\s) »"), "an ordinary space before »"),
    (re.compile(r"(?<![\s>]) [:;?!](?=\s|$|<|&)"), "an ordinary space before : ; ? or !"),
]


def public_templates():
    return sorted(p for p in TEMPLATES.rglob("*.html") if "admin" not in p.parts)


def test_no_ordinary_space_where_french_wants_a_non_breaking_one():
    problems = []
    for path in public_templates():
        parts = NOT_TEXT.split(path.read_text(encoding="utf-8"))
        for text in parts[::2]:
            for pattern, what in BREAKABLE:
                for match in pattern.finditer(text):
                    excerpt = text[max(0, match.start() - 25) : match.end() + 5].strip()
                    problems.append(f"{path.relative_to(TEMPLATES)}: {what}: …{excerpt}…")
    assert not problems, f"{len(problems)} breakable spaces:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Ça vous irait ?", "Ça vous irait\xa0?"),
        ("« oui » ou « non »", "«\xa0oui\xa0» ou «\xa0non\xa0»"),
        ("Source : ONISEP ; 2025 !", "Source\xa0: ONISEP\xa0; 2025\xa0!"),
        ("https://exemple.fr/?q=1", "https://exemple.fr/?q=1"),
        ("<b>gras</b> ?", "&lt;b&gt;gras&lt;/b&gt;\xa0?"),
    ],
)
def test_the_filter_puts_the_same_spaces_in_generated_text(typed, shown):
    assert espaces(typed) == shown
