"""The institute admin's tools for the FINESS import: upload → preview → confirm (the same
functions as `manage.py import_finess`), the « établissements sans offre » filter, and an
action that adds one diploma's offers to many institutes at once.

Importing takes the rights of a regional editor on institutes (add and change): superusers
and the « Éditeurs régionaux » group have them, organisation editors do not."""

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
from careers_site.platform.cache import leaves_content_unchanged
from careers_site.platform.uploads import ImportRefused, UploadSlot, keep_upload

from . import finess
from .models import Diploma, Institute, Modality, TrainingOffer

UPLOAD_SLOT = "finess"
PREVIEW_LINES = 200
TOO_LARGE_HINT = (
    "Le fichier national se charge par la commande « manage.py import_finess <fichier> » "
    "(voir le guide d'exploitation) ; ici, déposez un extrait de la région."
)


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
            leaves_content_unchanged(request)  # a preview writes nothing
            UploadSlot(request, UPLOAD_SLOT).forget()
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
        """The upload in the bounded box (careers_site/platform/uploads.py): capped, kept in
        a private file until the confirmation, read in a child process; the file is removed
        whatever goes wrong."""
        try:
            stored = keep_upload(upload, suffix=".json", too_large_hint=TOO_LARGE_HINT)
        except ImportRefused as error:
            return None, f"Import refusé, rien n'a été modifié. {error}"
        try:
            plan = finess.build_plan_bounded(stored)
        except finess.FinessError as error:
            stored.unlink(missing_ok=True)
            return None, f"Import refusé, rien n'a été modifié. {error}"
        except BaseException:
            stored.unlink(missing_ok=True)
            raise
        UploadSlot(request, UPLOAD_SLOT).keep(stored)
        return {"plan": plan, "lines": finess.describe(plan, limit=PREVIEW_LINES)}, None

    def _confirm(self, request):
        slot = UploadSlot(request, UPLOAD_SLOT)
        stored = slot.path()
        if stored is None:
            self.message_user(
                request,
                "Le fichier à importer n'est plus disponible : déposez-le à nouveau.",
                messages.ERROR,
            )
            return redirect("admin:trainings_institute_finess_import")
        try:
            plan = finess.build_plan_bounded(stored)
            written = finess.apply_import(plan)
        except finess.FinessError as error:
            self.message_user(request, f"Import refusé : {error}", messages.ERROR)
            return redirect("admin:trainings_institute_finess_import")
        finally:
            slot.forget()
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
