from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("campagnes/", views.CampaignListView.as_view(), name="list"),
    path("campagnes/<slug:slug>/", views.CampaignDetailView.as_view(), name="detail"),
    path("videos/", views.VideoListView.as_view(), name="video_list"),
    path("videos/<slug:slug>/", views.VideoDetailView.as_view(), name="video_detail"),
    path("agenda/", views.EventListView.as_view(), name="event_list"),
    path("agenda/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
]
