"""The read-only JSON API, /api/v1/ (Django REST framework; schema by drf-spectacular).

Every list reads its parameters from one declaration (`careers_site.core.filters`): the offers
and the institutes from their page's own (`trainings.filters.OFFER_FILTERS`,
`INSTITUTE_FILTERS`: `departement`, `diplome`, `metier`, `modalite`, `ouvertes`, `rentree`,
`adultes`, `commune`, `lat`/`lon`), the others from the viewset's. Only those: an unknown
parameter or a bad value answers 400 with a French message, never a guess and never a 500.
The schema's parameters come from the same declarations.
Lists come in pages of 50 (`par_page` up to 200). Only GET, HEAD and OPTIONS (the CORS
preflight) are served; anything else is a 405. Every answer carries
`Access-Control-Allow-Origin: *`. Answers go through the page cache (ETag, 304, invalidated
with the content version) like the pages."""

import functools
import math

from django.db.models import Q
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import (
    MethodNotAllowed,
    NotAcceptable,
    NotFound,
    ParseError,
    Throttled,
)
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from campaigns.filters import EVENT_FILTERS
from campaigns.models import Campaign
from careers_site.core.filters import FilterDeclaration, InvalidParam, Param, quoted
from careers_site.core.pagination import ids_only, page_rows
from careers_site.platform.cache import kept_here, kept_many, kept_until_change
from professions import filters as profession_filters
from professions.models import Profession
from trainings import filters as offer_filters
from trainings.models import Level
from trainings.places import NearestIndex

from .datasets import DATASETS_BY_KEY
from .rendering import EncodedItems, EncodedItemsRenderer, encoded_item, with_distance
from .serializers import distance_km

PAGE, PAGE_SIZE = "page", "par_page"
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
MAX_PAGE = 100_000
# What an offer's answer weighs in a process's copies (about 1 KB of JSON; a bound, roughly).
ITEM_BYTES = 2048


# --- Parameters -----------------------------------------------------------------------------


SCHEMA_TYPES = {"flag": OpenApiTypes.BOOL, "number": OpenApiTypes.DOUBLE}


def openapi_parameter(param):
    """The schema of one declared parameter (`careers_site.core.filters.Param`)."""
    numbers = bool(param.choices) and all(isinstance(c, int) for c in param.choices)
    return OpenApiParameter(
        param.name,
        OpenApiTypes.INT if numbers else SCHEMA_TYPES.get(param.kind, OpenApiTypes.STR),
        OpenApiParameter.QUERY,
        description=param.description,
        enum=list(param.choices) if numbers else [str(c) for c in param.choices] or None,
        many=param.many or None,
    )


PAGINATION = (
    OpenApiParameter(
        PAGE, OpenApiTypes.STR, OpenApiParameter.QUERY, description="Numéro de page, à partir de 1"
    ),
    OpenApiParameter(
        PAGE_SIZE,
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        description=f"Éléments par page, de 1 à {MAX_PAGE_SIZE} (50 par défaut)",
    ),
)


