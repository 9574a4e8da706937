"""Feeds for those who follow the campaigns from a feed reader or a partner's site: new
episodes (Atom) and upcoming events (RSS)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from careers_site.core.models import SiteSettings
from careers_site.core.richtext import html_to_text

from .dates import event_when
from .models import Event, Video

FEED_SIZE = 20


class EpisodeFeed(Feed):
    """The videos as they come out, newest first: published, date reached, rights valid."""

    feed_type = Atom1Feed
    title = "Les nouvelles vidéos des métiers du soin"
    subtitle = (
        "Des professionnels d'Auvergne-Rhône-Alpes racontent leur métier : chaque nouvel "
        "épisode, dès sa sortie."
    )

    def link(self):
        return reverse("campaigns:video_list")

    def feed_url(self):
        return reverse("campaigns:video_feed")

    def author_name(self):
        return SiteSettings.load().site_name

    def items(self):
        return (
            Video.objects.published()
            .real()
            .select_related("campaign")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        campaign = item.public_campaign
        if item.episode_number and campaign:
            return f"{item.title} (épisode {item.episode_number}, {campaign.title})"
        if item.episode_number:
            return f"{item.title} (épisode {item.episode_number})"
        return item.title

    def item_description(self, item):
        campaign = item.public_campaign
        if item.summary or not campaign:
            return item.summary or "Une vidéo sur les métiers du soin."
        return f"Une vidéo de la campagne « {campaign.title} »."

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item):
        campaign = item.public_campaign
        return [campaign.title] if campaign else []


class EventFeed(Feed):
    """Upcoming events, soonest first: a partner can show them on its own site."""

    title = "L'agenda des métiers du soin"
    description = (
        "Salons des métiers, forums, journées portes ouvertes et réunions d'information sur "
        "les métiers du soin et de l'accompagnement en Auvergne-Rhône-Alpes."
    )

    def link(self):
        return reverse("campaigns:event_list")

    def feed_url(self):
        return reverse("campaigns:event_feed")

    def items(self):
        return (
            Event.objects.published()
            .upcoming()
            .real()
            .select_related("organiser")
            .order_by("starts_at", "pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.title}, {item.commune}"

    def item_description(self, item):
        parts = [
            f"{item.get_kind_display()} à {item.commune} ({item.get_departement_display()}), "
            f"{event_when(item)}.",
            f"Organisé par {item.organiser.name}.",
        ]
        if item.description:
            parts.append(html_to_text(item.description))
        return "\n\n".join(parts)

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.get_kind_display(), item.get_departement_display()]
