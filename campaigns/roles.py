"""The two editors' groups and their permissions, created (and kept up to date) by
`manage.py setup_roles`, which also runs after every `migrate`. Administrators
(superusers) need no group.

- « Éditeurs d'organisme »: the campaigns, videos, testimonials, visuals and events of their
  own organisation(s) (StaffMembership; careers_site/core/ownership.py), and their own
  organisation's partner page; they may look at the professions and organisations they link
  their content to.
- « Éditeurs régionaux »: the shared reference content: professions, diplomas, institutes,
  training offers (with the CSV/Excel import and export), the Parcoursup calendar, financial
  aid and organisations.

A site feature above the apps grants its own models' permissions with `grant()`, from its
AppConfig.ready(): the toolkit gives both groups the visit counts and the regional editors the
counsellors' source requests. Short links are managed on the page they belong to, with that
page's rights.
"""

from django.contrib.auth.models import Group, Permission

ORGANISATION_EDITORS = "Éditeurs d'organisme"
REGIONAL_EDITORS = "Éditeurs régionaux"

ALL = ("view", "add", "change", "delete")
VIEW = ("view",)

GROUPS = {
    ORGANISATION_EDITORS: {
        "campaigns.campaign": ALL,
        "campaigns.video": ALL,
        "campaigns.testimonial": ALL,
        "campaigns.socialasset": ALL,
        "campaigns.event": ALL,
        # View every organisation (to name partners); change only their own page (role,
        # sources, logo: OrganisationAdmin.has_change_permission).
        "careers_site.organisation": ("view", "change"),
        "professions.profession": VIEW,
    },
    REGIONAL_EDITORS: {
        "professions.profession": ALL,
        # « Est-ce pour moi ? »: the questions and each job's position on them.
        "professions.situation": ALL,
        "professions.professionsituation": ALL,
        "trainings.diploma": ALL,
        "trainings.institute": ALL,
        "trainings.trainingoffer": ALL,
        "trainings.financialaid": ALL,
        # The Parcoursup calendar: each session's key dates, with their sources.
        "trainings.parcoursupsession": ALL,
        "trainings.parcoursupkeydate": ALL,
        "trainings.commune": VIEW,
        # The Parcoursup import: its filière → diploma table, the schools it matched by
        # place (undone with « change »), each session's figures (read only).
        "trainings.parcoursupfiliere": ALL,
        "trainings.proximitymatch": ("view", "change"),
        "trainings.parcoursupfigures": VIEW,
        "careers_site.organisation": ALL,
    },
}


def grant(name, spec):
    """Add to the group `name` the permissions of `spec` ({"app.model": actions}), as in
    GROUPS: how a site feature above the apps gives the editors its own models, from its
    AppConfig.ready(). `ensure_groups` then sets them with the others."""
    GROUPS[name].update(spec)


def permissions_for(spec):
    wanted = {
        (label.split(".")[0], f"{action}_{label.split('.')[1]}")
        for label, actions in spec.items()
        for action in actions
    }
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted},
        codename__in={codename for _, codename in wanted},
    ).select_related("content_type")
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


def ensure_groups():
    """Create the groups, give each exactly its permissions. Idempotent; returns
    {group name: number of permissions}."""
    outcome = {}
    for name, spec in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = permissions_for(spec)
        group.permissions.set(permissions)
        outcome[name] = len(permissions)
    return outcome


def create_groups_after_migrate(sender, using="default", **kwargs):
    """post_migrate of the last app: every app's permissions exist by then."""
    from django.apps import apps

    if not apps.is_installed("django.contrib.auth"):
        return
    try:
        Permission.objects.using(using).exists()
    except Exception:  # noqa: BLE001 - a partial migrate (--run-syncdb of one app)
        return
    ensure_groups()