def strict_canonical(declaration, params):
    """For the page cache: the list's canonical parameters when the API accepts them all,
    else None (the answer is a 400, never stored)."""
    try:
        declaration.read(params, strict=True, also_allowed=(PAGE, PAGE_SIZE))
        positive_int(params, PAGE, 1, MAX_PAGE)
        size = positive_int(params, PAGE_SIZE, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    except (InvalidParam, ParseError):
        return None
    pairs = declaration.canonical(params)
    return pairs + ([(PAGE_SIZE, str(size))] if PAGE_SIZE in params else [])


def positive_int(params, name, default, maximum):
    raw = params.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= maximum:
        raise ParseError(
            f"« {name} » attend un nombre entier de 1 à {maximum}, pas « {quoted(raw)} »."
        )
    return int(raw)


class Pagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_query_param = PAGE
    page_size_query_param = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        if params.getlist(PAGE)[1:] or params.getlist(PAGE_SIZE)[1:]:
            raise ParseError("« page » et « par_page » ne se donnent qu'une fois.")
        positive_int(params, PAGE, 1, MAX_PAGE)
        positive_int(params, PAGE_SIZE, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        narrow = getattr(view, "sort_ids_first", False)
        try:
            page = super().paginate_queryset(
                view.page_ids(queryset) if narrow else queryset, request, view
            )
        except NotFound as error:
            raise NotFound(
                "Cette page de résultats n'existe pas : la liste est plus courte."
            ) from (error)
        if not narrow or page is None:
            return page
        if getattr(view, "keeps_items", False):
            return list(page)  # the ids: the view reads only the items not kept
        return list(page_rows(queryset, page))  # sorted and sliced as ids, read whole now


# --- Throttling and errors ------------------------------------------------------------------


def open_to_other_sites(response, preflight=False):
    """CORS: any site may read what the API answers, its errors and its schema included."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    if preflight:
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response["Access-Control-Max-Age"] = "86400"
    return response


def exception_handler(error, context):
    """DRF's errors with French messages of our own (its catalogue is not installed)."""
    if isinstance(error, Http404):
        error = NotFound("Aucun contenu publié ne correspond à cette adresse.")
    elif isinstance(error, MethodNotAllowed):
        method = context["request"].method
        error = MethodNotAllowed(
            method,
            f"Méthode {quoted(method)} non autorisée : l'API se lit seulement (GET ou HEAD).",
        )
    elif isinstance(error, Throttled):
        wait = math.ceil(error.wait or 1)
        french = Throttled(
            detail=f"Trop de requêtes pour le moment : réessayez dans {wait} seconde"
            f"{'s' if wait > 1 else ''}, ou utilisez les téléchargements."
        )
        french.wait = wait  # the Retry-After header
        error = french
    elif isinstance(error, NotAcceptable):
        error = NotAcceptable("L'API répond seulement en JSON (application/json).")
    response = drf_exception_handler(error, context)
    return response if response is None else open_to_other_sites(response)


# --- Views ----------------------------------------------------------------------------------


def base_url(request):
    from django.conf import settings

    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists and details of one dataset, public items only. A list reads the parameters of
    its `filters` (a `FilterDeclaration`: the same as its page's where there is one), strictly:
    an unknown parameter or a bad value is a French 400."""

    dataset_key = ""
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,140}"
    pagination_class = Pagination
    filters = FilterDeclaration()
    http_method_names = ["get", "head", "options"]
    place = None  # where « nearest first » is measured from, on a list that orders so

    @property
    def dataset(self):
        return DATASETS_BY_KEY[self.dataset_key]

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        """The page cache keys a list on its declared parameters (a rush on one list is
        answered from the cache until the next change) and stores no answer to parameters
        it cannot read; a detail reads none."""
        view = super().as_view(actions, **initkwargs)
        if actions and actions.get("get") == "list":
            view.page_cache_params = (*cls.filters.page_cache_params, PAGE_SIZE)
            view.page_cache_free_text_params = cls.filters.free_text_params
            view.page_cache_canonical = functools.partial(strict_canonical, cls.filters)
        else:
            view.page_cache_params = ()
        return view

    def get_serializer_class(self):
        return self.dataset.serializer

    def get_queryset(self):
        return self.dataset.queryset()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        declared = self.filters if self.action == "list" else FilterDeclaration()
        try:
            self.query = declared.read(
                request.query_params,
                strict=True,
                also_allowed=(PAGE, PAGE_SIZE) if self.action == "list" else (),
            )
        except InvalidParam as error:
            raise ParseError(str(error)) from None

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["base_url"] = base_url(self.request)
        if self.place is not None and self.place.origin:
            context["position"] = self.place.origin
        return context

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        queryset = queryset.filter(*self.filters.conditions(self.query).values())
        return self.arrange(queryset, self.query)

    def arrange(self, queryset, query):
        """What the declaration's `Q`s do not say: an order (nearest first)."""
        return queryset

    def page_ids(self, queryset):
        """What the pagination sorts and slices when `sort_ids_first`: the ids."""
        return ids_only(queryset)

    def options(self, request, *args, **kwargs):
        """The CORS preflight of a browser that sends If-None-Match: nothing but headers."""
        return Response(status=204)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return open_to_other_sites(response, preflight=request.method == "OPTIONS")


def documented(summary_list, summary_detail):
    """The schema of a viewset, from its own declarations: its filters and the pagination on
    the list, its identifier on the detail, the 400 and 404 answers."""

    def decorate(viewset):
        by_slug = viewset.lookup_field == "slug"
        serializer = DATASETS_BY_KEY[viewset.dataset_key].serializer
        return extend_schema_view(
            list=extend_schema(
                summary=summary_list,
                parameters=[*map(openapi_parameter, viewset.filters), *PAGINATION],
                responses={200: serializer(many=True), 400: ERROR_SCHEMA},
            ),
            retrieve=extend_schema(
                summary=summary_detail,
                parameters=[
                    OpenApiParameter(
                        "slug" if by_slug else "id",
                        OpenApiTypes.STR if by_slug else OpenApiTypes.INT,
                        OpenApiParameter.PATH,
                        description="Slug de l'élément" if by_slug else "Identifiant de l'offre",
                    )
                ],
                responses={200: serializer, 400: ERROR_SCHEMA, 404: ERROR_SCHEMA},
            ),
        )(viewset)

    return decorate


ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "Le problème, en français"}},
    "required": ["detail"],
}


