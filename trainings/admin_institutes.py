"""The institute admin's tools for the FINESS import: upload → preview → confirm (the same
functions as `manage.py import_finess`), the « établissements sans offre » filter, and an
action that adds one diploma's offers to many institutes at once.

Importing takes the rights of a regional editor on institutes (add and change): superusers
and the « Éditeurs régionaux » group have them, organisation editors do not."""

import os
import tempfile
import time
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from careers_site.core.models import Status

from . import finess
from .models import Diploma, Institute, Modality, TrainingOffer

SESSION_KEY = "finess_upload"
UPLOAD_DIR = Path(tempfile.gettempdir()) / "finess-imports"
PREVIEW_LINES = 200
ABANDONED_AFTER = 24 * 60 * 60  # seconds


class FinessUploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier JSON des structures FINESS",
        help_text="Le fichier « structures » (schéma v1) téléchargé sur data.gouv.fr. "
        "Rien n'est enregistré avant votre confirmation.",
    )


def can_import(request):
    return request.user.has_perm("trainings.add_institute") and request.user.has_perm(
        "trainings.change_institute"
    )


def _forget_upload(request):
    stored = request.session.pop(SESSION_KEY, None)
    if stored:
        Path(stored).unlink(missing_ok=True)


class FinessImportMixin:
    change_list_template = "admin/trainings/institute/change_list.html"

    def get_urls(self):
        return [
            path(
                "import-finess/",
                self.admin_site.admin_view(self.finess_import_view),
                name="trainings_institute_finess_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_finess": can_import(request)}
        return super().changelist_view(request, extra_context=extra_context)

    def finess_import_view(self, request):
        if not can_import(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Importer les écoles depuis FINESS",
            "source": finess,
        }
        form = FinessUploadForm()
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request)
        if request.method == "POST":
            _forget_upload(request)
            form = FinessUploadForm(request.POST, request.FILES)
            if form.is_valid():
                preview, error = self._preview(request, form.cleaned_data["file"])
                if error:
                    form.add_error("file", error)
                else:
                    context.update(preview)
        context["form"] = form
        return TemplateResponse(request, "admin/trainings/institute/finess_import.html", context)

    def _preview(self, request, upload):
        UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
        # Uploads previewed but never confirmed: gone after a day.
        for old in UPLOAD_DIR.glob("*.json"):
            if time.time() - old.stat().st_mtime > ABANDONED_AFTER:
                old.unlink(missing_ok=True)
        handle, name = tempfile.mkstemp(suffix=".json", dir=UPLOAD_DIR)
        with os.fdopen(handle, "wb") as stored:
            for chunk in upload.chunks():
                stored.write(chunk)
        try:
            with open(name, "rb") as stream:
                plan = finess.build_plan(stream)
        except finess.FinessError as error:
            Path(name).unlink(missing_ok=True)
            return None, f"Import refusé, rien n'a été modifié. {error}"
        request.session[SESSION_KEY] = name
        return {"plan": plan, "lines": finess.describe(plan, limit=PREVIEW_LINES)}, None

    def _confirm(self, request):
        stored = request.session.get(SESSION_KEY)
        if not stored or not Path(stored).exists():
            self.message_user(
                request,
                "Le fichier à importer n'est plus disponible : déposez-le à nouveau.",
                messages.ERROR,
            )
            return redirect("admin:trainings_institute_finess_import")
        try:
            with open(stored, "rb") as stream:
                plan = finess.build_plan(stream)
            written = finess.apply_import(plan)
        except finess.FinessError as error:
            self.message_user(request, f"Import refusé : {error}", messages.ERROR)
            return redirect("admin:trainings_institute_finess_import")
        finally:
            _forget_upload(request)
        self.message_user(
            request,
            f"Import FINESS terminé : {len(plan.created)} créés, {len(plan.updated)} mis à "
            f"jour, {len(plan.closed)} fermés, {len(plan.conflicts)} conflits à régler "
            f"({written} établissements écrits).",
            messages.SUCCESS,
        )
        return redirect("admin:trainings_institute_changelist")


class WithoutOfferFilter(admin.SimpleListFilter):
    title = "offres"
    parameter_name = "offres"

    def lookups(self, request, model_admin):
        return (("aucune", "Établissements sans offre"), ("au-moins-une", "Avec au moins une"))

    def queryset(self, request, queryset):
        has_offer = Exists(TrainingOffer.objects.filter(institute=OuterRef("pk")))
        if self.value() == "aucune":
            return queryset.filter(~has_offer)
        if self.value() == "au-moins-une":
            return queryset.filter(has_offer)
        return queryset


class AddOffersForm(forms.Form):
    diploma = forms.ModelChoiceField(
        label="Diplôme", queryset=Diploma.objects.order_by("level", "name")
    )
    modality = forms.ChoiceField(label="Modalité", choices=Modality.choices)
    publish = forms.BooleanField(
        label="Publier les offres tout de suite",
        required=False,
        help_text="Sinon elles restent en brouillon, le temps de compléter places et dates.",
    )


@admin.action(
    description="Ajouter les offres d'un diplôme aux établissements sélectionnés",
    permissions=["change"],
)
def add_offers(modeladmin, request, queryset):
    if not request.user.has_perm("trainings.add_trainingoffer"):
        raise PermissionDenied
    form = AddOffersForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        diploma, modality = form.cleaned_data["diploma"], form.cleaned_data["modality"]
        existing = set(
            TrainingOffer.objects.filter(
                diploma=diploma, modality=modality, institute__in=queryset
            ).values_list("institute_id", flat=True)
        )
        status = Status.PUBLISHED if form.cleaned_data["publish"] else Status.DRAFT
        offers = [
            TrainingOffer(
                diploma=diploma,
                institute=institute,
                modality=modality,
                status=status,
                published_at=timezone.now(),
            )
            for institute in queryset
            if institute.pk not in existing
        ]
        TrainingOffer.objects.bulk_create(offers)
        modeladmin.message_user(
            request,
            f"{len(offers)} offre(s) « {diploma.short_name} » ajoutée(s)"
            + (f" ; {len(existing)} établissement(s) l'avaient déjà." if existing else "."),
            messages.SUCCESS,
        )
        return None
    return TemplateResponse(
        request,
        "admin/trainings/institute/add_offers.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": "Ajouter les offres d'un diplôme",
            "form": form,
            "institutes": queryset,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        },
    )


def provenance_summary(institute):
    """« Où viennent ces données » on the change page, for editors."""
    if not institute.source:
        return "Saisi à la main (aucune source importée)."
    imported = (
        timezone.localtime(institute.source_imported_at).strftime("%d/%m/%Y à %H:%M")
        if institute.source_imported_at
        else "date inconnue"
    )
    edited = [
        str(Institute._meta.get_field(name).verbose_name) for name in institute.hand_edited_fields()
    ]
    lines = [
        format_html(
            "{} – numéro {} – {} – dernier import le {}.",
            institute.get_source_display(),
            institute.source_id or "–",
            institute.source_licence or "licence non précisée",
            imported,
        ),
        format_html(
            "Modifié à la main depuis (jamais écrasé par un import) : {}.",
            ", ".join(edited) if edited else "rien",
        ),
    ]
    if institute.source_closed_on:
        lines.append(
            format_html(
                "Fermé selon la source le {}.", institute.source_closed_on.strftime("%d/%m/%Y")
            )
        )
    return format_html_join("", "<p>{}</p>", ((line,) for line in lines))
