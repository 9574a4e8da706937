"""Admin of the trainings app, for editors of the ARS and the Région: diplomas, institutes with
their offers in line, offers on their own, and financial aid."""

import csv
import io
import os
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm
from import_export.tmp_storages import TempFolderStorage

from careers_site.core.admin import PublishableAdmin, publication_fieldsets
from careers_site.platform.cache import invalidation_batched, leaves_content_unchanged
from careers_site.platform.uploads import (
    ImportRefused,
    check_csv_rows,
    check_upload_size,
    check_zip_expansion,
    sweep_abandoned,
    upload_dir,
)

from . import admin_calendar  # noqa: F401  (registers the Parcoursup calendar)
from .admin_imports import FINESS, PARCOURSUP, OfficialImportMixin
from .admin_institutes import (
    WithoutOfferFilter,
    add_offers,
    merge_two,
    provenance_summary,
)
from .models import (
    Commune,
    Diploma,
    FinancialAid,
    Institute,
    ParcoursupFigures,
    ParcoursupFiliere,
    ProximityMatch,
    TrainingOffer,
)
from .resources import (
    SPLIT_HINT,
    BoundedCSV,
    BoundedXLSX,
    InstituteResource,
    TrainingOfferResource,
    unreadable,
)


class TrainingOfferForm(forms.ModelForm):
    """Puts the date-range error on the closing date, where the editor will look, instead of
    the database refusing the row with an error page. The admin adds the model and fields."""

    def clean(self):
        cleaned_data = super().clean()
        opens = cleaned_data.get("applications_open")
        closes = cleaned_data.get("applications_close")
        if opens and closes and closes < opens:
            self.add_error(
                "applications_close",
                "La clôture des candidatures ne peut pas précéder leur ouverture : "
                "vérifiez les deux dates.",
            )
        return cleaned_data


@admin.register(Diploma)
class DiplomaAdmin(PublishableAdmin):
    list_display = ("__str__", "level", "rncp_code", "publication_state", "public_link")
    list_filter = ("status", "level", "apprenticeship_possible")
    search_fields = ("name", "acronym", "rncp_code")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("professions",)
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug", "summary", "professions")}),
        (
            "Caractéristiques",
            {
                "fields": (
                    "level",
                    ("duration_months", "duration_note"),
                    ("ects", "grade"),
                    "rncp_code",
                    "minimum_age",
                    ("apprenticeship_possible", "apprenticeship_only"),
                )
            },
        ),
        ("Entrer en formation", {"fields": ("entry_requirements", "admission", "entry_routes")}),
        (
            "Réforme et sources",
            {
                "description": "Un diplôme réformé affiche un encadré « en cours de réforme ». "
                "Chaque chiffre publié (niveau, durée, code RNCP…) cite sa source.",
                "fields": (
                    "reform_note",
                    ("reform_from", "reform_note_until"),
                    "sources",
                    "sources_checked_on",
                ),
            },
        ),
        *publication_fieldsets(),
    )


class TrainingOfferInline(admin.StackedInline):
    model = TrainingOffer
    form = TrainingOfferForm
    extra = 0
    autocomplete_fields = ("diploma",)
    show_change_link = True
    fields = (
        ("diploma", "modality"),
        ("status", "published_at"),
        ("places", "intake_month", "start_date"),
        ("applications_open", "applications_close", "results_date"),
        ("application_route", "application_url"),
        "application_note",
        "fees",
        "last_verified",
    )
    verbose_name = "offre de formation dans cet établissement"
    verbose_name_plural = "offres de formation dans cet établissement"


