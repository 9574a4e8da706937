"""The read-only JSON API, /api/v1/ (Django REST framework; schema by drf-spectacular).

Every list takes the filters of the matching page, with the same French names (`departement`,
`diplome`, `metier`, `modalite`, `ouvertes`, `rentree`, `lat`/`lon`), and only those: an
unknown parameter or a bad value answers 400 with a French message, never a guess and never a
500. Lists come in pages of 50 (`par_page` up to 200). Only GET, HEAD and OPTIONS (the CORS
preflight) are served; anything else is a 405. Every answer carries
`Access-Control-Allow-Origin: *`. Answers go through the page cache (ETag, 304, invalidated
with the content version) like the pages."""

import functools
import math
import re
from dataclasses import dataclass

from django.db.models import F, Q
from django.http import Http404, QueryDict
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

from campaigns.models import Campaign
from careers_site.core.geo import Departement
from careers_site.core.pagination import ids_only, page_rows
from professions.models import Profession, Sector
from trainings import filters as offer_filters
from trainings.models import Diploma, Level, Modality, Month, TrainingOffer

from .datasets import DATASETS_BY_KEY

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,140}")
PAGE, PAGE_SIZE = "page", "par_page"
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
MAX_PAGE = 100_000


# --- Parameters -----------------------------------------------------------------------------


def quoted(value):
    """What was sent, quoted back harmlessly: short, no markup, no control character."""
    return re.sub(r"[^\w .,:+-]", "?", value[:60])


@dataclass(frozen=True)
class Param:
    """A query parameter of a list: documented in the schema and checked from this one
    declaration."""

    name: str
    description: str
    kind: str = "slug"  # slug, choice, flag, latitude, longitude
    choices: tuple = ()
    many: bool = False

    def openapi(self):
        schema_type = {
            "flag": OpenApiTypes.BOOL,
            "latitude": OpenApiTypes.DOUBLE,
            "longitude": OpenApiTypes.DOUBLE,
        }.get(self.kind, OpenApiTypes.STR)
        numbers = bool(self.choices) and all(isinstance(c, int) for c in self.choices)
        if numbers:
            schema_type = OpenApiTypes.INT
        return OpenApiParameter(
            self.name,
            schema_type,
            OpenApiParameter.QUERY,
            description=self.description,
            enum=list(self.choices) if numbers else [str(c) for c in self.choices] or None,
            many=self.many or None,
        )

    def read(self, params):
        values = params.getlist(self.name)
        if len(values) > 1 and not self.many:
            raise ParseError(f"Le paramètre « {self.name} » ne peut être donné qu'une fois.")
        checked = [self.check(value) for value in values]
        return checked if self.many else checked[0]

    def check(self, value):
        shown = quoted(value)
        if self.kind == "slug":
            if not SLUG.fullmatch(value):
                raise ParseError(
                    f"« {self.name} » attend un slug (lettres sans accent, chiffres et tirets), "
                    f"pas « {shown} »."
                )
            return value.lower()
        if self.kind == "choice":
            if value not in {str(choice) for choice in self.choices}:
                allowed = ", ".join(str(choice) for choice in self.choices)
                raise ParseError(
                    f"Valeur inconnue pour « {self.name} » : « {shown} ». "
                    f"Valeurs possibles : {allowed}."
                )
            return value
        if self.kind == "flag":
            if value not in ("0", "1", "true", "false"):
                raise ParseError(f"« {self.name} » vaut 1 (oui) ou 0 (non), pas « {shown} ».")
            return value in ("1", "true")
        bounds = (
            offer_filters.LATITUDE_RANGE
            if self.kind == "latitude"
            else offer_filters.LONGITUDE_RANGE
        )
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            number = math.nan
        if not (math.isfinite(number) and bounds[0] <= number <= bounds[1]):
            low, high = (f"{bound:g}".replace(".", ",") for bound in bounds)
            raise ParseError(
                f"« {self.name} » attend un nombre entre {low} et {high} (la région et ses "
                f"abords), pas « {shown} »."
            )
        return round(number, 3)


DEPARTEMENT = Param(
    "departement",
    "Code du département (INSEE), par exemple 63",
    "choice",
    tuple(Departement.values),
)
PROFESSION = Param("metier", "Slug d'un métier : ce qui y mène ou le concerne")
DIPLOMA = Param("diplome", "Slug d'un diplôme")
LATITUDE = Param("lat", "Latitude d'un point : les plus proches d'abord (avec lon)", "latitude")
LONGITUDE = Param("lon", "Longitude d'un point : les plus proches d'abord (avec lat)", "longitude")
PAGINATION = (
    Param(PAGE, "Numéro de page, à partir de 1", "page"),
    Param(PAGE_SIZE, f"Éléments par page, de 1 à {MAX_PAGE_SIZE} (50 par défaut)", "page"),
)


