"""Upload → preview → confirm for the official-data imports (FINESS on the institutes,
Parcoursup on the training offers), one machinery for both: the same functions as their
commands (`manage.py import_finess`, `manage.py import_parcoursup`), described each by an
`OfficialImport`. The upload goes in the bounded box (careers_site/platform/uploads.py):
capped, written in chunks to a private file (never read whole into memory), read in a child
process with a memory and time ceiling for the preview, and again on confirmation.

Importing takes the rights of a regional editor on institutes and training offers (add and
change): superusers and the « Éditeurs régionaux » group have them, organisation editors do
not."""

from dataclasses import dataclass
from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from careers_site.platform.cache import leaves_content_unchanged
from careers_site.platform.uploads import ImportRefused, UploadSlot, keep_upload

from . import finess, parcoursup

PREVIEW_LINES = 200
PERMISSIONS = (
    "trainings.add_institute",
    "trainings.change_institute",
    "trainings.add_trainingoffer",
    "trainings.change_trainingoffer",
)


@dataclass(frozen=True)
class OfficialImport:
    """One official dataset the admin imports."""

    slug: str  # in the URL and its name: admin:trainings_<model>_<slug>_import
    title: str
    button: str
    file_label: str
    file_help: str
    suffix: str
    intro_template: str
    module: object  # build_plan_bounded(path), apply_import(plan), describe(plan, limit)
    error: type
    done: object  # (plan, written) -> message
    too_large_hint: str = ""


FINESS = OfficialImport(
    slug="finess",
    title="Importer les écoles depuis FINESS",
    button="Importer depuis FINESS",
    file_label="Fichier JSON des structures FINESS",
    file_help="Le fichier « structures » (schéma v1) téléchargé sur data.gouv.fr. "
    "Rien n'est enregistré avant votre confirmation.",
    suffix=".json",
    intro_template="admin/trainings/finess_intro.html",
    too_large_hint="Le fichier national se charge par la commande « manage.py import_finess "
    "<fichier> » (voir le guide d'exploitation) ; ici, déposez un extrait de la région.",
    module=finess,
    error=finess.FinessError,
    done=lambda plan, written: (
        f"Import FINESS terminé : {len(plan.created)} créés, {len(plan.updated)} mis à "
        f"jour, {len(plan.closed)} fermés, {len(plan.conflicts)} conflits à régler "
        f"({written} établissements écrits)."
    ),
)

PARCOURSUP = OfficialImport(
    slug="parcoursup",
    title="Importer les formations depuis Parcoursup",
    button="Importer depuis Parcoursup",
    file_label="Fichier CSV Parcoursup d'une session",
    file_help="Le fichier « fr-esr-parcoursup » d'une session (séparateur « ; », UTF-8), "
    "téléchargé sur le portail de données ouvertes du ministère. Rien n'est enregistré avant "
    "votre confirmation.",
    suffix=".csv",
    intro_template="admin/trainings/parcoursup_intro.html",
    too_large_hint="Le fichier national se charge par la commande « manage.py "
    "import_parcoursup <fichier> » (voir le guide d'exploitation) ; ici, déposez un extrait.",
    module=parcoursup,
    error=parcoursup.ParcoursupError,
    done=lambda plan, written: (
        f"Import Parcoursup (session {plan.session}) terminé : {len(plan.created)} offres "
        f"créées, {len(plan.updated)} mises à jour, {len(plan.unpublished)} dépubliées, "
        f"{len(plan.new_institutes)} établissements créés, {len(plan.proximity)} "
        f"rapprochements à vérifier, {len(plan.conflicts)} conflits à régler."
    ),
)


class UploadForm(forms.Form):
    file = forms.FileField()

    def __init__(self, *args, official_import, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = official_import.file_label
        self.fields["file"].help_text = official_import.file_help


def can_import(request):
    return all(request.user.has_perm(permission) for permission in PERMISSIONS)


def plan_file(stored, official_import):
    if official_import is FINESS:
        return finess.build_plan_bounded(stored)
    return official_import.module.build_plan_bounded(
        stored, too_many_rows_hint=official_import.too_large_hint
    )


class OfficialImportMixin:
    """Adds each of `official_imports` to a model admin: a button on its list, an upload
    page with a preview, a confirmation."""

    official_imports = ()
    change_list_template = "admin/trainings/change_list_official_imports.html"

    def _import_url_name(self, official_import):
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_{official_import.slug}_import"

    def get_urls(self):
        return [
            *(
                path(
                    f"import-{official_import.slug}/",
                    self.admin_site.admin_view(
                        partial(self.official_import_view, official_import=official_import)
                    ),
                    name=self._import_url_name(official_import),
                )
                for official_import in self.official_imports
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        buttons = []
        if can_import(request):
            buttons = [
                (reverse(f"admin:{self._import_url_name(imp)}"), imp.button)
                for imp in self.official_imports
            ]
        extra_context = {**(extra_context or {}), "official_import_buttons": buttons}
        return super().changelist_view(request, extra_context=extra_context)

    def official_import_view(self, request, official_import):
        if not can_import(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": official_import.title,
            "official_import": official_import,
            "source": official_import.module,
        }
        form = UploadForm(official_import=official_import)
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request, official_import)
        if request.method == "POST":
            leaves_content_unchanged(request)  # a preview writes nothing
            UploadSlot(request, official_import.slug).forget()
            form = UploadForm(request.POST, request.FILES, official_import=official_import)
            if form.is_valid():
                plan, error = self._preview(request, form.cleaned_data["file"], official_import)
                if error:
                    form.add_error("file", f"Import refusé, rien n'a été modifié. {error}")
                else:
                    context["plan"] = plan
                    context["lines"] = official_import.module.describe(plan, limit=PREVIEW_LINES)
        context["form"] = form
        return TemplateResponse(request, "admin/trainings/official_import.html", context)

    def _preview(self, request, upload, official_import):
        """The upload in the bounded box; the file is removed whatever goes wrong, and kept
        for the confirmation only when it was read."""
        try:
            stored = keep_upload(
                upload, suffix=official_import.suffix, too_large_hint=official_import.too_large_hint
            )
        except ImportRefused as error:
            return None, str(error)
        try:
            plan = plan_file(stored, official_import)
        except official_import.error as error:
            stored.unlink(missing_ok=True)
            return None, str(error)
        except BaseException:
            stored.unlink(missing_ok=True)
            raise
        UploadSlot(request, official_import.slug).keep(stored)
        return plan, None

    def _confirm(self, request, official_import):
        here = f"admin:{self._import_url_name(official_import)}"
        slot = UploadSlot(request, official_import.slug)
        stored = slot.path()
        if stored is None:
            self.message_user(
                request,
                "Le fichier à importer n'est plus disponible : déposez-le à nouveau.",
                messages.ERROR,
            )
            return redirect(here)
        try:
            plan = plan_file(stored, official_import)
            written = official_import.module.apply_import(plan)
        except official_import.error as error:
            self.message_user(request, f"Import refusé : {error}", messages.ERROR)
            return redirect(here)
        finally:
            slot.forget()
        self.message_user(request, official_import.done(plan, written), messages.SUCCESS)
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
