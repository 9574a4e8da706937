from django.urls import include, path, re_path
from django.views.generic import RedirectView
from rest_framework.routers import SimpleRouter

from . import api, views

app_name = "opendata"

router = SimpleRouter()
for prefix, viewset in api.VIEWSETS.items():
    router.register(prefix, viewset, basename=prefix)

urlpatterns = [
    path("api/", RedirectView.as_view(pattern_name="opendata:api_root"), name="api"),
    path("api/v1/", views.api_root, name="api_root"),
    path("api/v1/schema/", views.openapi_schema_view, name="schema"),
    path("api/v1/documentation/", views.ApiDocumentationView.as_view(), name="api_docs"),
    path("api/v1/", include(router.urls)),
    # Anything else under /api/ answers in JSON, not with the HTML 404 page.
    re_path(r"^api/", views.api_not_found),
    path("donnees-ouvertes/", views.OpenDataView.as_view(), name="page"),
    path("open-data/", RedirectView.as_view(pattern_name="opendata:page", permanent=True)),
    path("open-data/dictionnaire.csv", views.dictionary, name="dictionary"),
    path("open-data/catalogue.jsonld", views.catalogue, name="catalogue"),
    path("open-data/<slug:key>.<slug:fmt>", views.download, name="download"),
    path(
        "metiers.json",
        RedirectView.as_view(url="/open-data/metiers.json", permanent=True),
        name="professions_json",
    ),
]
