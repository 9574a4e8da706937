"""`{% json_ld data %}`: a schema.org block for search engines and data portals.

A `<script type="application/ld+json">` is a data block: browsers never run it, so the
Content-Security-Policy (script-src) does not apply and reports nothing. Its content is
escaped like Django's `json_script` (no « </script> » can end it early)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from careers_site.opendata.jsonld import page_structured_data as build_page_data

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


@register.simple_tag(takes_context=True)
def page_structured_data(context):
    """The schema.org block of the page, when it has one (careers_site/opendata/jsonld.py)."""
    request = context.get("request")
    if request is None:
        return ""
    preview = context.get("is_preview", False)
    return json_ld(build_page_data(request, context.get("object"), preview))
