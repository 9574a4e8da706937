"""Small helpers shared by the campaigns tests."""

import datetime
import re
from zoneinfo import ZoneInfo

from careers_site.core.models import Organisation, SiteSettings

PARIS = ZoneInfo("Europe/Paris")


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def warm_site_cache():
    """The brand and footer partners come from the cache on a normal request; fill it so that
    a pinned query count measures the page itself. (Saving an organisation empties it.)"""
    SiteSettings.load()
    Organisation.objects.footer_partners()


def main_text_of(response):
    """What a visitor reads in the page's own content (<main>), without the menu and footer."""
    html = response.content.decode()
    start, end = html.find("<main"), html.find("</main>")
    return text_of_html(html[start:end] if start != -1 and end != -1 else html)


def text_of(response):
    """The page as text, tags removed and spaces collapsed: what a visitor reads."""
    return text_of_html(response.content.decode())


def text_of_html(html):
    html = re.sub(r"</?(a|abbr|b|em|i|span|strong|time)\b[^>]*>", "", html)
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&nbsp;", " ").replace("\xa0", " ").replace("&#x27;", "'")
    return re.sub(r"\s+", " ", text)
