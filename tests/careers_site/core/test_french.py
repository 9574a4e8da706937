"""The French template filters, one library (`careers_site/core/templatetags/french.py`)."""

from django.template import Context, Template


def test_one_load_gives_every_french_filter():
    html = Template("{% load french %}{{ town|de }} · {{ salary|euros }}").render(
        Context({"town": "Le Puy-en-Velay", "salary": 1890})
    )
    assert html == "du Puy-en-Velay · 1\u202f890\u00a0€"


def test_an_unknown_amount_stays_empty():
    assert Template("{% load french %}{{ salary|euros }}").render(Context({})) == ""
