"""The French template filters, one library (`careers_site/core/templatetags/french.py`)."""

from django.template import Context, Template


def test_one_load_gives_every_french_filter():
    html = Template("{% load french %}{{ town|de }} · {{ salary|euros }}").render(
        Context({"town": "Le Puy-en-Velay", "salary": 1890})
    )
    assert html == "du Puy-en-Velay · 1\u202f890\u00a0€"


def test_an_unknown_amount_stays_empty():
    assert Template("{% load french %}{{ salary|euros }}").render(Context({})) == ""


def moment(value):
    return Template("{% load french %}{{ value|moment }}").render(Context({"value": value}))


def test_a_moment_reads_as_french_writes_it_in_the_site_time():
    import datetime

    from django.utils import timezone

    paris = timezone.get_default_timezone()
    assert moment(datetime.datetime(2027, 3, 1, 14, 30, tzinfo=paris)) == (
        '<time datetime="2027-03-01T14:30:00+0100">lundi 1er mars 2027</time>, 14&nbsp;h&nbsp;30'
    )
    assert moment(datetime.datetime(2027, 7, 2, 9, 0, tzinfo=paris)) == (
        '<time datetime="2027-07-02T09:00:00+0200">vendredi 2 juillet 2027</time>, 9&nbsp;h'
    )
    # Midnight: a day without an hour.
    assert moment(datetime.datetime(2027, 7, 2, tzinfo=paris)).endswith("2 juillet 2027</time>")
    # Stored in UTC, shown at the site's time: 23:05 UTC on 31 October is 00:05 on 1 November.
    late = datetime.datetime(2027, 10, 31, 23, 5, tzinfo=datetime.UTC)
    assert moment(late) == (
        '<time datetime="2027-11-01T00:05:00+0100">lundi 1er novembre 2027</time>, 0&nbsp;h&nbsp;05'
    )
    assert moment(None) == ""
