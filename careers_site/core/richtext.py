"""Long texts that editors format themselves: headings, paragraphs, bold, italic, lists and
links, typed in a ProseMirror editor in the admin (django-prose-editor, its scripts served by
the site: no CDN), never as raw HTML.

One field, `RichTextField`, stores the HTML sanitised by careers_site/core/sanitize.py on every
save (admin, import, demo loader): no script, style or event attribute reaches a page.
Templates show it with `|safe`, which is right only for these fields.

The editor's import map is an inline <script type="importmap">: the admin's change form
prints it with the CSP nonce of the response (templates/admin/change_form.html), so the
admin keeps a script-src without 'unsafe-inline'.
"""

import html
import re

from django.db import models
from django.utils.html import escape, strip_tags
from django_prose_editor.widgets import ProseEditorWidget, importmap
from js_asset import Media, Script

from careers_site.core.sanitize import clean_html

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "ListItem": True,
    "HardBreak": True,
    "History": True,
}


class RichTextWidget(ProseEditorWidget):
    """The editor, with its modules and styles but without the inline import map (printed
    with a nonce by the change form)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": EDITOR_EXTENSIONS})
        kwargs.setdefault("preset", "configurable")
        super().__init__(*args, **kwargs)

    @property
    def media(self):
        return Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                ]
            },
            js=[
                Script("django_prose_editor/editor.js", type="module"),
                Script("django_prose_editor/configurable.js", type="module"),
            ],
        )


def render_importmap(nonce):
    return importmap.render(attrs={"nonce": nonce})


class RichTextField(models.TextField):
    """A TextField of sanitised HTML, edited with the rich-text editor."""

    def pre_save(self, model_instance, add):
        # Plain text (a script, an old import) keeps its paragraphs as <p>.
        value = clean_html(plain_to_html(getattr(model_instance, self.attname) or ""))
        if value in ("<p></p>", "<p><br></p>"):
            value = ""
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        kwargs["widget"] = RichTextWidget
        return super().formfield(**kwargs)


def plain_to_html(text):
    """Plain text as it was typed before the editor: paragraphs on blank lines, line breaks
    kept, everything escaped. Used by the data migrations and the demo loader."""
    text = (text or "").strip()
    if not text:
        return ""
    if re.search(r"</?[a-zA-Z][^>]*>", text):
        return text  # already HTML: the sanitiser decides what stays
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )


def convert_plain_text_fields(apps, app_label, fields):
    """For the data migrations that turned long plain-text fields into rich text: every value
    of `fields` ({model name: field names}) of `app_label` through `plain_to_html`, saved only
    where it changes."""
    for model_name, names in fields.items():
        model = apps.get_model(app_label, model_name)
        for obj in model.objects.only("pk", *names).iterator():
            changed = {}
            for name in names:
                value = getattr(obj, name)
                converted = plain_to_html(value)
                if converted != value:
                    changed[name] = converted
            if changed:
                model.objects.filter(pk=obj.pk).update(**changed)


def html_to_text(value):
    """Rich text as plain text (calendar files, feeds): one line per line break, a blank line
    between paragraphs, list items and headings."""
    text = re.sub(r"<br\s*/?>", "\n", value or "")
    text = re.sub(r"</(p|li|h2|h3|h4|blockquote)>", "\n\n", text)
    text = html.unescape(strip_tags(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
