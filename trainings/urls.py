from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("formations/", views.OfferListView.as_view(), name="offer_list"),
    path(
        "formations/communes/",
        views.CommuneSuggestionsView.as_view(),
        name="commune_suggestions",
    ),
    path("formations/diplomes/", views.DiplomaListView.as_view(), name="diploma_list"),
    path(
        "formations/diplomes/<slug:slug>/",
        views.DiplomaDetailView.as_view(),
        name="diploma_detail",
    ),
    path(
        "formations/diplomes/<slug:slug>/calendrier.ics",
        views.diploma_ics,
        name="diploma_ics",
    ),
    path("formations/etablissements/", views.InstituteListView.as_view(), name="institute_list"),
    path(
        "formations/etablissements/<slug:slug>/",
        views.InstituteDetailView.as_view(),
        name="institute_detail",
    ),
    path("aides/", views.AidListView.as_view(), name="aid_list"),
    path("se-reconvertir/", views.RetrainingView.as_view(), name="retraining"),
    path("aides/<slug:slug>/", views.AidDetailView.as_view(), name="aid_detail"),
]
