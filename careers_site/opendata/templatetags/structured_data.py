"""`{% json_ld data %}`: a schema.org block for search engines and data portals.

A `<script type="application/ld+json">` is a data block: browsers never run it, so the
Content-Security-Policy (script-src) does not apply and reports nothing. Its content is
escaped like Django's `json_script` (no « </script> » can end it early)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_text(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(ESCAPES)


@register.simple_tag
def json_ld(data):
    if not data:
        return ""
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(json_ld_text(data))
    )
