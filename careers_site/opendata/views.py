"""The « Données ouvertes » page, the API's documentation page and the bulk downloads.

The downloads are built from the database once per content version and then read from the
cache (`careers_site.platform.cache.built_once`): forgotten at the next content change, so a
file is never older than the site (`manage.py export_open_data` writes the same files to a
folder, for a cron job). The OpenAPI document is rendered once per process."""

import functools
import json

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from careers_site.core.geo import Departement
from careers_site.core.models import SiteSettings
from careers_site.platform import compression
from careers_site.platform.cache import built_once

from . import datasets
from .api import VIEWSETS, base_url, open_to_other_sites
from .catalogue import data_catalogue


def with_cors(response):
    """Open data, like the API, may be read by any site (api.open_to_other_sites)."""
    return open_to_other_sites(response)


@extend_schema(exclude=True)
@api_view(["GET"])
def api_root(request):
    """Where everything is: the lists, the schema, the documentation, the downloads."""
    root = base_url(request)
    return with_cors(
        Response(
            {
                "documentation": root + reverse("opendata:api_docs"),
                "schema_openapi": root + reverse("opendata:schema"),
                "donnees_ouvertes": root + reverse("opendata:page"),
                "listes": {key: root + reverse(f"opendata:{key}-list") for key in VIEWSETS},
            }
        )
    )


@extend_schema(exclude=True)
@api_view(["GET"])
def api_not_found(request):
    raise NotFound("Cette adresse de l'API n'existe pas : la liste des adresses est à /api/v1/.")


def summaries():
    """{dataset key: {"count", "date"}}: one query per dataset."""
    return {dataset.key: dataset.summary() for dataset in datasets.DATASETS}


def local_date(moment):
    return timezone.localdate(moment) if moment else None


class OpenDataView(TemplateView):
    template_name = "opendata/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = summaries()
        root = base_url(self.request)
        context["datasets"] = [
            {
                "dataset": dataset,
                "count": counts[dataset.key]["count"],
                "date": local_date(counts[dataset.key]["date"]),
                "csv_url": reverse("opendata:download", args=[dataset.key, "csv"]),
                "json_url": reverse("opendata:download", args=[dataset.key, "json"]),
                "api_url": reverse(f"opendata:{dataset.key}-list"),
            }
            for dataset in datasets.DATASETS
        ]
        context["catalogue"] = data_catalogue(root, SiteSettings.load(), counts)
        return context


@functools.cache
def openapi_schema():
    """The OpenAPI document (it depends on the code only: made once per process)."""
    # Imported here: drf-spectacular's generator and views weigh a tenth of a second, which
    # every new worker would otherwise pay before its first page.
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@functools.cache
def openapi_schema_document():
    """The schema as served, rendered once per process (it depends on the code only)."""
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return OpenApiJsonRenderer().render(openapi_schema(), renderer_context={})


