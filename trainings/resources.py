"""CSV and Excel import and export of institutes and training offers (django-import-export),
in the admin: the file is first read in a preview that lists what will be created or
changed, and every faulty row with its error in French; nothing is saved until the editor
confirms, and a file with one faulty row imports nothing (one transaction).

Columns: see the README (« Importer et exporter »). Offers name their diploma and their
institute by slug; an offer is recognised by (diploma, institute, modality).
"""

import reversion
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget
from reversion.models import Version

from .models import Diploma, Institute, TrainingOffer

INSTITUTE_COLUMNS = (
    "slug",
    "name",
    "acronym",
    "kind",
    "parent_organisation",
    "description",
    "address",
    "postcode",
    "commune",
    "departement",
    "latitude",
    "longitude",
    "website",
    "email",
    "phone",
    "accessibility",
    "labels",
    "status",
    "last_reviewed",
)
OFFER_COLUMNS = (
    "diploma",
    "institute",
    "modality",
    "places",
    "intake_month",
    "start_date",
    "applications_open",
    "applications_close",
    "results_date",
    "application_url",
    "application_note",
    "fees",
    "last_verified",
    "status",
)


class SlugWidget(ForeignKeyWidget):
    """A related object named by its slug, with a French error when none has it."""

    def __init__(self, model, what):
        super().__init__(model, field="slug")
        self.what = what

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            raise ValueError(f"Indiquez l'adresse (slug) de l'objet « {self.what} ».")
        try:
            return super().clean(str(value).strip(), row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                f"Aucun objet « {self.what} » n'a l'adresse (slug) « {value} » : vérifiez "
                "l'orthographe, ou créez-le d'abord dans l'administration."
            ) from None


class FrenchResource(resources.ModelResource):
    """Validation by the model's own rules (full_clean: choices, lengths, constraints), all
    in one transaction."""

    def import_data(self, dataset, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, **kwargs)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Each imported row is kept in the history (and the state before it, for an item
        that had no version yet): a mistaken import can be undone row by row."""
        if kwargs.get("dry_run"):
            return super().save_instance(instance, is_create, row, **kwargs)
        model = type(instance)
        user = kwargs.get("user")
        if (
            not is_create
            and not Version.objects.get_for_object_reference(model, instance.pk).exists()
        ):
            with reversion.create_revision():
                reversion.set_comment("État avant import")
                reversion.add_to_revision(model._default_manager.get(pk=instance.pk))
        result = super().save_instance(instance, is_create, row, **kwargs)
        with reversion.create_revision():
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
            reversion.set_comment("Import d'un fichier")
            reversion.add_to_revision(instance)
        return result

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        except ValueError as error:
            raise ValueError(f"{field.column_name} : {error}") from None


class InstituteResource(FrenchResource):
    class Meta:
        model = Institute
        fields = INSTITUTE_COLUMNS
        export_order = INSTITUTE_COLUMNS
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class TrainingOfferResource(FrenchResource):
    diploma = fields.Field(
        attribute="diploma", column_name="diploma", widget=SlugWidget(Diploma, "diplôme")
    )
    institute = fields.Field(
        attribute="institute",
        column_name="institute",
        widget=SlugWidget(Institute, "établissement"),
    )

    class Meta:
        model = TrainingOffer
        fields = OFFER_COLUMNS
        export_order = OFFER_COLUMNS
        import_id_fields = ("diploma", "institute", "modality")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
