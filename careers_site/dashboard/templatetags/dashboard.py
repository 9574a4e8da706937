"""{% attention_lists as lists %} on the admin home (careers_site/dashboard/attention.py)."""

from django import template

from careers_site.dashboard.attention import attention_lists as build

register = template.Library()


@register.simple_tag(takes_context=True)
def attention_lists(context):
    return build(context["request"])