def read_params(request, declared):
    """{name: value} of the parameters given; 400 for an unknown one or a bad value."""
    known = {param.name: param for param in declared}
    unknown = [name for name in request.query_params if name not in known]
    if unknown:
        accepted = ", ".join(known) or "aucun"
        raise ParseError(
            f"Paramètre inconnu : « {quoted(unknown[0])} ». Paramètres acceptés ici : {accepted}."
        )
    values = {}
    for name in request.query_params:
        param = known[name]
        if param.kind != "page":
            values[name] = param.read(request.query_params)
    if (LATITUDE.name in values) != (LONGITUDE.name in values):
        raise ParseError("Une position se donne avec « lat » et « lon » ensemble.")
    return values


def valid_params(declared, params):
    """The parameters as given when each is valid, else None (for the page cache: an answer
    to junk is a 400, never stored)."""
    known = {param.name: param for param in declared}
    try:
        for name in params:
            param = known[name]
            if param.kind == "page":
                positive_int(params, name, 1, MAX_PAGE_SIZE if name == PAGE_SIZE else MAX_PAGE)
            else:
                param.read(params)
    except (KeyError, ParseError):
        return None
    return {name: params.getlist(name) for name in params}


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
                ids_only(queryset) if narrow else queryset, request, view
            )
        except NotFound as error:
            raise NotFound(
                "Cette page de résultats n'existe pas : la liste est plus courte."
            ) from (error)
        if not narrow or page is None:
            return page
        return list(page_rows(queryset, page))  # sorted and sliced as ids, read whole now


# --- Throttling and errors ------------------------------------------------------------------


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
    return drf_exception_handler(error, context)


# --- Views ----------------------------------------------------------------------------------


def base_url(request):
    from django.conf import settings

    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


