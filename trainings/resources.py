"""CSV and Excel import and export of institutes and training offers (django-import-export),
in the admin: the file is first read in a preview that lists what will be created or
changed, and every faulty row with its error in French; nothing is saved until the editor
confirms, and a file with one faulty row imports nothing (one transaction).

Columns: see the README (« Importer et exporter »). Offers name their diploma and their
institute by slug; an offer is recognised by (diploma, institute, modality).

In the admin (`bounded=True`), the preview and the confirmed import run in the bounded box
(careers_site/platform/uploads.py): a child process with a memory and time ceiling, on
connections of its own, which sends back a result the admin shows (`portable_result`).
"""

import decimal

import reversion
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX
from import_export.widgets import ForeignKeyWidget
from reversion.models import Version

from careers_site.core.sanitize import neutralise_formula
from careers_site.platform.cache import bump_content_version, invalidation_suspended
from careers_site.platform.uploads import (
    ImportRefused,
    run_bounded,
    run_bounded_with_database,
    too_many_rows,
)

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
    "applications_url",
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
    "application_route",
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


NUMBER_WIDGETS = (widgets.DecimalWidget, widgets.FloatWidget, widgets.IntegerWidget)
DATE_WIDGETS = (widgets.DateWidget, widgets.DateTimeWidget)


# Lines before the first data row of an imported file: the column names.
HEADER_LINES = 1
# What to do with a file the bounded box refuses for its time or memory.
SPLIT_HINT = "Découpez-le en plusieurs fichiers."


def unreadable(error):
    """Why a file could not be read, in French, and what to do (never the Python class)."""
    if isinstance(error, UnicodeError):
        return (
            "Ce fichier n'est pas en UTF-8. Dans votre tableur, enregistrez-le au format "
            "« CSV UTF-8 », ou envoyez-le au format Excel (.xlsx)."
        )
    return (
        "Ce fichier ne peut pas être lu dans le format choisi. Vérifiez le format "
        "(CSV ou Excel .xlsx) et que le fichier n'est pas abîmé, puis réessayez."
    )


class BoundedReading:
    """An import format whose file is parsed in the bounded box (a child process with a
    memory and time ceiling), and refused above `IMPORT_TABLE_MAX_ROWS` rows: a workbook's rows
    are only known once read. A file that cannot be read is an ImportRefused saying why."""

    def create_dataset(self, in_stream):
        return run_bounded(self.read_in_child, in_stream, hint=SPLIT_HINT)

    def read_in_child(self, in_stream):
        try:
            dataset = super().create_dataset(in_stream)
        except MemoryError:
            raise
        except Exception as error:
            raise ImportRefused(unreadable(error)) from None
        if len(dataset) > settings.IMPORT_TABLE_MAX_ROWS:
            raise too_many_rows(settings.IMPORT_TABLE_MAX_ROWS, SPLIT_HINT)
        return dataset


class BoundedCSV(BoundedReading, CSV):
    pass


class BoundedXLSX(BoundedReading, XLSX):
    pass


class RowError(Exception):
    """An error of one row as it crosses back from the bounded child: its message only."""


def portable_result(result, keep_instances):
    """An import's result as it can cross from the child process to the web process
    (pickled): each error keeps its message and traceback as text, not the exception (which
    may hold anything); rows keep their instance only for a confirmed import (the admin log
    names them), never the state before. A row that ran out of memory is the whole import's
    memory: MemoryError, which the bounded box refuses in French."""
    errors = [*result.base_errors, *(error for row in result.rows for error in row.errors)]
    errors += [error for row in result.error_rows for error in row.errors]
    for error in errors:
        if isinstance(error.error, MemoryError):
            raise MemoryError
        if not isinstance(error.error, RowError):
            error.traceback  # noqa: B018 - kept as text (a cached property) before the swap
            error.error = RowError(str(error.error))
    for row in result.rows:
        row.original = None
        if not keep_instances:
            row.instance = None
    return result


def french_error(field, value, error):
    """What went wrong with one cell, in French, and what to do: never a Python class."""
    shown = f"« {value} »"
    if isinstance(field.widget, NUMBER_WIDGETS):
        return (
            f"{shown} n'est pas un nombre : écrivez un nombre (par exemple 45.78 ou 30), "
            "ou laissez la case vide."
        )
    if isinstance(field.widget, DATE_WIDGETS):
        return (
            f"{shown} n'est pas une date : écrivez-la comme 2026-09-01 ou 01/09/2026, "
            "ou laissez la case vide."
        )
    message = str(error)
    if message.isascii():  # a message of the library, in English: say it plainly instead
        return f"{shown} n'est pas une valeur acceptée pour cette colonne."
    return message


def french_columns(resource_class):
    """Class decorator: each column is named after its field's verbose_name (as in the
    admin), for the export, the import and the export page's checkboxes alike."""
    model = resource_class._meta.model
    for name, field in resource_class.fields.items():
        try:
            field.column_name = str(model._meta.get_field(name).verbose_name)
        except Exception:  # a declared column that is not a model field keeps its name
            continue
    return resource_class


