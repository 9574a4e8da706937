"""The models of core (app label "careers_site"), one module per concept:

- `base`: timestamps, publication state, images with alt text (what every content model
  shares);
- `site_settings`: the brand and legal facts of the site;
- `organisations`: the organisations and the staff who work for them;
- `shortlinks`: the toolkit's tables (short links, slug history, visit counts).

Everything is importable from `careers_site.core.models`, as before the split."""

from .base import (
    PublishableModel,
    PublishableQuerySet,
    Status,
    TimeStampedModel,
    clean_image_alt,
    image_alt_constraint,
    publication_window_constraint,
)
from .organisations import Organisation, OrganisationKind, OrganisationQuerySet, StaffMembership
from .shortlinks import ShortLink, ShortLinkKind, SlugHistory, VisitCount, short_code, source_code
from .site_settings import (
    AccessibilityStatus,
    SiteSettings,
    contrast_with_white,
    hex_colour,
    relative_luminance,
)

__all__ = [
    "AccessibilityStatus",
    "Organisation",
    "OrganisationKind",
    "OrganisationQuerySet",
    "PublishableModel",
    "PublishableQuerySet",
    "ShortLink",
    "ShortLinkKind",
    "SiteSettings",
    "SlugHistory",
    "StaffMembership",
    "Status",
    "TimeStampedModel",
    "VisitCount",
    "clean_image_alt",
    "contrast_with_white",
    "hex_colour",
    "image_alt_constraint",
    "publication_window_constraint",
    "relative_luminance",
    "short_code",
    "source_code",
]
