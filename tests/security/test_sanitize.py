"""Editor rich text keeps its formatting and loses anything that runs or tracks."""

import pytest

from careers_site.core.sanitize import clean_html, neutralise_formula

STRIPPED = {
    "script": ("<p>Bonjour<script>alert(1)</script></p>", "<p>Bonjour</p>"),
    "javascript link": (
        '<a href="javascript:alert(1)">x</a>',
        '<a rel="noopener noreferrer">x</a>',
    ),
    "entity-encoded javascript": (
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a rel="noopener noreferrer">x</a>',
    ),
    "data URL": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        '<a rel="noopener noreferrer">x</a>',
    ),
    "event handler": ('<p onclick="steal()" onmouseover="x()">t</p>', "<p>t</p>"),
    "style attribute": ('<p style="background:url(https://pisteur.example)">t</p>', "<p>t</p>"),
    "style element": ("<style>body{display:none}</style><p>t</p>", "<p>t</p>"),
    "image with onerror": ('<img src="x" onerror="alert(1)">t', "t"),
    "iframe": ('<iframe src="https://pisteur.example"></iframe>t', "t"),
    "svg": ("<svg><script>alert(1)</script></svg>t", "t"),
    "form": ('<form action="https://x.example"><input name="p"></form>t', "t"),
    "comment": ("<!-- <script>alert(1)</script> -->t", "t"),
    "broken markup": ('<p title="x><script>alert(1)</script>">t', "<p>t</p>"),
}


@pytest.mark.parametrize("case", STRIPPED, ids=list(STRIPPED))
def test_dangerous_markup_is_stripped(case):
    dirty, clean = STRIPPED[case]
    assert clean_html(dirty) == clean


def test_formatting_and_links_are_kept_with_rel():
    html = (
        '<h2>Se former</h2><p>Voir <a href="https://www.onisep.fr/" target="_blank">'
        'l\'ONISEP</a> ou <a href="/metiers/">les métiers</a>.</p>'
        "<ul><li><strong>3 ans</strong></li></ul>"
    )
    assert clean_html(html) == (
        '<h2>Se former</h2><p>Voir <a href="https://www.onisep.fr/" rel="noopener noreferrer">'
        'l\'ONISEP</a> ou <a href="/metiers/" rel="noopener noreferrer">les métiers</a>.</p>'
        "<ul><li><strong>3 ans</strong></li></ul>"
    )


@pytest.mark.parametrize("empty", [None, ""])
def test_nothing_gives_nothing(empty):
    assert clean_html(empty) == ""


# --- formula injection in exports (« CSV injection ») ------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://exemple.org","clic")',
        "+HYPERLINK(A1)",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "=",
    ],
)
def test_a_formula_is_quoted(value):
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    ["+33 4 72 00 00 00", "-4.85", "-45,5", "IFAS de Lyon", "a=b", "", " =1", 12, None, -3],
)
def test_plain_values_are_kept(value):
    assert neutralise_formula(value) == value
