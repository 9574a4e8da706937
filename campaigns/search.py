"""What the campaigns app makes searchable (registered from `CampaignsConfig.ready()`):
events of the agenda (stored, matched in the database) and the partner organisations (a short
listed group)."""

from careers_site.core.models import Organisation
from careers_site.core.search.service import Searchable, register
from careers_site.platform.cache import kept_here, kept_search_words

from .models import Event


def register_searchables():
    register(
        Searchable(
            name="events",
            anchor="agenda",
            heading="Agenda",
            noun="événement",
            plural="événements",
            template="search/event-result.html",
            # Stored (search_title/search_text, matched in the database): the agenda holds
            # thousands of events, too many to read into Python on every search.
            queryset=lambda: (
                Event.objects.published()
                .order_by("-starts_at")
                .only("title", "slug", "kind", "starts_at", "ends_at", "commune", "departement")
            ),
            words=lambda: kept_search_words(Event),
            describe=lambda e: ([e.title], [], f"{e.commune}, {e.get_departement_display()}"),
            # The kinds (« Salon des métiers ») would make « métier » find every salon.
            topic="agenda evenements salons forums portes ouvertes",
            order=60,
        )
    )
    register(
        Searchable(
            name="partners",
            anchor="partenaires",
            heading="Partenaires",
            noun="partenaire",
            plural="partenaires",
            template="search/partner-result.html",
            items=lambda: kept_here(
                "search-partners",
                lambda: list(Organisation.objects.filter(show_as_partner=True)),
                scheduled=False,  # partners have no publication dates
                weight=lambda partners: 1024 * (1 + len(partners)),
            ),
            models=(Organisation,),
            describe=lambda o: ([o.name], [o.short_name], o.get_kind_display()),
            topic="partenaires organismes",
            order=70,
        )
    )
