from django.views.generic import ListView

from careers_site.publishing import PublicDetailView

from .models import Campaign, Event, Video


class CampaignListView(ListView):
    template_name = "campaigns/campaign_list.html"

    def get_queryset(self):
        return Campaign.objects.published()


class CampaignDetailView(PublicDetailView):
    model = Campaign
    template_name = "campaigns/campaign_detail.html"


class VideoListView(ListView):
    template_name = "campaigns/video_list.html"

    def get_queryset(self):
        return Video.objects.published()


class VideoDetailView(PublicDetailView):
    model = Video
    template_name = "campaigns/video_detail.html"


class EventListView(ListView):
    template_name = "campaigns/event_list.html"

    def get_queryset(self):
        return Event.objects.published()


class EventDetailView(PublicDetailView):
    model = Event
    template_name = "campaigns/event_detail.html"
