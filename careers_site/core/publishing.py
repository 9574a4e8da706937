"""Public detail pages and staff previews, shared by every app."""

from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

from careers_site.core.ownership import organisation_ids, owner_path
from careers_site.core.rights import may
from careers_site.core.slugs import find_renamed

PREVIEW_PARAM = "apercu"


def is_preview(request, model):
    """A staff member asked to see drafts of `model` as the public will see them, and may see
    that content in the admin (rights.py: a staff account without the right sees the public
    page)."""
    return PREVIEW_PARAM in request.GET and may(request, "view", model)


def visible(request, queryset):
    """What `request` may see of `queryset`: the published objects; in a preview, drafts too,
    an organisation's editor only its own (ownership.py), as in the admin."""
    model = queryset.model
    if not is_preview(request, model):
        return queryset.published()
    path = owner_path(model)
    ids = organisation_ids(request) if path else None
    if ids is None:
        return queryset
    public = model.objects.published().values("pk")
    return queryset.filter(Q(pk__in=public) | Q(**{f"{path}__in": ids}))


def preview_key(obj):
    """How ?apercu= names one object shown inside another page: « campaigns.testimonial.12 »."""
    return f"{obj._meta.label_lower}.{obj.pk}"


def host_previews(obj):
    """[(host, url)]: the other pages that show `obj`, declared by its model as
    `preview_hosts = (("campaign", "videos-titre"), …)` (attribute, #fragment), each with
    the address that previews `obj` there."""
    links = []
    for attribute, fragment in getattr(obj, "preview_hosts", ()):
        host = getattr(obj, attribute, None)
        if host is not None:
            url = preview_url(obj, host=host)
            links.append((host, f"{url}#{fragment}" if fragment else url))
    return links


def draft_preview_url(obj):
    """The « Voir sur le site » of a draft: inside its first host page when the model says it
    lives there (`preview_in_host`), else its own page."""
    hosts = host_previews(obj)
    if hosts and getattr(obj, "preview_in_host", False):
        return hosts[0][1]
    return preview_url(obj)


def preview_url(obj, host=None):
    """Where staff see `obj` as the public would. Its own page with ?apercu=1; for an object
    shown inside another page (its URL ends with a #fragment: a testimonial, an offer) or
    when a `host` is given (an episode in its campaign), that page with
    ?apercu=<preview_key>, the query string before the fragment."""
    url, _, fragment = (host.get_absolute_url() if host else obj.get_absolute_url()).partition("#")
    if host is None and not fragment:
        return f"{url}?{PREVIEW_PARAM}=1"
    return f"{url}?{PREVIEW_PARAM}={preview_key(obj)}" + (f"#{fragment}" if fragment else "")


def previewed_object(request, queryset):
    """The object of `queryset` a staff member asked to see inside this page
    (?apercu=<preview_key>), if they may: staff who may view that content in the admin, an
    organisation's editor its own drafts only (ownership.py). None otherwise; one query,
    only when asked. The object is marked `is_previewed` so that the page can label it."""
    prefix = queryset.model._meta.label_lower + "."
    value = request.GET.get(PREVIEW_PARAM, "")
    pk = value.removeprefix(prefix)
    if not value.startswith(prefix) or not pk.isdigit():
        return None
    if not may(request, "view", queryset.model):
        return None
    path = owner_path(queryset.model)
    ids = organisation_ids(request) if path else None
    if ids is not None:
        queryset = queryset.filter(**{f"{path}__in": ids})
    obj = queryset.filter(pk=int(pk)).first()
    if obj is not None:
        obj.is_previewed = True
    return obj


def with_previewed(objects, previewed):
    """`objects` (a list shown by the page) with the previewed one first, once."""
    if previewed is None:
        return objects
    return [previewed, *(obj for obj in objects if obj.pk != previewed.pk)]


class NavSectionMixin:
    """The entry of the main menu a page belongs to (« Métiers », « Se former »…), marked
    with aria-current: views say it once, as `nav_section`."""

    nav_section = ""

    def get_context_data(self, **kwargs):
        kwargs.setdefault("nav_section", self.nav_section)
        return super().get_context_data(**kwargs)


class PublicDetailView(NavSectionMixin, DetailView):
    """The published object, or for staff with ?apercu=1 any object, marked as a preview and
    never cached. Subclasses narrow `get_base_queryset()` with select/prefetch."""

    # Reads no query parameter (?apercu is never cached): careers_site.platform.page_cache.
    page_cache_params = ()

    def get_base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return visible(self.request, self.get_base_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = is_preview(self.request, self.model)
        return context

    def preview_inside(self, context, queryset, objects):
        """`objects` with the draft of `queryset` that staff asked to see inside this page;
        the page's banner then names that draft (`previewed`)."""
        previewed = previewed_object(self.request, queryset) if context["is_preview"] else None
        if previewed is not None:
            context["previewed"] = previewed
        return with_previewed(objects, previewed)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved_to = self.renamed_object()
            if moved_to is None:
                raise
            # An old slug (the page was renamed): send visitors and search engines to the
            # current address for good, keeping the query string (?src=, ?apercu=1).
            url = moved_to.get_absolute_url()
            # As the visitor sent it: the page cache may have taken ?src= off the request.
            query = request.META.get("ORIGINAL_QUERY_STRING", request.META.get("QUERY_STRING"))
            if query:
                url += "?" + query
            return HttpResponsePermanentRedirect(url)

    def renamed_object(self):
        """The visible object that had the slug of the URL before (queried only on a miss)."""
        slug = self.kwargs.get(self.slug_url_kwarg)
        if not slug:
            return None
        object_id = find_renamed(self.model, slug)
        if object_id is None:
            return None
        return self.get_queryset().filter(pk=object_id).first()

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if PREVIEW_PARAM in request.GET:
            add_never_cache_headers(response)
        return response