def published_profession(slug):
    return Profession.objects.published().filter(slug=slug)


def campaign_ids():
    return Campaign.objects.published().values("pk")


PROFESSION = Param(
    offer_filters.PROFESSION,
    "Slug d'un métier : ce qui y mène ou le concerne",
    where=lambda slug: Q(professions__in=published_profession(slug)),
)


@documented("Les métiers publiés", "Un métier")
class ProfessionViewSet(PublicViewSet):
    """The professions of the professions list, with its filters (`PROFESSION_FILTERS`)."""

    dataset_key = "metiers"
    filters = profession_filters.PROFESSION_FILTERS


@documented("Les diplômes publiés", "Un diplôme")
class DiplomaViewSet(PublicViewSet):
    dataset_key = "diplomes"
    filters = FilterDeclaration(
        Param(
            offer_filters.PROFESSION,
            PROFESSION.description,
            where=lambda slug: Q(pk__in=offer_filters.diplomas_of_profession(slug).values("pk")),
        ),
        Param(
            "niveau",
            "Niveau du diplôme (3 à 7)",
            "choice",
            choices=tuple(Level.values),
            where=lambda level: Q(level=level),
        ),
    )


class KeptSlices:
    """Ids for a paginator whose pages ([start:stop], two numbers the paginator validated)
    are kept until the next change under `name` (the filters' validated values): a page of
    the same filters read again costs no sort."""

    def __init__(self, ids, name):
        self.ids, self.name = ids, name

    def count(self):
        return self.ids.count()

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self.ids[index]
        name = f"{self.name}:{index.start}:{index.stop}"
        return kept_until_change(name, lambda: list(self.ids[index]))


class PlaceViewSet(PublicViewSet):
    """A list that orders nearest first from the place its parameters give
    (`trainings.places.Place`)."""

    filters_class = None  # the page's `PlaceFilters`
    then = ("name", "pk")
    prefix = ""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            self.place = self.filters_class(self.query).place.locate()

    def arrange(self, queryset, query):
        if self.place.is_known:
            return self.place.nearest_first(queryset, self.prefix, then=self.then)
        return queryset

    def point_of(self, obj):
        """The (latitude, longitude) distances to `obj` are measured to."""
        place = obj.institute if self.prefix else obj
        return place.latitude, place.longitude

    def page_ids(self, queryset):
        """Near a position, a page of the nearest is read around it, not by sorting every
        row by its distance (`Place.nearest_ids`); from the browser's position, in the rows'
        `NearestIndex`, kept in this process under the filters until the next change (no
        query at all). The number of rows the filters let through (a position only orders)
        is counted once per content version and filters."""
        filters, place = self.filters_class(self.query), self.place
        if place.uses_position:
            index = kept_here(
                f"api-near:{self.dataset_key}:{filters.key}",
                lambda: NearestIndex.of(queryset, self.prefix, self.then),
                weight=lambda index: index.weight,
            )
            return index.from_point(place.origin)
        count = kept_until_change(
            f"api-count:{self.dataset_key}:{filters.key}", lambda: queryset.count(), keep_if=bool
        )
        ids = place.nearest_ids(queryset, self.prefix, count)
        if place.commune_text:
            return ids  # ordered from where the visitor is: nothing to share
        return KeptSlices(ids, f"api-ids:{self.dataset_key}:{filters.key}")


