from django.urls import path

from . import feeds, partner_views, views

app_name = "campaigns"

urlpatterns = [
    path("campagnes/", views.CampaignListView.as_view(), name="list"),
    path("campagnes/<slug:slug>/", views.CampaignDetailView.as_view(), name="detail"),
    path("campagnes/<slug:slug>/kit.zip", views.campaign_kit, name="kit_zip"),
    path(
        "campagnes/<slug:slug>/kit/<int:pk>/<slug:format_key>/",
        views.social_asset_file,
        name="kit_file",
    ),
    path("videos/", views.VideoListView.as_view(), name="video_list"),
    path("videos/flux.xml", feeds.EpisodeFeed(), name="video_feed"),
    path("videos/<slug:slug>/", views.VideoDetailView.as_view(), name="video_detail"),
    path("partenaires/", partner_views.PartnerListView.as_view(), name="partner_list"),
    path(
        "partenaires/<slug:slug>/",
        partner_views.PartnerDetailView.as_view(),
        name="partner_detail",
    ),
    path("agenda/", views.EventListView.as_view(), name="event_list"),
    path("agenda/flux.xml", feeds.EventFeed(), name="event_feed"),
    path("agenda/<slug:slug>.ics", views.event_calendar, name="event_ics"),
    path("agenda/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
]
