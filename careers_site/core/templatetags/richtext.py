"""{% richtext_importmap %}: the rich-text editor's import map, marked with the response's CSP
nonce (careers_site/core/richtext.py)."""

from django import template

from careers_site.core.richtext import render_importmap

register = template.Library()


@register.simple_tag(takes_context=True)
def richtext_importmap(context):
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", "") if request is not None else ""
    return render_importmap(str(nonce))
