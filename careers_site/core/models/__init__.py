"""The models of core (app label "careers_site"), one module per concept:

- `base`: timestamps, publication state, images with alt text (what every content model
  shares);
- `site_settings`: the brand and legal facts of the site;
- `organisations`: the organisations and the staff who work for them;
- `slug_history`: the addresses pages had before their slug changed.

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
from .site_settings import (
    AccessibilityStatus,
    SiteSettings,
    contrast_with_white,
    hex_colour,
    relative_luminance,
)
from .slug_history import SlugHistory

__all__ = [
    "AccessibilityStatus",
    "Organisation",
    "OrganisationKind",
    "OrganisationQuerySet",
    "PublishableModel",
    "PublishableQuerySet",
    "SiteSettings",
    "SlugHistory",
    "StaffMembership",
    "Status",
    "TimeStampedModel",
    "clean_image_alt",
    "contrast_with_white",
    "hex_colour",
    "image_alt_constraint",
    "publication_window_constraint",
    "relative_luminance",
]
