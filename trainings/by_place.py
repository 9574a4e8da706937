"""What a diploma page and a profession page show of their diplomas' offers: by place
(département, town, institute), never more than `OFFERS_SHOWN` in all, shared between the
diplomas; for the others, how many there are and in which départements, with links to
« Où se former » filtered on the diploma. Two queries whatever the number of offers: one
GROUP BY (diploma × département) for the counts, one for the offers shown, ranked by place
within each diploma by the database."""

from collections import Counter

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from careers_site.core.geo import Departement

from . import filters
from .models import BY_PLACE, TrainingOffer

OFFERS_SHOWN = 20


def fair_shares(totals, limit):
    """{key: how many to show}: `limit` in all, shared as evenly as the totals allow (a key
    with few items leaves the rest of its part to the others); the first keys of `totals`
    get the remainder."""
    shares = dict.fromkeys(totals, 0)
    waiting = [key for key, total in totals.items() if total]
    left = limit
    while left and waiting:
        for key in list(waiting):
            if not left:
                break
            shares[key] += 1
            left -= 1
            if shares[key] == totals[key]:
                waiting.remove(key)
    return shares


def attach_offers(diplomas, limit=OFFERS_SHOWN):
    """Sets on each diploma `public_offers` (the offers shown, by place, with their institute),
    `offer_count` (all its public offers), `more_offers` (those not shown), `offers_url`
    (« Où se former » filtered on the diploma) and `other_departements` (the départements
    with offers not shown: label, count, link). Returns the number of offers of all the
    diplomas. The offers are those a diploma's page shows, in a staff preview of a draft
    diploma too (`public(on_diploma_page=True)`)."""
    by_pk = {diploma.pk: diploma for diploma in diplomas}
    if not by_pk:
        return 0
    public = TrainingOffer.objects.public(on_diploma_page=True).filter(diploma__in=list(by_pk))
    counts = {pk: {} for pk in by_pk}
    rows = public.order_by().values("diploma_id", "departement")
    for row in rows.annotate(count=Count("pk")):
        counts[row["diploma_id"]][row["departement"]] = row["count"]
    totals = {pk: sum(by_departement.values()) for pk, by_departement in counts.items()}
    shares = fair_shares(totals, limit)

    shown = {pk: [] for pk in by_pk}
    for offer in _offers_shown(public.by_place().with_parcoursup_figures(), shares, totals):
        if len(shown[offer.diploma_id]) < shares[offer.diploma_id]:
            offer.diploma = by_pk[offer.diploma_id]  # the card names it: no query
            shown[offer.diploma_id].append(offer)

    labels = dict(Departement.choices)
    list_url = reverse("trainings:offer_list")
    for pk, diploma in by_pk.items():
        diploma.public_offers = shown[pk]
        diploma.offer_count = totals[pk]
        diploma.more_offers = totals[pk] - len(shown[pk])
        search = filters.OfferFilters({filters.DIPLOMA: diploma.slug})
        diploma.offers_url = f"{list_url}?{search.querystring()}"
        shown_in = Counter(offer.institute.departement for offer in shown[pk])
        diploma.other_departements = [
            {
                "label": labels.get(code, code),
                "count": count,
                "url": f"{list_url}?{search.querystring(**{filters.DEPARTEMENT: code})}",
            }
            for code, count in sorted(counts[pk].items())
            if count > shown_in[code]
        ]
    return sum(totals.values())


def _offers_shown(offers, shares, totals):
    """The offers to show, by place: all of them when they fit, the first ones of the only
    diploma that has any (a diploma page), else the first ones of each diploma, ranked by
    place in the database (the largest share bounds them all; the caller leaves the few
    extra rows)."""
    sharing = [pk for pk, share in shares.items() if share]
    if not sharing:
        return []
    if all(shares[pk] == totals[pk] for pk in sharing):
        return offers
    if len(sharing) == 1:
        return offers.filter(diploma=sharing[0])[: shares[sharing[0]]]
    ranked = offers.annotate(
        place_rank=Window(RowNumber(), partition_by=F("diploma_id"), order_by=BY_PLACE)
    )
    return ranked.filter(place_rank__lte=max(shares.values()))