@documented("Les établissements de formation publiés", "Un établissement de formation")
class InstituteViewSet(PlaceViewSet):
    """The institutes of the institute list, with its filters (`INSTITUTE_FILTERS`)."""

    dataset_key = "etablissements"
    filters = offer_filters.INSTITUTE_FILTERS
    filters_class = offer_filters.InstitutePlace


@documented(
    "Les offres de formation publiques (les filtres de « Où se former »)", "Une offre de formation"
)
class OfferViewSet(PlaceViewSet):
    """The offers of « Où se former », read with the page's own declaration
    (`trainings.filters.OFFER_FILTERS`)."""

    dataset_key = "offres"
    lookup_field = "pk"
    lookup_value_regex = r"[0-9]{1,18}"
    filters = offer_filters.OFFER_FILTERS
    filters_class = offer_filters.OfferFilters
    prefix = "institute__"
    then = offer_filters.OFFERS_BY_NAME
    # Thousands of offers sorted on their diploma's and institute's columns: sorting them whole
    # costs far more than sorting their ids and reading the page's rows again (as the page).
    sort_ids_first = True
    # Each offer's answer is kept until the next change (`list`, `kept_items`), as JSON: a
    # page reads and serialises only the offers not kept yet, and encodes none again.
    keeps_items = True
    renderer_classes = [EncodedItemsRenderer]

    def list(self, request, *args, **kwargs):
        # Built only if asked: a page whose ids and offers are all kept needs no queryset.
        queryset = SimpleLazyObject(lambda: self.filter_queryset(self.get_queryset()))
        ids = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.kept_items(queryset, ids))

    def kept_items(self, queryset, ids):
        """The page's items, each kept until the next change (`kept_many`: in this process,
        else one round trip) under its pk and the site's address, without its distance: that
        depends on the position asked, and is measured here from the point kept with it."""
        context = self.get_serializer_context()
        position = context.pop("position", None)
        names = {pk: f"api-json:{self.dataset_key}:{pk}:{context['base_url']}" for pk in ids}

        def build(missing):
            rows = list(page_rows(queryset, missing))
            data = self.get_serializer(rows, many=True, context=context).data
            return {
                obj.pk: (encoded_item(item), self.point_of(obj))
                for obj, item in zip(rows, data, strict=True)
            }

        kept = kept_many(names, build, weight=lambda value: ITEM_BYTES)
        items = EncodedItems()
        for pk in ids:
            item, (latitude, longitude) = kept[pk]
            items.append(with_distance(item, distance_km(position, latitude, longitude)))
        return items


@documented("Les aides financières publiées", "Une aide financière")
class AidViewSet(PublicViewSet):
    dataset_key = "aides"
    filters = FilterDeclaration(PROFESSION)


@documented("Les événements publiés (agenda)", "Un événement")
class EventViewSet(PublicViewSet):
    """The events of the agenda, with its filters (`campaigns.filters.EVENT_FILTERS`) and a
    period."""

    dataset_key = "evenements"
    filters = EVENT_FILTERS.extended(
        Param("periode", "a-venir ou passes", "choice", choices=("a-venir", "passes"))
    )

    def arrange(self, queryset, query):
        if query.get("periode") == "a-venir":
            queryset = queryset.upcoming()
        elif query.get("periode") == "passes":
            queryset = queryset.past().order_by("-starts_at", "-pk")
        return queryset


@documented("Les campagnes publiées", "Une campagne")
class CampaignViewSet(PublicViewSet):
    dataset_key = "campagnes"
    filters = FilterDeclaration(PROFESSION)


@documented("Les vidéos publiées (droits de diffusion en cours)", "Une vidéo")
class VideoViewSet(PublicViewSet):
    dataset_key = "videos"
    filters = FilterDeclaration(
        PROFESSION,
        Param(
            "campagne",
            "Slug d'une campagne",
            where=lambda slug: Q(campaign__slug=slug) & Q(campaign__in=campaign_ids()),
        ),
    )


VIEWSETS = {
    "metiers": ProfessionViewSet,
    "diplomes": DiplomaViewSet,
    "etablissements": InstituteViewSet,
    "offres": OfferViewSet,
    "aides": AidViewSet,
    "evenements": EventViewSet,
    "campagnes": CampaignViewSet,
    "videos": VideoViewSet,
}
