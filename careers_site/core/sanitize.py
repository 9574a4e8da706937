"""Rich text from editors, made safe to show: an allow-list of tags and attributes (nh3, the
Rust `ammonia` sanitiser). Scripts, styles, event handlers, `javascript:` and `data:` links,
frames and forms are removed; links keep only web, mail and phone addresses and get
rel="noopener noreferrer".

Use it when saving (a model's clean() or save()) and mark the result safe in the template;
never mark unsanitised editor input safe.
"""

import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "abbr",
    "blockquote",
    "q",
    "cite",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h2",
    "h3",
    "h4",
    "a",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "ol": {"start"},
    "*": {"lang"},
}
URL_SCHEMES = {"https", "http", "mailto", "tel"}
LINK_REL = "noopener noreferrer"


def clean_html(html):
    """The allowed part of `html`, as a string; "" for nothing."""
    if not html:
        return ""
    return nh3.clean(
        str(html),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


# A spreadsheet runs a cell that starts with one of these as a formula (« CSV injection »,
# OWASP): =HYPERLINK(…) or -2+3+cmd|… typed into a name reaches whoever opens the file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a harmless « +33 4 72 00 00 00 » or « -4.85 » is made of.
PLAIN_NUMBER = re.compile(r"[+-]?[\d\s.,()/]*")


def neutralise_formula(value):
    """A text cell of an export as a spreadsheet shows it and never runs it: a value that
    would start a formula gets a leading apostrophe (shown as text by Excel and
    LibreOffice); numbers, phone numbers and every other value are left as they are."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if value[0] in "+-" and PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value
