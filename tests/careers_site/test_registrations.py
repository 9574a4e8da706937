"""Lower layers receive an upper one's knowledge by registration, never as a typed name that
import-linter cannot see: no URL name of an app or a site feature in core or platform, and a
base template that loads site-wide tags only."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from careers_site.core.models import Organisation

ROOT = Path(settings.BASE_DIR)
UPPER_NAMESPACES = re.compile(
    r"""["'](campaigns|professions|trainings|pages|toolkit|dashboard|demo|orientation"""
    r"""|opendata):[a-z_]+["']"""
)


def test_no_upper_url_name_is_typed_in_core_or_platform():
    typed = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for layer in ("careers_site/core", "careers_site/platform")
        for path in (ROOT / layer).rglob("*.py")
        if "migrations" not in path.parts
        for match in UPPER_NAMESPACES.finditer(path.read_text())
    ]
    assert typed == []


def test_the_apps_admin_names_no_toolkit_piece():
    """The toolkit adds its short links and visits to the apps' admin from its ready()."""
    for path in (*(ROOT / "careers_site" / "core").rglob("*.py"), ROOT / "campaigns" / "admin.py"):
        if "migrations" not in path.parts:
            text = path.read_text()
            assert "ShortLinkInline" not in text and "visitcount_report" not in text, path


def test_core_knows_nothing_of_short_links_and_visits():
    """They are the toolkit's, models included; core keeps only their old labels, in the
    ledger of moved models (and in the migrations that made and moved them)."""
    for path in (ROOT / "careers_site" / "core").rglob("*.py"):
        if "migrations" not in path.parts and path.name != "moved_models.py":
            text = path.read_text().lower()
            assert "shortlink" not in text and "visitcount" not in text, path
            assert "short link" not in text and "visit count" not in text, path


def test_an_organisation_page_is_the_address_campaigns_registered():
    organisation = Organisation(slug="ars-auvergne-rhone-alpes")
    assert organisation.get_absolute_url() == reverse(
        "campaigns:partner_detail", kwargs={"slug": "ars-auvergne-rhone-alpes"}
    )


def test_the_base_template_loads_site_wide_tags_only():
    base = (ROOT / "templates" / "base.html").read_text()
    loaded = {name for tag in re.findall(r"{% load ([^%]+)%}", base) for name in tag.split()}
    assert loaded <= {"static", "site_tags"}


def test_the_models_of_core_import_each_other_one_way():
    """core/models/ is a package without a circle: its modules import their siblings below
    them (`from .base import …`), never the package that gathers them."""
    for path in (ROOT / "careers_site" / "core" / "models").glob("*.py"):
        if path.name != "__init__.py":
            text = path.read_text()
            assert "careers_site.core.models" not in text and "noqa: E402" not in text, path