def openapi_schema_view(request):
    response = HttpResponse(
        openapi_schema_document(), content_type="application/vnd.oai.openapi+json"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return with_cors(response)


def describe_schema(schema):
    """The endpoints of the schema, for the documentation page: path, summary, parameters
    and the fields of the answer."""
    components = schema["components"]["schemas"]
    endpoints = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
        reference = answer.get("$ref", "")
        component = components.get(reference.rsplit("/", 1)[-1], {})
        if "results" in component.get("properties", {}):
            item_ref = component["properties"]["results"]["items"]["$ref"]
            component = components[item_ref.rsplit("/", 1)[-1]]
        fields = [
            {
                "name": name,
                "type": property_type(field, components),
                "description": field.get("description", ""),
            }
            for name, field in component.get("properties", {}).items()
        ]
        endpoints.append(
            {
                "path": path,
                "anchor": operation["operationId"],
                "summary": operation.get("summary", ""),
                "is_list": operation["operationId"].endswith("_list"),
                "parameters": [
                    {
                        "name": parameter["name"],
                        "where": "chemin" if parameter["in"] == "path" else "requête",
                        "description": parameter.get("description", ""),
                        "values": parameter_values(parameter),
                    }
                    for parameter in operation.get("parameters", [])
                ],
                "fields": fields,
            }
        )
    return endpoints


def property_type(field, components):
    """A field's type in words; for a code, its possible values."""
    references = [field, *field.get("allOf", []), *field.get("oneOf", [])]
    values = []
    for reference in references:
        target = components.get(reference.get("$ref", "").rsplit("/", 1)[-1], {})
        values += [str(value) for value in target.get("enum", []) if value not in ("", None)]
    if values:
        return "code : " + ", ".join(values)
    kind = field.get("type", "")
    if kind == "array":
        return "liste"
    label = {
        "string": "texte",
        "integer": "entier",
        "number": "nombre",
        "boolean": "booléen",
    }.get(kind, kind or "code")
    if field.get("format") in ("date", "date-time", "uri", "email"):
        label = {"date": "date", "date-time": "date et heure", "uri": "adresse web"}.get(
            field["format"], "adresse électronique"
        )
    return label + (" ou null" if field.get("nullable") else "")


def parameter_values(parameter):
    schema = parameter.get("schema", {})
    values = schema.get("enum") or schema.get("items", {}).get("enum") or []
    if all(isinstance(value, int) for value in values):
        values = sorted(values)  # months in calendar order, not as text
    return ", ".join(str(value) for value in values)


class ApiDocumentationView(TemplateView):
    """The API described for people, from its OpenAPI schema: no script, no CDN."""

    template_name = "opendata/api_docs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schema = openapi_schema()
        context.update(
            endpoints=describe_schema(schema),
            api_version=schema["info"]["version"],
            root_url=base_url(self.request) + reverse("opendata:api_root"),
            schema_url=reverse("opendata:schema"),
        )
        return context


def file_response(content, content_type, filename, date=None, licence=None):
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if filename.endswith(".csv") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if date:
        response["Last-Modified"] = http_date(date.timestamp())
    if licence:
        response["Link"] = f'<{licence.url}>; rel="license"'
    return with_cors(response)


def download(request, key, fmt):
    """One dataset as CSV or JSON, with its licence (and, in JSON, its dictionary and the date
    of the data); `?departement=63` keeps one département where the dataset has one."""
    dataset = datasets.DATASETS_BY_KEY.get(key)
    if dataset is None or fmt not in datasets.FORMATS:
        raise Http404("Jeu de données inconnu")
    departement = request.GET.get("departement", "")
    unknown = set(request.GET) - ({"departement"} if dataset.departement_lookup else set())
    if unknown or (departement and departement not in Departement.values):
        return HttpResponseBadRequest(
            "Paramètre refusé. Ce fichier accepte seulement « departement » (code INSEE, par "
            "exemple 63), et seulement pour les établissements, les offres et les événements.",
            content_type="text/plain; charset=utf-8",
        )
    root = base_url(request)

    def build():
        summary = dataset.summary(departement)
        if fmt == "csv":
            content = datasets.as_csv(dataset, root, departement)
        else:
            content = datasets.as_json(dataset, root, summary, departement)
        date = summary["date"]
        return {
            name: (body, encoding, date)
            for name, (body, encoding) in compression.encoded_parts(content).items()
        }

    # 2.3 s for the offers of the stress set: built once per change, compressed with it
    # (brotli at every download took longer than the rest of the answer), each encoding kept
    # apart: a download reads from the cache the 30 KB it sends, not 500 KB of every encoding.
    # « encoded »: never read by a server that keeps other values under « files » or
    # « download » while both run during a release.
    content, encoding, date = built_once(
        f"encoded:{root}:{key}:{departement}.{fmt}", build, part=compression.kept_encoding(request)
    )
    name = f"{key}-{departement}" if departement else key
    response = file_response(content, datasets.FORMATS[fmt], f"{name}.{fmt}", date, dataset.licence)
    return compression.with_encoding(response, encoding)


def dictionary(request):
    return file_response(datasets.dictionary_csv(), datasets.FORMATS["csv"], "dictionnaire.csv")


def catalogue(request):
    content = json.dumps(
        data_catalogue(base_url(request), SiteSettings.load(), summaries()),
        ensure_ascii=False,
        indent=1,
    )
    return file_response(content.encode(), "application/ld+json", "catalogue.jsonld")
