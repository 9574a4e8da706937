"""The toolkit's models, one module per concept:

- `short_links`: the short links of the pages, main (/m/, /c/, /v/, /e/, /i/) and dedicated
  to a source (/s/), with the codes they had;
- `visit_counts`: the visits counted per day, page and source;
- `source_requests`: the counsellors' requests for a source of their own.

Short links and visit counts were models of core until they moved here, in the same tables
(careers_site/core/moved_models.py)."""

from .short_links import ShortLink, ShortLinkKind, short_code, source_code
from .source_requests import (
    PENDING_PER_EMAIL,
    RETENTION_DAYS,
    SourceRequest,
    SourceRequestQuerySet,
)
from .visit_counts import VisitCount

__all__ = [
    "PENDING_PER_EMAIL",
    "RETENTION_DAYS",
    "ShortLink",
    "ShortLinkKind",
    "SourceRequest",
    "SourceRequestQuerySet",
    "VisitCount",
    "short_code",
    "source_code",
]
