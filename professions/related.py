"""What the public sees of a profession's related content, prefetched the one way: its
published diplomas (by level then name), videos (newest first) and financial aids (A to Z),
each into `public_<what>`. The profession page, the comparison, the orientation result, the
counsellors' sheet and the open data read them from here."""

from django.db.models import Prefetch

from campaigns.models import Campaign, Video
from trainings.models import Diploma, FinancialAid


def public_diplomas():
    return Prefetch(
        "diplomas",
        queryset=Diploma.objects.published().order_by("level", "name"),
        to_attr="public_diplomas",
    )


def public_campaigns():
    """The public campaigns that put the profession forward (the Région's « manipulateur
    radio », say), newest first; a demonstration campaign is nobody's (.real())."""
    return Prefetch(
        "campaigns",
        queryset=Campaign.objects.published()
        .real()
        .select_related("owner")
        .order_by("-starts_on", "pk"),
        to_attr="public_campaigns",
    )


def public_videos():
    """A profession's published videos; demonstration clips are no one's portrait (.real())."""
    return Prefetch(
        "videos",
        queryset=Video.objects.published()
        .real()
        .select_related("campaign")
        .order_by("-published_at", "pk"),
        to_attr="public_videos",
    )


def public_aids():
    return Prefetch(
        "financial_aids",
        queryset=FinancialAid.objects.published().select_related("provider").order_by("name"),
        to_attr="public_aids",
    )
