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
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from campaigns.models import Campaign, Event, Testimonial
from careers_site.core.publishing import NavSectionMixin
from careers_site.toolkit import shortlinks
from careers_site.toolkit.forms import SourceRequestForm
from careers_site.toolkit.models import ShortLink, ShortLinkKind, SourceRequest
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
    """Reads ?source= (printed into the QR codes). A source that is not registered, or not
    written as one, gets a page of the site that says why, still offers the page without
    it, and lets a counsellor ask for it (`SourceRequestView`)."""

    page_cache_params = ("source",)
    # The short link's letter of the page's kind (« m » for a profession): what a source
    # request is about.
    source_kind = ""

    def dispatch(self, request, *args, **kwargs):
        raw = request.GET.get("source", "")
        self.source = clean_source(raw)
        if raw and not self.source:
            return self.unknown_source(raw, status=400)
        if self.source and not is_registered_source(self.source):
            return self.unknown_source(self.source, status=404)
        return super().dispatch(request, *args, **kwargs)

    def unknown_source(self, raw, status):
        kind = self.source_kind or self.kwargs.get("kind", "")
        request_url = ""
        if kind in shortlinks.MODEL_OF_KIND:
            request_url = reverse(
                "toolkit_source_request", kwargs={"kind": kind, "slug": self.kwargs["slug"]}
            )
            if self.source:
                request_url += "?" + urlencode({"source": self.source})
        context = {
            "source": raw[:80],
            "well_formed": bool(self.source),
            "page_url": self.request.path,
            "request_url": request_url,
        }
        return TemplateResponse(
            self.request, "careers_site/toolkit/unknown_source.html", context, status=status
        )

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
    source_kind = ShortLinkKind.PROFESSION

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
    source_kind = ShortLinkKind.EVENT

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
    source_kind = ShortLinkKind.CAMPAIGN

    def get_object(self):
        return get_object_or_404(
            Campaign.objects.published().prefetch_related(published_professions()),
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["back_url"] = context["object"].get_absolute_url()
        return context


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class SourceRequestView(FormView):
    """A counsellor asks for a source of their own for a page's sheet, poster or kit: a short
    form that works without JavaScript; a regional editor answers in the admin. Holds off
    robots with a hidden field and a limit per email and per network address.

    No CSRF token: it would set a cookie, and the site sets none for visitors (privacy page).
    The form acts on no one's behalf (it reads no session or user), so a forged post can do
    nothing a direct one could not; spam is what the hidden field and the limits are for."""

    template_name = "careers_site/toolkit/source_request.html"
    form_class = SourceRequestForm

    def dispatch(self, request, *args, **kwargs):
        model = model_of_kind(kwargs["kind"])
        self.page = get_object_or_404(model.objects.published(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"source": clean_source(self.request.GET.get("source"))}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def back_url(self):
        kind, slug = self.kwargs["kind"], self.kwargs["slug"]
        if kind == ShortLinkKind.PROFESSION:
            return reverse("toolkit_sheet", kwargs={"slug": slug})
        return reverse("toolkit_poster", kwargs={"kind": kind, "slug": slug})

    def get_context_data(self, **kwargs):
        kwargs.setdefault("page", self.page)
        kwargs.setdefault("page_title", page_title(self.page))
        kwargs.setdefault("back_url", self.back_url())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        SourceRequest.objects.purge_expired()
        form.instance.content_type = ContentType.objects.get_for_model(self.page)
        form.instance.object_id = self.page.pk
        form.save()
        form.count_address()
        return self.render_to_response(self.get_context_data(form=form, sent=form.instance))
