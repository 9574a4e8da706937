"""Admin of the counsellors' toolkit: short links (their own list, and the links of a page on
its form), counted visits, and the report per event, campaign or page that tells where
visitors come from."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from campaigns.models import Campaign, Event
from campaigns.roles import REGIONAL_EDITORS
from careers_site.core.ownership import organisation_ids, scope
from careers_site.toolkit import reports, visits
from careers_site.toolkit.models import ShortLink, ShortLinkKind, SourceRequest, VisitCount


class ShortLinkInline(GenericTabularInline):
    """The short links of a page, on its admin form: the main one (made on first save) and
    the dedicated /s/ links of job fairs or posters, each with its source."""

    model = ShortLink
    extra = 0
    fields = ("kind", "code", "former_codes", "source", "created_at")
    readonly_fields = ("created_at",)
    verbose_name = "lien court"
    verbose_name_plural = "liens courts (à imprimer ou à dire à voix haute)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A link added here is most often a fair's or a poster's own link, with its source.
        formset.form.base_fields["kind"].initial = ShortLinkKind.SOURCE
        return formset

    # The links belong to the page: whoever may change the page (an event of their own
    # organisation, for an organisation's editor) manages its links, and nobody else. The
    # « Liens courts » list, which spans every page, stays with the administrators.
    def _parent_admin(self):
        return self.admin_site._registry[self.parent_model]

    def has_view_permission(self, request, obj=None):
        return self._parent_admin().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._parent_admin().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_admin().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_admin().has_change_permission(request, obj)


def visits_column(parameter):
    """« Visites » column of the event and campaign lists: their report in one click."""

    @admin.display(description="visites")
    def visits(obj):
        url = reverse("admin:toolkit_visitcount_report") + f"?{parameter}={obj.pk}"
        return format_html('<a href="{}">Voir les visites</a>', url)

    return visits


def attach_to_pages():
    """Added to the apps' admin from `ToolkitConfig.ready()` (the apps know no toolkit): the
    short links of an event on its form, and the « Visites » column of the events and
    campaigns lists."""
    for model, parameter, with_links in ((Event, "evenement", True), (Campaign, "campagne", False)):
        model_admin = admin.site._registry[model]
        if with_links and ShortLinkInline not in model_admin.inlines:
            # The dedicated /s/ link of the event: its QR codes count the visits it brings.
            model_admin.inlines = (*model_admin.inlines, ShortLinkInline)
        if not any(
            getattr(column, "__name__", "") == "visits" for column in model_admin.list_display
        ):
            model_admin.list_display = (*model_admin.list_display, visits_column(parameter))


@admin.register(ShortLink)
class ShortLinkAdmin(admin.ModelAdmin):
    list_display = ("path", "kind", "source", "target_page", "created_at")
    list_filter = ("kind",)
    search_fields = ("code", "former_codes", "source")
    readonly_fields = ("created_at", "updated_at")
    list_select_related = ("content_type",)

    @admin.display(description="page")
    def target_page(self, obj):
        target = obj.target
        if target is None:
            return "–"
        return format_html('<a href="{}">{}</a>', target.get_absolute_url(), target)


@admin.register(VisitCount)
class VisitCountAdmin(admin.ModelAdmin):
    """Counted visits, read only; the counters of the cache are added first (flush), so staff
    see the visits up to the minute. « Rapport » groups them per event, campaign or page."""

    list_display = ("day", "path", "source_label", "count")
    list_filter = ("source",)
    search_fields = ("path", "source")
    date_hierarchy = "day"
    change_list_template = "admin/toolkit/visitcount_changelist.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="source", ordering="source")
    def source_label(self, obj):
        return obj.source or "(aucune)"

    def get_urls(self):
        return [
            path(
                "rapport/",
                self.admin_site.admin_view(self.report_view),
                name="toolkit_visitcount_report",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        visits.flush()
        return super().changelist_view(request, extra_context)

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        visits.flush()
        # An organisation's editor picks among its own events and campaigns only.
        events = scope(Event.objects.all(), request)
        campaigns = scope(Campaign.objects.all(), request)
        events = list(events.order_by("-starts_at")[:200])
        campaigns = list(campaigns.order_by("title"))
        # An organisation's editor sees the visits of its own sources and pages only: another
        # organisation's fairs and campaigns are not its business.
        own = None
        if not sees_every_visit(request):
            own = reports.visits(*reports.selection_for_many(events, campaigns))
        chosen_event = _pick(events, request.GET.get("evenement"))
        chosen_campaign = _pick(campaigns, request.GET.get("campagne"))
        page = request.GET.get("page", "").strip()[:300]
        sources, paths, subject = [], [], "Toutes les visites"
        if chosen_event:
            sources, paths = reports.selection_for_event(chosen_event)
            subject = f"Événement : {chosen_event}"
        elif chosen_campaign:
            sources, paths = reports.selection_for_campaign(chosen_campaign)
            subject = f"Campagne : {chosen_campaign}"
        elif page:
            paths = [page]
            subject = f"Page : {page}"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Fréquentation : d'où viennent les visiteurs",
            "subject": subject,
            "events": events,
            "campaigns": campaigns,
            "chosen_event": chosen_event,
            "chosen_campaign": chosen_campaign,
            "page": page,
            "sources": sources,
            **reports.report(chosen_visits(sources, paths, own)),
        }
        return TemplateResponse(request, "admin/toolkit/visit_report.html", context)


def sees_every_visit(request):
    """Superusers and the regional editors (the site's own team) see every visit; an
    organisation's editor, its own."""
    ids = organisation_ids(request)
    if ids is None:
        return True
    return not ids and request.user.groups.filter(name=REGIONAL_EDITORS).exists()


def chosen_visits(sources, paths, own):
    chosen = reports.visits(sources, paths)
    if own is None:
        return chosen
    if not (sources or paths):
        return own
    return chosen.filter(pk__in=own.values("pk"))


def _pick(objects, raw):
    try:
        wanted = int(raw)
    except (TypeError, ValueError):
        return None
    return next((obj for obj in objects if obj.pk == wanted), None)


@admin.register(SourceRequest)
class SourceRequestAdmin(admin.ModelAdmin):
    """Counsellors' requests for a source of their own, answered by a regional editor: approve
    registers the source and tells the counsellor by email, refuse tells them; either way the
    request (and its address) is deleted. Older than 30 days, it is deleted unanswered."""

    list_display = ("source", "organisation", "page_link", "created_at")
    readonly_fields = ("source", "organisation", "email", "page_link", "created_at")
    fields = readonly_fields
    actions = ("approve", "refuse")

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        SourceRequest.objects.purge_expired()
        return super().get_queryset(request).select_related("content_type")

    @admin.display(description="page")
    def page_link(self, obj):
        page = obj.page
        if page is None:
            return "(page supprimée)"
        return format_html('<a href="{}">{}</a>', page.get_absolute_url(), page)

    def _answer(self, request, queryset, method, done):
        answered = 0
        for source_request in queryset:
            try:
                getattr(source_request, method)()
            except OSError:  # the mail could not leave: nothing is deleted
                self.message_user(
                    request,
                    f"Le courriel pour « {source_request.source} » n'a pas pu partir : la "
                    "demande est gardée, réessayez plus tard.",
                    messages.ERROR,
                )
            else:
                answered += 1
        if answered:
            self.message_user(request, f"{answered} demande(s) {done}.", messages.SUCCESS)

    @admin.action(
        description="Approuver : enregistrer la source et prévenir", permissions=["change"]
    )
    def approve(self, request, queryset):
        self._answer(request, queryset, "approve", "approuvée(s), le demandeur est prévenu")

    @admin.action(description="Refuser et prévenir", permissions=["change"])
    def refuse(self, request, queryset):
        self._answer(request, queryset, "refuse", "refusée(s), le demandeur est prévenu")
