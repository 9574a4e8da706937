"""Random and malicious input on every public URL: the answer is always a page (200, 301,
302, 400 or 404), never a 500, and what was typed never comes back unescaped.

Two layers: a fixed list of known attacks (XSS in every context, SQL and template injection,
path traversal, NUL and control characters, invalid UTF-8, CRLF header injection, huge and
negative numbers, very long values, repeated parameters) on every query parameter a page
reads and on every slug, then hypothesis throwing arbitrary Unicode at the same places."""

import re
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_public_pages import DETAIL_ROUTES, public_urls, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

ALLOWED = {200, 301, 302, 400, 404}
# Appended to every value: if it comes back as is, the page reflects input unescaped.
MARKER = "\"'><i8x>"
REFLECTED = ("<i8x>", "\"'><i8x")

# Parameters the views read today, plus those a filter or a pager usually reads: a
# parameter no view reads must be ignored just as safely.
COMMON_PARAMS = [
    "q",
    "page",
    "departement",
    "niveau",
    "metier",
    "diplome",
    "modalite",
    "m",
    "secteur",
    "tri",
    "lat",
    "lon",
    "commune",
    "source",
    "apercu",
    "format",
    "v",
    "mois",
    "type",
    "src",
    "lien",
    "taille",
]

ATTACKS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "</title><script>alert(1)</script>",
    "{{ 7*7 }}{% debug %}",
    "${7*7}",
    "' OR '1'='1' --",
    "1; DROP TABLE professions_profession; --",
    "../../../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "\x00",
    "a\x00b",
    "\r\nSet-Cookie: pris=1",
    "%ff%fe",
    "\U0010ffff",
    "é" * 5000,
    "9" * 400,
    "-1",
    "0",
    "1e309",
    "NaN",
    "🙂‮",
    "%",
    "\\",
    "  ",
]


def params_of(html):
    """Names of the fields of the forms a page shows (filters, search)."""
    return set(re.findall(r"<(?:input|select|textarea)[^>]*\bname=\"([^\"]+)\"", html))


def assert_safe(response, url):
    assert response.status_code in ALLOWED, f"{url}: HTTP {response.status_code}"
    body = response.content.decode(errors="replace")
    for fragment in REFLECTED:
        assert fragment not in body, f"{url}: input reflected unescaped"


def list_urls(world):  # noqa: F811
    return [url for url in public_urls(world) if "?" not in url]


@pytest.fixture
def targets(client, world):  # noqa: F811
    """(url, every parameter name to try, the names its forms show) for every public page."""
    found = []
    for url in list_urls(world):
        html = client.get(url).content.decode()
        found.append((url, sorted(params_of(html) | set(COMMON_PARAMS)), sorted(params_of(html))))
    return found


def test_known_attacks_in_every_query_parameter(client, targets):
    """Each attack in all the parameters of a page at once, then each parameter alone with
    the first attacks (a filter that fails only when alone is caught too)."""
    for url, names, form_names in targets:
        for attack in ATTACKS:
            query = urlencode(dict.fromkeys(names, attack + MARKER))
            assert_safe(client.get(f"{url}?{query}"), f"{url}?*={attack!r}")
        for name in form_names:
            for attack in ATTACKS[:3] + ["\x00", "9" * 400, "-1"]:
                query = urlencode({name: attack + MARKER})
                assert_safe(client.get(f"{url}?{query}"), f"{url}?{name}={attack!r}")


def test_raw_and_repeated_query_strings(client, targets):
    raw = [
        "q=%ff%fe%00",
        "page=1&page=2&page=<i8x>",
        "departement[]=01&departement[]=%3Ci8x%3E",
        "q",
        "=&&&=",
        "q=" + "%00" * 50,
        "page=99999999999999999999999",
        "page=-5",
        "m=a&m=b&m=" + "&m=".join(str(i) for i in range(100)),
        "a=" + "b" * 20000,
    ]
    for url, _names, _form_names in targets:
        for query in raw:
            assert_safe(client.get(f"{url}?{query}"), f"{url}?{query[:60]}")


@pytest.mark.parametrize("route", DETAIL_ROUTES)
def test_known_attacks_in_every_slug(client, world, route):  # noqa: F811
    base = reverse(route, kwargs={"slug": "x"}).rsplit("x/", 1)[0]
    for attack in [*ATTACKS, "x" * 3000, "%2e%2e%2f", "a/b", "a%2Fb"]:
        url = base + quote(attack + MARKER, safe="") + "/"
        assert_safe(client.get(url), url)


@pytest.mark.parametrize(
    "path",
    [
        "/agenda/{}.ics",
        "/campagnes/{}/kit.zip",
        "/metiers/{}",
        "/{}/",
        "/static/{}",
        "/media/{}",
        "/healthz/{}",
        "/m/{}",
        "/s/{}",
        "/affiche/m/{}/",
        "/affiche/{}/x/",
        "/metiers/{}/fiche/",
        "/agenda/{}/kit-salon/",
        "/campagnes/{}/kit-salon/",
        "/qr.{}",
        "/qr.svg?lien={}",
        "/qr.png?lien=/&taille={}",
        "/qr.svg?lien=/&src={}",
    ],
)
def test_known_attacks_in_other_paths(client, path):
    for attack in ATTACKS:
        url = path.format(quote(attack + MARKER, safe=""))
        assert_safe(client.get(url), url)


hostile_text = st.one_of(
    st.text(min_size=0, max_size=300),
    st.sampled_from(ATTACKS),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50).map(lambda t: f"<{t}>"),
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_query_parameters_never_break_a_page(client, targets, data):
    url, names, _form_names = data.draw(st.sampled_from(targets))
    values = data.draw(
        st.dictionaries(
            st.one_of(st.sampled_from(names), st.text(max_size=20)),
            hostile_text,
            min_size=1,
            max_size=4,
        )
    )
    query = urlencode({name: value + MARKER for name, value in values.items()})
    assert_safe(client.get(f"{url}?{query}"), f"{url}?{query[:200]}")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(route=st.sampled_from(DETAIL_ROUTES), slug=hostile_text)
def test_random_slugs_never_break_a_page(client, route, slug):
    base = reverse(route, kwargs={"slug": "x"}).rsplit("x/", 1)[0]
    url = base + quote(slug + MARKER, safe="") + "/"
    assert_safe(client.get(url), url)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    fmt=st.sampled_from(["svg", "png"]),
    values=st.dictionaries(st.sampled_from(["lien", "taille", "src"]), hostile_text, max_size=3),
)
def test_random_qr_code_parameters_never_break(client, fmt, values):
    query = urlencode({name: value + MARKER for name, value in values.items()})
    url = f"/qr.{fmt}?{query}"
    assert_safe(client.get(url), url)