class FrenchResource(resources.ModelResource):
    """Validation by the model's own rules (full_clean: choices, lengths, constraints), all
    in one transaction. Columns carry the French names of the fields (their verbose_name, as
    in the admin), the same for export and import; a file with the former English column
    names (the field names) is still read."""

    def column_help(self):
        """[(column, help, [(code, meaning)])]: what the import page says about each column;
        coded values (kinds, départements, modalities, states) are listed with their
        meaning."""
        model = self._meta.model
        rows = []
        for name in self.get_export_order():
            field = self.fields[name]
            try:
                model_field = model._meta.get_field(name)
            except Exception:
                model_field = None
            codes = (
                [(str(code), str(label)) for code, label in (model_field.choices or [])]
                if model_field
                else []
            )
            if isinstance(field.widget, SlugWidget):
                hint = f"l'adresse (slug) d'un objet « {field.widget.what} » existant"
            elif isinstance(field.widget, DATE_WIDGETS):
                hint = "une date, comme 2026-09-01 ou 01/09/2026"
            elif isinstance(field.widget, NUMBER_WIDGETS) and not codes:
                hint = "un nombre (avec un point : 45.78)"
            elif codes:
                hint = "un des codes ci-contre"
            else:
                hint = "du texte"
            rows.append((field.column_name, hint, codes))
        return rows

    def column_label(self, name):
        field = self.fields.get(name) or next(
            (f for f in self.fields.values() if f.attribute == name), None
        )
        return field.column_name if field else name

    # {row number: the row number it repeats}, found before any row is read.
    repeated_rows = {}

    def __init__(self, bounded=False, **kwargs):
        super().__init__(**kwargs)
        self.bounded = bounded

    def before_import(self, dataset, **kwargs):
        english = {name: field.column_name for name, field in self.fields.items()}
        if dataset.headers:
            dataset.headers = [english.get(header, header) for header in dataset.headers]
        self.repeated_rows = self.find_repeated_rows(dataset)
        return super().before_import(dataset, **kwargs)

    def id_columns(self):
        return [self.fields[name].column_name for name in self._meta.import_id_fields]

    def find_repeated_rows(self, dataset):
        """Two rows naming the same item (same slug; same diploma, institute and modality):
        the last would silently win, so the second is refused, naming both."""
        if not dataset.headers:
            return {}
        columns = [dataset.headers.index(c) for c in self.id_columns() if c in dataset.headers]
        first_seen, repeated = {}, {}
        for number, row in enumerate(dataset, 1):
            key = tuple(str(row[column] or "").strip() for column in columns)
            if not any(key):
                continue
            if key in first_seen:
                repeated[number] = first_seen[key]
            else:
                first_seen[key] = number
        return repeated

    def import_instance(self, instance, row, **kwargs):
        first = self.repeated_rows.get(kwargs.get("row_number"))
        if first is not None:
            columns = " + ".join(f"« {column} »" for column in self.id_columns())
            # Lines of the file as a spreadsheet numbers them: the titles are line 1.
            raise ValidationError(
                {
                    self.id_columns()[0]: (
                        f"Les lignes {first + 1} et {kwargs['row_number'] + 1} du fichier "
                        f"ont la même valeur dans {columns} : gardez-en une seule."
                    )
                }
            )
        return super().import_instance(instance, row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(
                {
                    key if key == NON_FIELD_ERRORS else self.column_label(key): value
                    for key, value in error.error_dict.items()
                }
            ) from None

    def import_data(self, dataset, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        kwargs.setdefault("use_transactions", True)
        if self.bounded:
            result = run_bounded_with_database(
                self.import_data_portably, dataset, kwargs, hint=SPLIT_HINT
            )
            if not kwargs.get("dry_run"):
                bump_content_version()  # the child's cache may be its own copy: set it here
        else:
            result = super().import_data(dataset, **kwargs)
        # django-import-export counts data rows from 1; an editor reads the file's own line
        # numbers, where the header is line 1 (the error list's template adds the same offset).
        for row in result.invalid_rows:
            row.number += HEADER_LINES
        return result

    def import_data_portably(self, dataset, kwargs):
        """The import as the bounded child runs it: the rows saved there set no new content
        version (a dry run changes nothing; after a confirmed import the web process sets
        it), and the result comes back as `portable_result`."""
        with invalidation_suspended():
            result = super().import_data(dataset, **kwargs)
        return portable_result(result, keep_instances=not kwargs.get("dry_run"))

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

    def export_field(self, field, instance, **kwargs):
        # A name imported from FINESS or a file may read « =HYPERLINK(…) »: shown, never run.
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        except (ValueError, TypeError, decimal.DecimalException) as error:
            value = row.get(field.column_name, "")
            raise ValueError(
                f"Colonne « {field.column_name} » : {french_error(field, value, error)}"
            ) from None


@french_columns
class InstituteResource(FrenchResource):
    class Meta:
        model = Institute
        fields = INSTITUTE_COLUMNS
        export_order = INSTITUTE_COLUMNS
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


@french_columns
class TrainingOfferResource(FrenchResource):
    diploma = fields.Field(
        attribute="diploma", column_name="diplôme", widget=SlugWidget(Diploma, "diplôme")
    )
    institute = fields.Field(
        attribute="institute",
        column_name="établissement",
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
