"""The machine-readable catalogue of the datasets (schema.org `DataCatalog` of `Dataset`s, the
vocabulary search engines and data portals read, mappable to DCAT)."""

from django.urls import reverse
from django.utils import timezone

from .datasets import DATASETS, FORMATS


def data_catalogue(base_url, site_settings, summaries):
    page = base_url + reverse("opendata:page")
    publisher = {
        "@type": "Organization",
        "name": site_settings.publisher or site_settings.site_name,
    }
    datasets = []
    for dataset in DATASETS:
        summary = summaries[dataset.key]
        entry = {
            "@type": "Dataset",
            "@id": f"{page}#{dataset.key}",
            "identifier": dataset.key,
            "name": f"{dataset.title} – {site_settings.site_name}",
            "description": f"{dataset.description} {dataset.attribution}",
            "url": f"{page}#{dataset.key}",
            "license": dataset.licence.url,
            "creditText": dataset.attribution,
            "isAccessibleForFree": True,
            "inLanguage": "fr",
            "spatialCoverage": {"@type": "Place", "name": "Auvergne-Rhône-Alpes, France"},
            "publisher": publisher,
            "distribution": [
                {
                    "@type": "DataDownload",
                    "encodingFormat": content_type.split(";")[0],
                    "contentUrl": base_url
                    + reverse("opendata:download", kwargs={"key": dataset.key, "fmt": fmt}),
                }
                for fmt, content_type in FORMATS.items()
            ],
        }
        if summary["date"]:
            entry["dateModified"] = timezone.localdate(summary["date"]).isoformat()
        datasets.append(entry)
    return {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "@id": page,
        "name": f"Données ouvertes – {site_settings.site_name}",
        "description": "Les métiers, diplômes, établissements, offres de formation, aides, "
        "événements, campagnes et vidéos du site, à réutiliser librement : téléchargements CSV "
        "et JSON, et une API en lecture seule documentée (OpenAPI 3).",
        "url": page,
        "inLanguage": "fr",
        "publisher": publisher,
        "dataset": datasets,
    }
