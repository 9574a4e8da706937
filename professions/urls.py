from django.urls import path

from . import views

app_name = "professions"

urlpatterns = [
    path("", views.ProfessionListView.as_view(), name="list"),
    path("comparer/", views.CompareView.as_view(), name="compare"),
    path("<slug:slug>/", views.ProfessionDetailView.as_view(), name="detail"),
]
