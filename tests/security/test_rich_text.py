"""Rich text typed in the admin editor keeps its headings, lists, links and bold, and nothing
else: no script, style, event attribute or javascript: link reaches a public page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from careers_site.core.richtext import html_to_text, plain_to_html
from careers_site.core.search.text import search_document
from tests.factories import EventFactory, InstituteFactory, ProfessionFactory

pytestmark = pytest.mark.django_db

ATTACKS = (
    "<script>alert('x')</script>"
    '<p onclick="alert(1)" style="position:fixed">Travail en équipe</p>'
    '<a href="javascript:alert(1)">piège</a>'
    '<img src="x" onerror="alert(1)">'
    "<style>body{display:none}</style>"
    '<iframe src="https://example.org"></iframe>'
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">données</a>'
)
FORBIDDEN = (
    "<script",
    "alert(",
    "onclick",
    "onerror",
    "javascript:",
    "<style",
    "<iframe",
    "position:fixed",
    "data:text",
    "<img",
)


def main_part(response):
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_injection_saved_in_the_admin_never_reaches_the_page(client, regional_editor):
    profession = ProfessionFactory()
    form = regional_editor.get(reverse("admin:professions_profession_change", args=[profession.pk]))
    data = {}
    admin_form = form.context["adminform"].form
    for name in admin_form.fields:
        value = admin_form[name].value()
        if value is None or name in ("hero_image",):
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, list):
            data[name] = value
            continue
        data[name] = value
    data.update(
        {
            "working_conditions": ATTACKS,
            "published_at_0": f"{timezone.localtime(profession.published_at):%d/%m/%Y}",
            "published_at_1": f"{timezone.localtime(profession.published_at):%H:%M:%S}",
            # The « Est-ce pour moi ? » inline, left empty.
            "situations-TOTAL_FORMS": "0",
            "situations-INITIAL_FORMS": "0",
        }
    )
    data.pop("published_at", None)
    data.pop("unpublished_at", None)
    response = regional_editor.post(
        reverse("admin:professions_profession_change", args=[profession.pk]), data
    )
    assert response.status_code == 302, response.context["adminform"].form.errors

    profession.refresh_from_db()
    for bad in FORBIDDEN:
        assert bad not in profession.working_conditions, bad
    page = main_part(client.get(profession.get_absolute_url()))
    assert "Travail en équipe" in page
    for bad in FORBIDDEN:
        assert bad not in page, bad


@pytest.mark.parametrize(
    ("factory", "field"),
    [(InstituteFactory, "description"), (EventFactory, "description")],
)
def test_every_rich_text_field_is_sanitised_on_save(client, factory, field):
    obj = factory(**{field: ATTACKS})
    obj.refresh_from_db()
    for bad in FORBIDDEN:
        assert bad not in getattr(obj, field), bad
    page = main_part(client.get(obj.get_absolute_url()))
    assert "Travail en équipe" in page
    for bad in FORBIDDEN:
        assert bad not in page, bad


def test_allowed_formatting_is_kept(client):
    html = (
        "<h2>Horaires</h2><p>En <strong>roulement</strong>, parfois <em>de nuit</em>.</p>"
        "<ul><li>Matin</li><li>Soir</li></ul>"
        '<p><a href="https://www.onisep.fr/">ONISEP</a></p>'
    )
    profession = ProfessionFactory(working_conditions=html)
    page = main_part(client.get(profession.get_absolute_url()))
    assert "<h2>Horaires</h2>" in page
    assert "<strong>roulement</strong>" in page and "<em>de nuit</em>" in page
    assert "<ul><li>Matin</li><li>Soir</li></ul>" in page
    assert '<a href="https://www.onisep.fr/" rel="noopener noreferrer">ONISEP</a>' in page


def test_the_admin_offers_the_editor_not_raw_html(regional_editor):
    profession = ProfessionFactory()
    page = regional_editor.get(
        reverse("admin:professions_profession_change", args=[profession.pk])
    ).content.decode()
    assert 'name="working_conditions"' in page
    assert "data-django-prose-editor-configurable" in page
    assert "django_prose_editor/configurable.js" in page
    assert '<script type="importmap" nonce="' in page


def test_search_reads_the_words_not_the_tags():
    document = search_document("<p><strong>Gardes</strong> de nuit &amp; week-ends</p>")
    assert document == " gardes de nuit week ends "


def test_plain_text_becomes_escaped_paragraphs():
    assert plain_to_html("Un < deux & \nDeux\n\nTrois") == (
        "<p>Un &lt; deux &amp; <br>Deux</p><p>Trois</p>"
    )
    assert html_to_text("<p>Un<br>Deux</p><p>Trois &amp; quatre</p>") == (
        "Un\nDeux\n\nTrois & quatre"
    )


def test_the_editor_speaks_french(regional_editor, client):
    catalog = regional_editor.get(reverse("richtext_jsi18n")).content.decode()
    assert "Modifier le lien" in catalog
    assert client.get(reverse("richtext_jsi18n")).status_code == 302  # staff only
