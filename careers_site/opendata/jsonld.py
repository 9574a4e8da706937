"""Structured data (schema.org, JSON-LD) of the public pages, for search engines.

Built from what the detail view already fetched (its select_related and its prefetched public
lists): no query of its own, and nothing the page does not show. A page in staff preview gets
none. The base template asks for it through the site-wide `{% page_head_blocks %}`, where
`OpenDataConfig.ready()` registered `page_structured_data`; which builder applies is chosen
by the name of the page's URL."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import strip_tags

from campaigns.embeds import embed_url

CONTEXT = "https://schema.org"
REGION = "Auvergne-Rhône-Alpes"


def absolute(request, path):
    return settings.SITE_URL + path if settings.SITE_URL else request.build_absolute_uri(path)


def clean(data):
    """Without empty values: schema.org readers prefer a missing property to an empty one."""
    if isinstance(data, dict):
        cleaned = {key: clean(value) for key, value in data.items()}
        return {key: value for key, value in cleaned.items() if value not in (None, "", [], {})}
    if isinstance(data, list):
        return [clean(item) for item in data if item not in (None, "", [], {})]
    return data


def plain(html):
    return " ".join(strip_tags(html or "").split())


def breadcrumbs(request, *trail):
    """BreadcrumbList from (name, path) pairs, after « Accueil »; the last is the page."""
    items = [("Accueil", reverse("home")), *trail]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute(request, path),
            }
            for position, (name, path) in enumerate(items, start=1)
        ],
    }


def months(count):
    return f"P{count}M" if count else None


def postal_address(obj):
    return {
        "@type": "PostalAddress",
        "streetAddress": obj.address,
        "postalCode": getattr(obj, "postcode", ""),
        "addressLocality": obj.commune,
        "addressRegion": REGION,
        "addressCountry": "FR",
    }


def organisation(institute, request):
    entry = {
        "@type": "EducationalOrganization",
        "@id": absolute(request, institute.get_absolute_url()) + "#etablissement",
        "name": institute.name,
        "alternateName": institute.acronym,
        "url": absolute(request, institute.get_absolute_url()),
        "sameAs": institute.website,
        "address": postal_address(institute),
        "telephone": institute.phone,
        "email": institute.email,
        "parentOrganization": {"@type": "Organization", "name": institute.parent_organisation}
        if institute.parent_organisation
        else None,
    }
    if institute.has_coordinates:
        entry["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(institute.latitude),
            "longitude": float(institute.longitude),
        }
    return entry


def credential(diploma):
    return {
        "@type": "EducationalOccupationalCredential",
        "name": diploma.name,
        "alternateName": diploma.acronym,
        "credentialCategory": "diplôme",
        "educationalLevel": diploma.get_level_display(),
    }


def program(offer, diploma, institute, request):
    """One training offer: a diploma taught at an institute in one modality."""
    return {
        "@type": "EducationalOccupationalProgram",
        "name": f"{diploma.name} – {institute.name} ({offer.get_modality_display().lower()})",
        "url": absolute(request, offer.get_absolute_url()),
        "provider": {
            "@type": "EducationalOrganization",
            "name": institute.name,
            "url": absolute(request, institute.get_absolute_url()),
            "address": postal_address(institute),
        },
        "educationalCredentialAwarded": credential(diploma),
        "timeToComplete": months(diploma.duration_months),
        "numberOfCredits": diploma.ects,
        "programType": offer.get_modality_display(),
        "maximumEnrollment": offer.places,
        "startDate": offer.start_date,
        "applicationStartDate": offer.applications_open,
        "applicationDeadline": offer.applications_close,
        "educationalProgramMode": "in-person",
        "inLanguage": "fr",
    }


def profession_page(request, profession):
    url = absolute(request, profession.get_absolute_url())
    # The main code's fiche, among those the page already read (no query).
    fiche = next((c for c in profession.rome_codes.all() if c.code == profession.rome_code), None)
    occupation = {
        "@type": "Occupation",
        "name": profession.title,
        "alternateName": profession.other_names_list,
        "description": profession.summary or profession.tagline,
        "url": url,
        "occupationalCategory": {
            "@type": "CategoryCode",
            "codeValue": profession.rome_code,
            "name": fiche.label if fiche else None,
            "url": fiche.official_url if fiche else None,
            "inCodeSet": "ROME (France Travail)",
        }
        if profession.rome_code
        else None,
        "occupationLocation": {"@type": "Country", "name": "France"},
        "skills": [line.strip() for line in profession.skills.splitlines() if line.strip()],
        "educationRequirements": [credential(d) for d in profession.public_diplomas],
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": url,
            "lastReviewed": profession.updated_on,
        },
    }
    if profession.starting_salary and profession.salary_source:
        # The salary with its source and the date of the source, as the page shows them.
        # A starting salary is where the pay begins, not a median: a minimum value.
        occupation["estimatedSalary"] = {
            "@type": "MonetaryAmount",
            "name": "Salaire brut mensuel de début"
            + (f" ({profession.salary_note})" if profession.salary_note else ""),
            "currency": "EUR",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": profession.starting_salary,
                "unitText": "MONTH",
            },
        }
        occupation["mainEntityOfPage"]["citation"] = {
            "@type": "CreativeWork",
            "name": profession.salary_source,
            "url": profession.salary_source_url,
            "datePublished": profession.salary_date,
        }
    trail = [
        ("Métiers", reverse("professions:list")),
        (profession.title[:1].upper() + profession.title[1:], profession.get_absolute_url()),
    ]
    return [occupation, breadcrumbs(request, *trail)]


def diploma_page(request, diploma):
    entry = {
        "@type": "EducationalOccupationalProgram",
        "name": diploma.name,
        "alternateName": diploma.acronym,
        "description": diploma.summary,
        "url": absolute(request, diploma.get_absolute_url()),
        "educationalCredentialAwarded": credential(diploma),
        "timeToComplete": months(diploma.duration_months),
        "numberOfCredits": diploma.ects,
        "occupationalCategory": [p.rome_code for p in diploma.published_professions if p.rome_code],
        "inLanguage": "fr",
    }
    offers = [program(o, diploma, o.institute, request) for o in diploma.public_offers]
    trail = [
        ("Se former", reverse("trainings:offer_list")),
        ("Diplômes", reverse("trainings:diploma_list")),
        (diploma.short_name, diploma.get_absolute_url()),
    ]
    return [entry, *offers, breadcrumbs(request, *trail)]


def institute_page(request, institute):
    offers = [program(o, o.diploma, institute, request) for o in institute.public_offers]
    trail = [
        ("Se former", reverse("trainings:offer_list")),
        ("Établissements", reverse("trainings:institute_list")),
        (institute.name, institute.get_absolute_url()),
    ]
    return [organisation(institute, request), *offers, breadcrumbs(request, *trail)]


def event_page(request, event):
    organiser = event.organiser
    entry = {
        "@type": "Event",
        "name": event.title,
        "description": plain(event.description) or event.get_kind_display(),
        "url": absolute(request, event.get_absolute_url()),
        "startDate": event.starts_at,
        "endDate": event.ends_at,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": event.venue or event.commune,
            "address": postal_address(event),
        },
        "organizer": {"@type": "Organization", "name": organiser.name, "url": organiser.website},
        "about": [{"@type": "Occupation", "name": p.title} for p in event.published_professions],
        "inLanguage": "fr",
    }
    trail = [("Agenda", reverse("campaigns:event_list")), (event.title, event.get_absolute_url())]
    return [entry, breadcrumbs(request, *trail)]


def iso_duration(seconds):
    if not seconds:
        return None
    minutes, seconds = divmod(seconds, 60)
    return f"PT{minutes}M{seconds}S"


def video_page(request, video):
    thumbnail = video.poster.url if video.poster else static("img/og-default.png")
    entry = {
        "@type": "VideoObject",
        "name": video.title,
        "description": video.summary or video.title,
        "url": absolute(request, video.get_absolute_url()),
        "thumbnailUrl": absolute(request, thumbnail),
        "uploadDate": video.published_at,
        "duration": iso_duration(video.duration_seconds),
        "contentUrl": absolute(request, video.video_file.url) if video.video_file else None,
        "embedUrl": embed_url(video.platform_url) if not video.video_file else None,
        "transcript": video.transcript,
        "inLanguage": "fr",
        "about": [{"@type": "Occupation", "name": p.title} for p in video.published_professions],
    }
    trail = [("Vidéos", reverse("campaigns:video_list")), (video.title, video.get_absolute_url())]
    return [entry, breadcrumbs(request, *trail)]


def aid_page(request, aid):
    trail = [("Aides", reverse("trainings:aid_list")), (aid.name, aid.get_absolute_url())]
    return [breadcrumbs(request, *trail)]


def campaign_page(request, campaign):
    trail = [
        ("Campagnes", reverse("campaigns:list")),
        (campaign.title, campaign.get_absolute_url()),
    ]
    return [breadcrumbs(request, *trail)]


BUILDERS = {
    "professions:detail": profession_page,
    "trainings:diploma_detail": diploma_page,
    "trainings:institute_detail": institute_page,
    "trainings:aid_detail": aid_page,
    "campaigns:event_detail": event_page,
    "campaigns:video_detail": video_page,
    "campaigns:detail": campaign_page,
}


def page_structured_data(request, obj, is_preview=False):
    """The JSON-LD document of a detail page, or None (another page, or a staff preview)."""
    match = getattr(request, "resolver_match", None)
    builder = BUILDERS.get(match.view_name) if match else None
    if builder is None or obj is None or is_preview:
        return None
    return clean({"@context": CONTEXT, "@graph": builder(request, obj)})
