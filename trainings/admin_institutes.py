"""The institute admin's tools: the « établissements sans offre » filter, an action that adds
one diploma's offers to many institutes at once, and the provenance of imported records. The
FINESS and Parcoursup uploads are in trainings/admin_imports.py."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from careers_site.core.models import Status

from .merging import merge_institutes
from .models import Diploma, Institute, Modality, TrainingOffer


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
        for offer in offers:
            offer.copy_related()  # as save() would
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


class MergeForm(forms.Form):
    kept = forms.ModelChoiceField(
        label="Fiche à garder",
        queryset=Institute.objects.none(),
        widget=forms.RadioSelect,
        help_text="L'autre fiche lui donne ses offres, ses anciennes adresses, ses liens courts "
        "et les codes FINESS ou UAI qui lui manquent, puis passe en brouillon.",
    )

    def __init__(self, *args, institutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kept"].queryset = institutes


@admin.action(description="Fusionner deux établissements (la même école)")
def merge_two(modeladmin, request, queryset):
    if not (
        request.user.has_perm("trainings.change_institute")
        and request.user.has_perm("trainings.change_trainingoffer")
    ):
        raise PermissionDenied
    institutes = queryset.order_by("pk")
    if institutes.count() != 2:
        modeladmin.message_user(
            request,
            "Sélectionnez exactement deux établissements à fusionner.",
            messages.WARNING,
        )
        return None
    form = MergeForm(request.POST if "merge" in request.POST else None, institutes=institutes)
    if form.is_valid():
        kept = form.cleaned_data["kept"]
        removed = institutes.exclude(pk=kept.pk).get()
        moved = merge_institutes(kept, removed)
        modeladmin.message_user(
            request,
            f"« {removed.name} » est fusionné dans « {kept.name} » : {moved['offers']} offre(s), "
            f"{moved['addresses']} ancienne(s) adresse(s) et {moved.get('links', 0)} lien(s) "
            "court(s) repris ; ses autres liens mènent désormais à la fiche gardée.",
            messages.SUCCESS,
        )
        return None
    return TemplateResponse(
        request,
        "admin/trainings/institute/merge.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": "Fusionner deux établissements",
            "form": form,
            "institutes": institutes,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        },
    )
