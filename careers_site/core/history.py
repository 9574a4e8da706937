"""History of every change to content (django-reversion): who changed what and when, a
comparison of two versions field by field, a « restore this version » button, and the
recovery of deleted items. Every content admin derives from `HistoryAdmin`.

The comparison is our own small view (difflib): it goes through the admin's `get_object`, so
an editor can compare only what they may see (careers_site/core/ownership.py)."""

import datetime
import difflib

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin
from reversion.models import Version


def _words(value):
    """The words of a value; rich text is read as text (paragraphs stay apart)."""
    from careers_site.core.richtext import html_to_text

    return html_to_text(str(value)).split() if value not in (None, "") else []


def inline_diff(old, new):
    """Old and new text, word by word: removed words in <del>, added words in <ins>."""
    old_words, new_words = _words(old), _words(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(format_html("{} ", " ".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(format_html("<del>{}</del> ", " ".join(old_words[a1:a2])))
        if op in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins> ", " ".join(new_words[b1:b2])))
    return format_html_join("", "{}", ((part,) for part in parts))


def same_value(old, new):
    """Equal as an editor sees them: a browser sends a text area's lines with « \\r\\n »
    (a one-field edit listed every multi-line text as changed), and a date and time shown to
    the second loses its microseconds."""
    if old == new:
        return True
    if isinstance(old, str) and isinstance(new, str):
        return old.replace("\r\n", "\n").strip() == new.replace("\r\n", "\n").strip()
    if isinstance(old, datetime.datetime) and isinstance(new, datetime.datetime):
        return old.replace(microsecond=0) == new.replace(microsecond=0)
    return False


def compare_versions(model, older, newer):
    """[(field label, diff)] for the fields that differ between two versions."""
    old_data, new_data = older.field_dict, newer.field_dict
    rows = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.name not in new_data:
            continue
        if not field.editable or field.name in ("search_title", "search_text"):
            continue
        old, new = old_data.get(field.name), new_data.get(field.name)
        if field.many_to_many:
            if not isinstance(old or [], list | tuple) or not isinstance(new or [], list | tuple):
                continue  # tags (django-taggit) are not serialised: nothing to compare
            old, new = sorted(old or []), sorted(new or [])
        if same_value(old, new):
            continue
        if field.choices:
            choices = dict(field.flatchoices)
            old, new = choices.get(old, old), choices.get(new, new)
        if field.many_to_many or field.is_relation:
            related = field.related_model._default_manager
            ids = (old if field.many_to_many else [old]) + (new if field.many_to_many else [new])
            names = {obj.pk: str(obj) for obj in related.filter(pk__in=[i for i in ids if i])}
            if field.many_to_many:
                old = ", ".join(names.get(i, f"n° {i}") for i in old)
                new = ", ".join(names.get(i, f"n° {i}") for i in new)
            else:
                old, new = names.get(old, old or ""), names.get(new, new or "")
        rows.append((str(field.verbose_name).capitalize(), inline_diff(old, new)))
    return rows


class HistoryAdmin(VersionAdmin):
    """VersionAdmin with a French comparison view and scoped recovery."""

    object_history_template = "admin/history/object_history.html"
    history_latest_first = True

    def get_urls(self):
        opts = self.model._meta
        info = opts.app_label, opts.model_name
        return [
            path(
                "<path:object_id>/history/comparer/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{info[0]}_{info[1]}_compare",
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("Contenu introuvable.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        try:
            ids = sorted({int(request.GET["de"]), int(request.GET["a"])})
        except (KeyError, ValueError):
            raise Http404("Choisissez deux versions à comparer.") from None
        found = {version.pk: version for version in versions.filter(pk__in=ids)}
        if len(ids) != 2 or len(found) != 2:
            raise Http404("Ces versions n'existent pas pour ce contenu.")
        older, newer = found[ids[0]], found[ids[1]]
        try:
            rows = compare_versions(self.model, older, newer)
        except Exception:  # noqa: BLE001 - an old version of a changed model: say so
            rows = None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": f"Comparer deux versions de « {obj} »",
            "older": older,
            "newer": newer,
            "rows": rows,
        }
        return TemplateResponse(request, "admin/history/compare.html", context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return super().history_view(request, object_id, extra_context)  # Django's answer
        opts = self.model._meta
        versions = self._reversion_order_version_queryset(
            request, Version.objects.get_for_object(obj).select_related("revision__user")
        )
        action_list = [
            {
                "revision": version.revision,
                "version_id": version.pk,
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(obj.pk), version.pk),
                ),
            }
            for version in versions
        ]
        context = {"action_list": action_list, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    # --- nothing lost by a delete -----------------------------------------------------------

    def _snapshot(self, request, objects):
        """A version of each object (and of what it follows: a campaign's episodes…) as it
        is now, before it goes: content created outside the admin (import, demo loader) has
        no version yet and could not be recovered otherwise. Written directly, not through
        create_revision(), which drops the versions of objects deleted before it closes (the
        list's bulk delete runs inside one)."""
        snapshot_before_delete(objects, request.user)

    def delete_model(self, request, obj):
        self._snapshot(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._snapshot(request, list(queryset))
        super().delete_queryset(request, queryset)

    # --- recovery and restore stay within what the editor may see ----------------------------

    def _version_allowed(self, request, version):
        checker = getattr(self, "version_is_owned", None)
        return checker is None or checker(request, version)

    def recover_view(self, request, version_id, extra_context=None):
        version = Version.objects.filter(pk=version_id).first()
        if version is None or not self._version_allowed(request, version):
            raise Http404("Cette version n'existe pas.")
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = Version.objects.filter(pk=version_id).first()
        if version is None or not self._version_allowed(request, version):
            raise Http404("Cette version n'existe pas.")
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404("Contenu introuvable.")
        return super().revision_view(request, object_id, version_id, extra_context)

    def _reversion_order_version_queryset(self, request, queryset):
        queryset = super()._reversion_order_version_queryset(request, queryset)
        if getattr(self, "version_is_owned", None) is None:
            return queryset
        return [version for version in queryset if self.version_is_owned(request, version)]


def snapshot_before_delete(objects, user=None, comment="État avant suppression"):
    return write_versions(objects, user, comment)


def write_versions(objects, user=None, comment=""):
    """One revision holding a version of each object as it is now (and of what it follows),
    written directly: also the first version of content that no admin form saved, so that its
    first edit can be compared and undone (« Contenu de démonstration », « Import FINESS du
    … »). Objects of models not under history are left out."""
    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers
    from django.db import router
    from django.utils.encoding import force_str
    from reversion.models import Revision
    from reversion.revisions import _follow_relations_recursive, _get_options, is_registered

    items = set()
    for obj in objects:
        if is_registered(type(obj)):
            items |= _follow_relations_recursive(obj)
    items = [item for item in items if item.pk is not None and is_registered(type(item))]
    if not items:
        return None
    revision = Revision.objects.create(
        date_created=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        comment=comment,
    )
    versions = []
    for item in items:
        options = _get_options(type(item))
        versions.append(
            Version(
                revision=revision,
                content_type=ContentType.objects.get_for_model(
                    type(item), for_concrete_model=options.for_concrete_model
                ),
                object_id=force_str(getattr(item, options.object_id_field)),
                db=router.db_for_write(type(item)),
                format=options.format,
                serialized_data=serializers.serialize(
                    options.format,
                    (item,),
                    fields=options.fields,
                    use_natural_foreign_keys=options.use_natural_foreign_keys,
                ),
                object_repr=force_str(item)[:191],
            )
        )
    Version.objects.bulk_create(versions)
    return revision
