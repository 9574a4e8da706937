"""What the admin home shows an editor first: what needs attention, among what they may see.

Seven lists: drafts; content scheduled in the next 30 days; testimonials whose consent ends
within 60 days; published content not reviewed for 12 months, or never reviewed; published
offers whose application window has closed; institutes FINESS says are closed
(trainings/finess.py); the facts to check (careers_site/dashboard/truth.py, the defects
`manage.py check_content` reports). One query per kind of content the user may change, plus
one for the closed institutes and those of the facts' check (so a fixed number, whatever the
amount of content), each list capped.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from careers_site.core.models import Status
from careers_site.core.ownership import organisation_ids, owner_path, scope
from careers_site.dashboard.truth import find_defects
from trainings.models import Institute

SCHEDULED_DAYS = 30
CONSENT_DAYS = 60
REVIEW_DAYS = 365
PER_MODEL_LIMIT = 50
PER_LIST_LIMIT = 15

# Models shown, in this order; related objects their __str__ needs.
MODELS = (
    ("professions.profession", ()),
    ("trainings.diploma", ()),
    ("trainings.institute", ()),
    ("trainings.trainingoffer", ("diploma", "institute")),
    ("trainings.financialaid", ()),
    ("campaigns.campaign", ()),
    ("campaigns.video", ()),
    ("campaigns.testimonial", ()),
    ("campaigns.event", ()),
)

LISTS = (
    ("drafts", "Brouillons", "Aucun brouillon en attente."),
    ("scheduled", f"Programmé dans les {SCHEDULED_DAYS} prochains jours", "Rien de programmé."),
    (
        "consent",
        f"Témoignages dont le consentement expire dans les {CONSENT_DAYS} jours",
        "Aucun consentement n'arrive à échéance.",
    ),
    (
        "review",
        "Contenus publiés jamais relus, ou pas depuis plus d'un an",
        "Tout a été relu dans l'année.",
    ),
    (
        "facts",
        "Faits à vérifier : sources, dates, valeurs par défaut, démonstration",
        "Chaque fait publié a sa source datée ; aucune phrase n'a passé sa date.",
    ),
    (
        "closed_offers",
        "Offres dont la période de candidature est passée",
        "Aucune offre publiée n'a de candidatures closes.",
    ),
    (
        "closed_in_source",
        "Établissements fermés selon FINESS (dépubliés, à vérifier)",
        "Aucun établissement importé n'est fermé.",
    ),
)


@dataclass
class Item:
    label: str
    kind: str
    url: str
    note: str = ""


@dataclass
class AttentionList:
    key: str
    title: str
    empty: str
    items: list = field(default_factory=list)
    more: int = 0


def _date(value):
    return value.strftime("%d/%m/%Y")


def attention_lists(request, now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    soon = now + datetime.timedelta(days=SCHEDULED_DAYS)
    consent_limit = today + datetime.timedelta(days=CONSENT_DAYS)
    review_limit = today - datetime.timedelta(days=REVIEW_DAYS)
    lists = {key: AttentionList(key, title, empty) for key, title, empty in LISTS}

    for label, related in MODELS:
        model = apps.get_model(label)
        meta = model._meta
        # What the editor can act on: content they may change (not what they only read).
        if not request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
            continue
        published = Q(status=Status.PUBLISHED)
        # Never reviewed counts: « Tout a été relu » only when it is true.
        stale = published & (Q(last_reviewed__lt=review_limit) | Q(last_reviewed__isnull=True))
        wanted = (
            Q(status=Status.DRAFT)
            | (published & Q(published_at__gt=now, published_at__lte=soon))
            | stale
        )
        if label == "campaigns.testimonial":
            wanted |= Q(rights_expire_on__gt=today, rights_expire_on__lte=consent_limit)
        if label == "trainings.trainingoffer":
            wanted |= published & Q(applications_close__lt=today)
        queryset = model._default_manager.filter(wanted).select_related(*related)
        queryset = scope(queryset, request)
        url_name = f"admin:{meta.app_label}_{meta.model_name}_change"
        for obj in queryset.order_by("-updated_at")[:PER_MODEL_LIMIT]:
            url = reverse(url_name, args=[obj.pk])
            kind = str(meta.verbose_name).capitalize()

            def add(key, note="", obj=obj, url=url, kind=kind):
                lists[key].items.append(Item(str(obj), kind, url, note))

            if obj.status == Status.DRAFT:
                add("drafts", f"modifié le {_date(timezone.localtime(obj.updated_at))}")
            elif obj.published_at > now and obj.published_at <= soon:
                add("scheduled", f"le {_date(timezone.localtime(obj.published_at))}")
            if obj.status == Status.PUBLISHED and obj.published_at <= now:
                if obj.last_reviewed is None:
                    add("review", "jamais relu")
                elif obj.last_reviewed < review_limit:
                    add("review", f"relu le {_date(obj.last_reviewed)}")
            expires = getattr(obj, "rights_expire_on", None)
            if label == "campaigns.testimonial" and expires and today < expires <= consent_limit:
                add("consent", f"le {_date(expires)}")
            closes = getattr(obj, "applications_close", None)
            if (
                label == "trainings.trainingoffer"
                and obj.status == Status.PUBLISHED
                and (closes and closes < today)
            ):
                add("closed_offers", f"clôture le {_date(closes)}")

    if request.user.has_perm("trainings.change_institute"):
        closed = Institute.objects.filter(source_closed_on__isnull=False).order_by(
            "-source_closed_on", "name"
        )
        for institute in closed[:PER_MODEL_LIMIT]:
            lists["closed_in_source"].items.append(
                Item(
                    str(institute),
                    str(Institute._meta.verbose_name).capitalize(),
                    reverse("admin:trainings_institute_change", args=[institute.pk]),
                    f"fermé le {_date(institute.source_closed_on)}",
                )
            )

    changeable = {
        label
        for label in (*(label for label, _ in MODELS), "careers_site.organisation")
        if request.user.has_perm(
            "{}.change_{}".format(*apps.get_model(label)._meta.label_lower.split("."))
        )
    }
    defects = find_defects(today, labels=changeable)
    # Among what the editor may change (their organisation's campaigns, events…): one query
    # per model that has defects, so a bounded number.
    allowed = {}
    for label in {defect.model_label for defect in defects}:
        model = apps.get_model(label)
        if owner_path(model) is None or organisation_ids(request) is None:
            continue  # nobody owns it, or the user may see everything
        pks = [defect.obj.pk for defect in defects if defect.model_label == label]
        queryset = scope(model._default_manager.filter(pk__in=pks), request)
        allowed[label] = set(queryset.values_list("pk", flat=True))
    for defect in defects:
        if defect.model_label in allowed and defect.obj.pk not in allowed[defect.model_label]:
            continue
        meta = defect.obj._meta
        lists["facts"].items.append(
            Item(
                defect.label,
                str(meta.verbose_name).capitalize(),
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[defect.obj.pk]),
                f"{defect.kind_title.lower()} : {defect.detail}",
            )
        )

    for attention in lists.values():
        attention.more = max(0, len(attention.items) - PER_LIST_LIMIT)
        attention.items = attention.items[:PER_LIST_LIMIT]
    return [
        attention
        for attention in lists.values()
        if attention.key != "consent" or request.user.has_perm("campaigns.view_testimonial")
        if attention.key != "closed_offers" or request.user.has_perm("trainings.view_trainingoffer")
        if attention.key != "closed_in_source"
        or request.user.has_perm("trainings.change_institute")
    ]
