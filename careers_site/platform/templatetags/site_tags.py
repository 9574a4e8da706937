from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from careers_site.core.publishing import PREVIEW_PARAM
from careers_site.platform.cache import kept_html
from careers_site.platform.page_head import head_blocks
from careers_site.platform.security import allow_inline_style, brand_css_text

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """Absolute URL of `path` (default: the current page, without its query string)."""
    request = context.get("request")
    if path is None:
        path = request.path if request else "/"
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is None:
        return path
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def brand_style(context):
    """The staff-chosen colours as one small `<style>` block in the page's head, allowed by its
    hash in the Content-Security-Policy: one stylesheet request fewer before the first paint."""
    site_settings = context.get("site_settings")
    if site_settings is None:
        return ""
    css = conditional_escape(brand_css_text(site_settings))
    request = context.get("request")
    if request is not None:
        allow_inline_style(request, css)
    return format_html("<style>{}</style>", css)


@register.filter
def lines(value):
    """Split a multi-line text field into its non-empty lines (for lists)."""
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


@register.simple_tag
def today():
    return timezone.localdate()


@register.simple_tag(takes_context=True)
def page_head_blocks(context):
    """What the site features registered for the page's `<head>` (`platform/page_head.py`)."""
    return mark_safe("".join(conditional_escape(block) for block in head_blocks(context)))


class KeptNode(template.Node):
    def __init__(self, nodelist, name, vary_on, prepare=None, scheduled=True):
        self.nodelist, self.name, self.vary_on, self.prepare = nodelist, name, vary_on, prepare
        self.scheduled = scheduled

    def render(self, context):
        request = context.get("request")
        if request is not None and PREVIEW_PARAM in request.GET:
            return self.render_now(context)  # a staff preview may show drafts: never kept
        values = [value.resolve(context) for value in self.vary_on]
        if any(value is None for value in values):
            return self.render_now(context)  # the view says this one is not to be kept
        name = ":".join(["fragment", self.name, *map(str, values)])
        render = lambda: self.render_now(context)  # noqa: E731
        return mark_safe(kept_html(name, render, scheduled=self.scheduled))

    def render_now(self, context):
        if self.prepare is None:
            return self.nodelist.render(context)
        # Resolving the view's callable runs it: its queries only run when the part is built.
        with context.push(**(self.prepare.resolve(context) or {})):
            return self.nodelist.render(context)


@register.tag
def kept(parser, token):
    """{% kept "name" value… [prepare callable] %}…{% endkept %}: the HTML between, rendered
    once per content version and values (`kept_html`), for a part rendered many times
    a page and on many pages (an offer's card) or a page's costly body. The values must say
    everything the HTML depends on, be read from the database or validated (never typed
    text) and the HTML must hold nothing of the request (no CSP nonce or hash, no token, no
    address built from the request's host); a value None means « not kept, render it ».
    `prepare`, a callable the view puts in the context, gives the variables only the part
    needs: it runs only when the part is built, so a kept part costs none of its queries. A
    last word `unscheduled` says no scheduled publication changes the part (the menu, the
    footer): kept until the next change or midnight, it costs no query to know when the next
    scheduled change is. Never kept in a staff preview."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% kept %} needs a name.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    prepare, scheduled = None, True
    if len(bits) >= 3 and bits[-1] == "unscheduled":
        scheduled, bits = False, bits[:-1]
    if len(bits) >= 4 and bits[-2] == "prepare":
        prepare = parser.compile_filter(bits[-1])
        bits = bits[:-2]
    name = bits[1].strip("\"'")
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    return KeptNode(nodelist, name, vary_on, prepare, scheduled)