def nearest_first(queryset, latitude, longitude, prefix=""):
    """Nearest first, by the same rule as « Où se former » (items not placed on the map
    last)."""
    return queryset.annotate(
        proximity=offer_filters.proximity(latitude, longitude, prefix=prefix)
    ).order_by(F("proximity").asc(nulls_last=True), "name", "pk")


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists and details of one dataset, public items only."""

    dataset_key = ""
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,140}"
    pagination_class = Pagination
    filters = ()
    http_method_names = ["get", "head", "options"]

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
            declared = (*cls.filters, *PAGINATION)
            view.page_cache_params = tuple(param.name for param in declared)
            view.page_cache_free_text_params = tuple(
                param.name for param in declared if param in (LATITUDE, LONGITUDE)
            )
            view.page_cache_canonical = functools.partial(valid_params, declared)
        else:
            view.page_cache_params = ()
        return view

    def get_serializer_class(self):
        return self.dataset.serializer

    def get_queryset(self):
        return self.dataset.queryset()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        declared = (*self.filters, *PAGINATION) if self.action == "list" else ()
        self.query = read_params(request, declared)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["base_url"] = base_url(self.request)
        query = getattr(self, "query", {})
        if LATITUDE.name in query:
            context["position"] = (query[LATITUDE.name], query[LONGITUDE.name])
        return context

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return self.apply_filters(queryset, self.query)

    def apply_filters(self, queryset, query):
        return queryset

    def options(self, request, *args, **kwargs):
        """The CORS preflight of a browser that sends If-None-Match: nothing but headers."""
        return Response(status=204)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        if request.method == "OPTIONS":
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        return response


def documented(summary_list, summary_detail):
    """The schema of a viewset, from its own declarations: its filters and the pagination on
    the list, its identifier on the detail, the 400 and 404 answers."""

    def decorate(viewset):
        by_slug = viewset.lookup_field == "slug"
        serializer = DATASETS_BY_KEY[viewset.dataset_key].serializer
        return extend_schema_view(
            list=extend_schema(
                summary=summary_list,
                parameters=[param.openapi() for param in (*viewset.filters, *PAGINATION)],
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


def profession_diplomas(slug):
    return Diploma.objects.published().filter(
        professions__slug=slug, professions__in=Profession.objects.published()
    )


@documented("Les métiers publiés", "Un métier")
class ProfessionViewSet(PublicViewSet):
    dataset_key = "metiers"
    filters = (
        Param("secteur", "Secteur du métier", "choice", tuple(Sector.values), many=True),
        Param("recrute", "1 : seulement les métiers qui recrutent", "flag"),
        DIPLOMA,
    )

    def apply_filters(self, queryset, query):
        if query.get("secteur"):
            queryset = queryset.filter(sector__in=query["secteur"])
        if query.get("recrute"):
            queryset = queryset.filter(recruiting=True)
        if "diplome" in query:
            queryset = queryset.filter(
                pk__in=Diploma.objects.published()
                .filter(slug=query["diplome"])
                .values("professions")
            )
        return queryset


@documented("Les diplômes publiés", "Un diplôme")
class DiplomaViewSet(PublicViewSet):
    dataset_key = "diplomes"
    filters = (
        PROFESSION,
        Param("niveau", "Niveau du diplôme (3 à 7)", "choice", tuple(Level.values)),
    )

    def apply_filters(self, queryset, query):
        if "metier" in query:
            queryset = queryset.filter(pk__in=profession_diplomas(query["metier"]).values("pk"))
        if "niveau" in query:
            queryset = queryset.filter(level=int(query["niveau"]))
        return queryset


@documented("Les établissements de formation publiés", "Un établissement de formation")
class InstituteViewSet(PublicViewSet):
    dataset_key = "etablissements"
    filters = (DEPARTEMENT, DIPLOMA, PROFESSION, LATITUDE, LONGITUDE)

    def apply_filters(self, queryset, query):
        if "departement" in query:
            queryset = queryset.filter(departement=query["departement"])
        offers = TrainingOffer.objects.public()
        if "diplome" in query:
            queryset = queryset.filter(
                pk__in=offers.filter(diploma__slug=query["diplome"]).values("institute")
            )
        if "metier" in query:
            diplomas = profession_diplomas(query["metier"])
            queryset = queryset.filter(
                pk__in=offers.filter(diploma__in=diplomas).values("institute")
            )
        if "lat" in query:
            queryset = nearest_first(queryset, query["lat"], query["lon"])
        return queryset


OFFER_PARAMS = (
    Param(offer_filters.PROFESSION, PROFESSION.description),
    Param(offer_filters.DIPLOMA, DIPLOMA.description),
    Param(offer_filters.DEPARTEMENT, DEPARTEMENT.description, "choice", DEPARTEMENT.choices),
    Param(
        offer_filters.MODALITY,
        "Modalité (plusieurs possibles)",
        "choice",
        tuple(Modality.values),
        many=True,
    ),
    Param(offer_filters.OPEN, "1 : candidatures ouvertes aujourd'hui", "flag"),
    Param(offer_filters.MONTH, "Mois de rentrée (1 à 12)", "choice", tuple(Month.values)),
    LATITUDE,
    LONGITUDE,
)


@documented(
    "Les offres de formation publiques (les filtres de « Où se former »)", "Une offre de formation"
)
class OfferViewSet(PublicViewSet):
    """The offers of « Où se former », read with the page's own filters
    (`trainings.filters.OfferFilters`) once the values are checked."""

    dataset_key = "offres"
    lookup_field = "pk"
    lookup_value_regex = r"[0-9]{1,18}"
    filters = OFFER_PARAMS
    # Thousands of offers sorted on their diploma's and institute's columns: sorting them whole
    # costs far more than sorting their ids and reading the page's rows again (as the page).
    sort_ids_first = True

    def apply_filters(self, queryset, query):
        params = QueryDict(mutable=True)
        for name, value in query.items():
            if isinstance(value, list):
                params.setlist(name, value)
            elif isinstance(value, bool):
                params[name] = "1" if value else ""
            else:
                params[name] = str(value)
        chosen = offer_filters.OfferFilters.from_params(params)
        queryset = queryset.filter(chosen.all_except())
        return chosen.order_by_proximity(queryset) or queryset


@documented("Les aides financières publiées", "Une aide financière")
class AidViewSet(PublicViewSet):
    dataset_key = "aides"
    filters = (PROFESSION,)

    def apply_filters(self, queryset, query):
        if "metier" in query:
            queryset = queryset.filter(professions__in=published_profession(query["metier"]))
        return queryset


@documented("Les événements publiés (agenda)", "Un événement")
class EventViewSet(PublicViewSet):
    dataset_key = "evenements"
    filters = (
        DEPARTEMENT,
        PROFESSION,
        Param("periode", "a-venir ou passes", "choice", ("a-venir", "passes")),
    )

    def apply_filters(self, queryset, query):
        if "departement" in query:
            queryset = queryset.filter(departement=query["departement"])
        if "metier" in query:
            queryset = queryset.filter(professions__in=published_profession(query["metier"]))
        if query.get("periode") == "a-venir":
            queryset = queryset.upcoming()
        elif query.get("periode") == "passes":
            queryset = queryset.past().order_by("-starts_at", "-pk")
        return queryset


@documented("Les campagnes publiées", "Une campagne")
class CampaignViewSet(PublicViewSet):
    dataset_key = "campagnes"
    filters = (PROFESSION,)

    def apply_filters(self, queryset, query):
        if "metier" in query:
            queryset = queryset.filter(professions__in=published_profession(query["metier"]))
        return queryset


@documented("Les vidéos publiées (droits de diffusion en cours)", "Une vidéo")
class VideoViewSet(PublicViewSet):
    dataset_key = "videos"
    filters = (PROFESSION, Param("campagne", "Slug d'une campagne"))

    def apply_filters(self, queryset, query):
        if "metier" in query:
            queryset = queryset.filter(professions__in=published_profession(query["metier"]))
        if "campagne" in query:
            queryset = queryset.filter(
                Q(campaign__slug=query["campagne"]) & Q(campaign__in=campaign_ids())
            )
        return queryset


def campaign_ids():
    return Campaign.objects.published().values("pk")


def published_profession(slug):
    return Profession.objects.published().filter(slug=slug)


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
