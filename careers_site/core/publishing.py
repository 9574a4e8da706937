"""Public detail pages and staff previews, shared by every app."""

from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

from careers_site.core.ownership import organisation_ids, owner_path
from careers_site.core.slugs import find_renamed

PREVIEW_PARAM = "apercu"


def is_preview(request):
    """A staff member asked to see a draft as the public will see it."""
    return PREVIEW_PARAM in request.GET and request.user.is_staff


def preview_url(obj):
    return f"{obj.get_absolute_url()}?{PREVIEW_PARAM}=1"


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
        queryset = self.get_base_queryset()
        if not is_preview(self.request):
            return queryset.published()
        # An organisation's editor previews its own drafts only (ownership.py).
        path = owner_path(self.model)
        ids = organisation_ids(self.request) if path else None
        if ids is None:
            return queryset
        public = self.model.objects.published().values("pk")
        return queryset.filter(Q(pk__in=public) | Q(**{f"{path}__in": ids}))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = is_preview(self.request)
        return context

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