class FrenchExportForm(SelectableFieldsExportForm):
    """The export page's checkboxes carry the French column names, not the field names."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class PrivateTempStorage(TempFolderStorage):
    """The file between an import's preview and its confirmation, in the bounded box's
    private folder (careers_site/platform/uploads.py): removed on confirmation or refusal,
    swept after an hour when the preview is abandoned. The name posted back by the
    confirmation form can only ever designate a file of that folder."""

    def get_full_path(self):
        return str(upload_dir() / Path(self.name).name)

    def _open(self, mode="r"):
        if self.name:
            return open(self.get_full_path(), mode, encoding=self.encoding)
        handle, name = tempfile.mkstemp(suffix=".import", dir=upload_dir())  # mode 0600
        self.name = Path(name).name
        return os.fdopen(handle, "wb")

    def remove(self):
        if Path(self.name or "").name:
            Path(self.get_full_path()).unlink(missing_ok=True)


class FrenchImportExportMixin(ImportExportMixin):
    """The import page explains each column (coded values with their meaning) and offers
    an empty template file with the French column names."""

    import_template_name = "admin/trainings/import.html"
    export_form_class = FrenchExportForm
    tmp_storage_class = PrivateTempStorage
    import_formats = (BoundedCSV, BoundedXLSX)  # read in the bounded box

    def add_data_read_fail_error_to_form(self, form, error):
        """The library names the Python exception (« Erreur 'UnicodeDecodeError' »): say
        what to do instead."""
        message = str(error) if isinstance(error, ImportRefused) else unreadable(error)
        form.add_error("import_file", message)

    def write_to_tmp_storage(self, import_file, input_format):
        """The library adds the chunks up one by one (a copy of the whole per chunk)."""
        tmp_storage = self.get_tmp_storage_class()(
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        tmp_storage.save(b"".join(import_file.chunks()))
        return tmp_storage

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        resource = self.resource_classes[0]()
        context["import_columns"] = resource.column_help()
        context["import_template_url"] = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_import_template"
        )
        return context

    def get_import_resource_kwargs(self, request, **kwargs):
        """The preview and the confirmed import run in the bounded box (trainings/resources.py,
        careers_site/platform/uploads.py), not in the web process."""
        return {**super().get_import_resource_kwargs(request, **kwargs), "bounded": True}

    def refuse_import(self, request, error):
        self.message_user(request, f"Import refusé, rien n'a été modifié. {error}", messages.ERROR)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        )

    def import_action(self, request, **kwargs):
        """The preview (a dry run): refused at once above `IMPORT_MAX_UPLOAD_BYTES` or
        `IMPORT_TABLE_MAX_ROWS` lines, before the file is parsed; read in the bounded box, its rows
        saved and rolled back without forgetting a page. The file stays only for a preview
        that can be confirmed."""
        upload = request.FILES.get("import_file") if request.method == "POST" else None
        if upload is not None:
            try:
                check_upload_size(upload, hint=SPLIT_HINT)
                if upload.name.lower().endswith((".xlsx", ".xls")):
                    check_zip_expansion(upload, hint=SPLIT_HINT)
                else:
                    check_csv_rows(upload, max_rows=settings.IMPORT_TABLE_MAX_ROWS, hint=SPLIT_HINT)
            except ImportRefused as error:
                return self.refuse_import(request, error)
        leaves_content_unchanged(request)
        sweep_abandoned()
        try:
            response = super().import_action(request, **kwargs)
        except ImportRefused as error:  # over the bounded box's time or memory
            response = self.refuse_import(request, error)
        kept = getattr(upload, "tmp_storage_name", None)
        context = getattr(response, "context_data", None) or {}
        if kept and "confirm_form" not in context:
            # A refused preview: nothing to confirm, nothing to keep.
            self.get_tmp_storage_class()(name=kept).remove()
        return response

    def process_import(self, request, **kwargs):
        """The confirmed import, in the bounded box: one new content version at the end,
        not one per row; refused over its time or memory with nothing saved, its file
        removed."""
        try:
            with invalidation_batched():
                return super().process_import(request, **kwargs)
        except FileNotFoundError:  # confirmed twice, swept, or a name made up
            self.message_user(
                request,
                "Le fichier à importer n'est plus disponible : déposez-le à nouveau.",
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
            )
        except ImportRefused as error:
            self.get_tmp_storage_class()(name=request.POST.get("import_file_name", "")).remove()
            return self.refuse_import(request, error)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import_template"
        return [
            path(
                "modele-import.csv",
                self.admin_site.admin_view(self.import_template_file),
                name=name,
            ),
            *super().get_urls(),
        ]

    def import_template_file(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.resource_classes[0]()
        buffer = io.StringIO()
        csv.writer(buffer).writerow(resource.get_export_headers())
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        filename = f"modele-{self.opts.model_name}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@admin.register(Institute)
class InstituteAdmin(OfficialImportMixin, FrenchImportExportMixin, PublishableAdmin):
    official_imports = (FINESS,)
    resource_classes = (InstituteResource,)
    formats = (CSV, XLSX)
    list_display = (
        "name",
        "commune",
        "departement",
        "kind",
        "source",
        "publication_state",
        "public_link",
    )
    list_filter = ("departement", "kind", "status", WithoutOfferFilter, "source")
    actions = (*PublishableAdmin.actions, add_offers, merge_two)
    readonly_fields = (*PublishableAdmin.readonly_fields, "provenance", "source_closed_on")
    search_fields = ("name", "acronym", "commune", "postcode", "uai")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (TrainingOfferInline,)
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug", "kind", "parent_organisation")}),
        ("Présentation", {"fields": ("description", "labels", "accessibility")}),
        (
            "Adresse",
            {
                "fields": (
                    "address",
                    ("postcode", "commune"),
                    "departement",
                    ("latitude", "longitude"),
                ),
                "description": "Latitude et longitude (facultatives) donnent un lien vers "
                "OpenStreetMap : indiquez les deux, ou aucune.",
            },
        ),
        ("Contact", {"fields": ("phone", "email", "website", "applications_url")}),
        ("Sources de la présentation et des offres", {"fields": ("sources", "sources_checked_on")}),
        (
            "Source des données",
            {
                "fields": ("source_id", "uai", "provenance", "source_closed_on"),
                "description": "Un champ que vous modifiez n'est plus jamais écrasé par "
                "les imports FINESS et Parcoursup : l'import signale l'écart pour que vous "
                "tranchiez.",
            },
        ),
        *publication_fieldsets(),
    )

    @admin.display(description="provenance")
    def provenance(self, obj):
        return provenance_summary(obj)


class ParcoursupFiguresInline(admin.TabularInline):
    """Each session's figures, as Parcoursup published them: read only, replaced by the
    import of that session."""

    model = ParcoursupFigures
    extra = 0
    can_delete = False
    fields = (
        "session",
        "capacity",
        "candidates",
        "proposals",
        "admitted",
        "access_rate",
        "group_label",
        "imported_at",
    )
    readonly_fields = fields
    verbose_name_plural = "chiffres Parcoursup par session (données ouvertes, non modifiables)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TrainingOffer)
class TrainingOfferAdmin(OfficialImportMixin, FrenchImportExportMixin, PublishableAdmin):
    official_imports = (PARCOURSUP,)
    inlines = (ParcoursupFiguresInline,)
    resource_classes = (TrainingOfferResource,)
    formats = (CSV, XLSX)
    form = TrainingOfferForm
    list_display = (
        "diploma",
        "institute",
        "modality",
        "application_window",
        "publication_state",
        "public_link",
    )
    list_select_related = ("diploma", "institute")
    list_filter = ("status", "modality", "institute__departement", "diploma")
    search_fields = (
        "diploma__name",
        "diploma__acronym",
        "institute__name",
        "institute__commune",
        "parcoursup_code",
    )
    autocomplete_fields = ("diploma", "institute")
    fieldsets = (
        (None, {"fields": ("diploma", "institute", "modality", "parcoursup_code")}),
        ("Rentrée", {"fields": ("places", "intake_month", "start_date")}),
        (
            "Candidatures",
            {
                "fields": (
                    ("applications_open", "applications_close"),
                    "results_date",
                    "application_route",
                    "application_url",
                    "application_note",
                    "fees",
                    "last_verified",
                )
            },
        ),
        *publication_fieldsets(),
    )

    @admin.display(description="candidatures", ordering="applications_open")
    def application_window(self, obj):
        if not (obj.applications_open or obj.applications_close):
            return "–"
        opens = obj.applications_open.strftime("%d/%m/%Y") if obj.applications_open else "…"
        closes = obj.applications_close.strftime("%d/%m/%Y") if obj.applications_close else "…"
        label = f"{opens} → {closes}"
        if obj.applications_are_open:
            return format_html('{} <strong class="applications-open">(ouvertes)</strong>', label)
        return label


@admin.register(FinancialAid)
class FinancialAidAdmin(PublishableAdmin):
    list_display = (
        "name",
        "kind",
        "for_adults",
        "provider",
        "last_reviewed",
        "publication_state",
        "public_link",
    )
    list_select_related = ("provider",)
    list_filter = ("status", "kind", "for_adults", "provider")
    search_fields = ("name", "summary")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("provider", "professions", "diplomas")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "provider", "summary")}),
        (
            "Se reconvertir",
            {
                "description": "Cochez « pour se reconvertir » pour montrer cette aide ou cette "
                "voie dans le parcours des adultes. La modalité relie la voie aux offres de "
                "formation correspondantes.",
                "fields": ("for_adults", "modality"),
            },
        ),
        (
            "Conditions",
            {"fields": ("eligibility", "amount", "steps", "url", "professions", "diplomas")},
        ),
        ("Sources", {"fields": ("sources", "sources_checked_on")}),
        *publication_fieldsets(),
    )


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    """The official list of the region's communes (Etalab), used to place visitors: read
    only, reloaded with `manage.py load_communes`."""

    list_display = ("name", "insee_code", "departement", "postcodes", "population")
    list_filter = ("departement",)
    search_fields = ("name", "insee_code", "postcodes")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ParcoursupFiliere)
class ParcoursupFiliereAdmin(admin.ModelAdmin):
    """Parcoursup's filière labels and the site's diploma each one leads to. The import lists
    the health and social labels it does not know: add them here, mapped or ignored."""

    list_display = ("label", "diploma", "ignored")
    list_filter = ("ignored",)
    search_fields = ("label",)
    list_editable = ("diploma", "ignored")


@admin.action(description="Annuler les rapprochements sélectionnés", permissions=["change"])
def undo_matches(modeladmin, request, queryset):
    undone = 0
    for match in queryset.filter(rejected=False).select_related("institute"):
        institute = match.institute
        if institute.uai == match.uai:
            institute.uai = ""
            institute.save(update_fields=["uai"])
        match.rejected = True
        match.save(update_fields=["rejected"])
        undone += 1
    modeladmin.message_user(
        request,
        f"{undone} rapprochement(s) annulé(s) : le prochain import Parcoursup créera ces "
        "établissements d'après ses données et y rattachera leurs formations.",
    )


@admin.register(ProximityMatch)
class ProximityMatchAdmin(admin.ModelAdmin):
    """Parcoursup schools matched by place rather than by UAI: staff confirm by leaving them,
    or undo them."""

    list_display = (
        "parcoursup_name",
        "parcoursup_commune",
        "institute",
        "distance_m",
        "matched_at",
        "rejected",
    )
    list_filter = ("rejected",)
    list_select_related = ("institute",)
    search_fields = ("parcoursup_name", "institute__name", "uai")
    readonly_fields = (
        "uai",
        "institute",
        "parcoursup_name",
        "parcoursup_commune",
        "distance_m",
        "matched_at",
        "rejected",
    )
    actions = (undo_matches,)

    def has_add_permission(self, request):
        return False
