"""The counsellors' toolkit: short links, posters, one-page sheets and job-fair kits.

- `/m/<code>`, `/c/`, `/v/`, `/e/`, `/i/`: the short link of a page; `/s/<code>`: a dedicated
  link that carries a source (see careers_site.toolkit.shortlinks and careers_site.toolkit.visits);
- `/affiche/<letter>/<slug>/`: a poster, a very large QR code and the short link in big letters;
- `/metiers/<slug>/fiche/`: the one-page A4 sheet of a profession;
- `/agenda/<slug>/kit-salon/`, `/campagnes/<slug>/kit-salon/`: the sheets and QR codes of the
  professions of an event or a campaign, ready to print.

`?source=salon-lyon-2026` on a poster, a sheet or a kit prints that source into its QR codes
(unlike `?src=`, which says where the visitor came from and is only counted)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Window
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView

from campaigns.models import Campaign, Event, Testimonial
from careers_site.core.models import ShortLink, ShortLinkKind
from careers_site.core.publishing import NavSectionMixin
from careers_site.toolkit import shortlinks
from careers_site.toolkit.qrcodes import UNREGISTERED_SOURCE, bad_request
from careers_site.toolkit.visits import SOURCE_PARAM, clean_source, is_registered_source
from professions import related
from professions.models import Profession, published_professions
from trainings.models import Institute, TrainingOffer, training_durations

# How much of each list a sheet shows, so that it always fits on one A4 page.
SHEET_SUMMARY_WORDS = 70
SHEET_QUOTE_WORDS = 40
SHEET_PLACES = 6


def shortlink_redirect(request, kind, code):
    """The page behind a short link, with the link's source (or the visitor's ?src=)."""
    link, target = shortlinks.find(kind, code)
    if target is None:
        raise Http404("Ce lien court ne mène à aucune page.")
    url = target.get_absolute_url()
    source = link.source if link and link.source else clean_source(request.GET.get(SOURCE_PARAM))
    if source:
        url += "?" + urlencode({SOURCE_PARAM: source})
    # Temporary: the page's address may change, the short link never does.
    return HttpResponseRedirect(url)


def display_host(request):
    """The host as printed under a QR code: « metiers-du-soin.fr », no scheme."""
    base = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
    return base.split("://", 1)[-1].rstrip("/")


def qr_url(path, size="ecran", fmt="svg", source=""):
    params = {"lien": path, "taille": size}
    if source:
        params[SOURCE_PARAM] = source
    return reverse("qr_code", kwargs={"fmt": fmt}) + "?" + urlencode(params)


def qr_downloads(path, source=""):
    """The four files a counsellor may download for a link."""
    return [
        {"label": label, "url": qr_url(path, size, fmt, source), "fmt": fmt, "size": size}
        for label, size, fmt in (
            ("SVG pour l'impression", "impression", "svg"),
            ("PNG pour l'impression (grand)", "impression", "png"),
            ("PNG pour un écran", "ecran", "png"),
            ("SVG pour un écran", "ecran", "svg"),
        )
    ]


class SourceMixin:
    """Reads ?source= (printed into the QR codes); junk answers a clear 400."""

    page_cache_params = ("source",)

    def dispatch(self, request, *args, **kwargs):
        raw = request.GET.get("source", "")
        self.source = clean_source(raw)
        if raw and not self.source:
            return bad_request(
                "Cette source n'est pas valable : lettres minuscules sans accent, chiffres et "
                "tirets, 60 caractères au plus (par exemple « salon-lyon-2026 »)."
            )
        if self.source and not is_registered_source(self.source):
            return bad_request(UNREGISTERED_SOURCE)
        return super().dispatch(request, *args, **kwargs)

    def link_context(self, link):
        return {
            "short_link": link,
            "short_link_text": display_host(self.request) + link.path,
            "host": display_host(self.request),
            "qr_print": qr_url(link.path, "impression", "svg", self.source),
            "qr_downloads": qr_downloads(link.path, self.source),
            "source": self.source,
        }


def model_of_kind(kind):
    label = shortlinks.MODEL_OF_KIND.get(kind)
    if label is None:
        raise Http404("Ce type d'affiche n'existe pas.")
    return ContentType.objects.get_by_natural_key(*label.split(".")).model_class()


def page_title(obj):
    return str(getattr(obj, "title", None) or getattr(obj, "name", None) or obj)


class PosterView(SourceMixin, TemplateView):
    """A poster for a stand or a corridor: the title, a very large QR code and the short
    link written big enough to be read from a few steps away. Two queries."""

    template_name = "careers_site/toolkit/poster.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = model_of_kind(kwargs["kind"])
        obj = get_object_or_404(model.objects.published(), slug=kwargs["slug"])
        context.update(self.link_context(shortlinks.main_link(obj)))
        context.update(object=obj, poster_title=page_title(obj), kind=model._meta.verbose_name)
        return context


class ProfessionSheetView(NavSectionMixin, SourceMixin, TemplateView):
    """The one-page A4 sheet of a profession: what the job is, the diploma and its length,
    where to train in the region, the starting salary with its source, a testimonial and a
    large QR code. Five queries (the job, its diplomas, a testimonial, the first institutes
    with how many there are in all, the short link)."""

    nav_section = "professions"
    template_name = "careers_site/toolkit/profession_sheet.html"

    def get_context_data(self, **kwargs):

        context = super().get_context_data(**kwargs)
        profession = get_object_or_404(
            Profession.objects.published().prefetch_related(
                related.public_diplomas(),
                Prefetch(
                    "testimonials",
                    queryset=Testimonial.objects.published().order_by("-published_at"),
                    to_attr="sheet_testimonials",
                ),
            ),
            slug=kwargs["slug"],
        )
        # The institutes teaching one of its diplomas, by place: the first few and how many in
        # all, counted by the database (a big job may have thousands of offers).
        offers = TrainingOffer.objects.public(on_diploma_page=True).filter(
            diploma__in=[diploma.pk for diploma in profession.public_diplomas]
        )
        places = list(
            Institute.objects.filter(pk__in=offers.values("institute"))
            .annotate(places_in_all=Window(Count("pk")))  # before the LIMIT: all of them
            .order_by("departement", "commune", "name", "pk")[:SHEET_PLACES]
        )
        more_places = places[0].places_in_all - len(places) if places else 0
        context.update(self.link_context(shortlinks.main_link(profession)))
        context.update(
            profession=profession,
            diplomas=profession.public_diplomas[:3],
            training_durations=training_durations(profession.public_diplomas),
            places=places[:SHEET_PLACES],
            more_places=more_places,
            testimonial=(profession.sheet_testimonials or [None])[0],
            summary_words=SHEET_SUMMARY_WORDS,
            quote_words=SHEET_QUOTE_WORDS,
        )
        return context


class KitView(NavSectionMixin, SourceMixin, TemplateView):
    """« Kit salon »: for each profession of an event or a campaign, its sheet, its poster
    and its QR code, all carrying the source of the event (or campaign), so the visits they
    bring show in the admin report. Four queries (the page, its professions, its dedicated
    link, the professions' links)."""

    template_name = "careers_site/toolkit/kit.html"
    model = None

    def get_object(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        dedicated = shortlinks.source_link(obj)
        source = self.source or dedicated.source
        links = main_links_of(obj.published_professions)
        host = display_host(self.request)
        context.update(
            object=obj,
            kit_title=page_title(obj),
            source=source,
            dedicated_link=dedicated,
            host=host,
            dedicated_text=host + dedicated.path,
            dedicated_qr=qr_url(dedicated.path, "impression", "svg"),
            dedicated_downloads=qr_downloads(dedicated.path),
            items=[
                {
                    "profession": profession,
                    "link": links[profession.pk],
                    "link_text": host + links[profession.pk].path,
                    "qr": qr_url(links[profession.pk].path, "impression", "svg", source),
                    "sheet_url": reverse("toolkit_sheet", kwargs={"slug": profession.slug})
                    + "?"
                    + urlencode({"source": source}),
                    "poster_url": reverse(
                        "toolkit_poster", kwargs={"kind": "m", "slug": profession.slug}
                    )
                    + "?"
                    + urlencode({"source": source}),
                    "downloads": qr_downloads(links[profession.pk].path, source),
                }
                for profession in obj.published_professions
            ],
        )
        return context


def main_links_of(professions):
    """{profession pk: its main short link}, one query (plus one insert per missing link)."""
    found = {
        link.object_id: link
        for link in ShortLink.objects.filter(
            content_type__app_label="professions",
            content_type__model="profession",
            object_id__in=[p.pk for p in professions],
        ).exclude(kind=ShortLinkKind.SOURCE)
    }
    for profession in professions:
        if profession.pk not in found:
            found[profession.pk] = shortlinks.main_link(profession)
    return found


class EventKitView(KitView):
    nav_section = "events"

    def get_object(self):
        return get_object_or_404(
            Event.objects.published().prefetch_related(published_professions()),
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(back_url=context["object"].get_absolute_url())
        return context


class CampaignKitView(KitView):
    def get_object(self):
        return get_object_or_404(
            Campaign.objects.published().prefetch_related(published_professions()),
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["back_url"] = context["object"].get_absolute_url()
        return context
