from django.urls import path

from . import views

app_name = "orientation"

urlpatterns = [
    path("", views.QuestionsView.as_view(), name="questions"),
    path("resultat/", views.ResultView.as_view(), name="result"),
]
