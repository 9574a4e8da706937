"""Admin of the job pages, laid out the way an editor writes one: who the job is, what it is,
what it pays, its picture, then when it goes online.

`search_fields` also serve the autocomplete of the other apps (diplomas, campaigns, videos,
testimonials, events and aid pick their professions through it)."""

from django import forms
from django.contrib import admin

from careers_site.core.admin import PublishableAdmin, publication_fieldsets
from careers_site.core.history import HistoryAdmin

from .models import Profession, ProfessionSituation, RomeAppellation, RomeCode, Situation
from .rome import proposed_codes

ONE_PER_LINE = "Un élément par ligne : chaque ligne devient une puce sur la page."
PARAGRAPHS = "Texte libre. Une ligne vide sépare deux paragraphes."


class ProfessionForm(forms.ModelForm):
    """Help texts that say how each text shows on the page, and the salary-source rule put on
    the source field, where the editor will look."""

    # A source typed without its scheme (« www.onisep.fr/… ») is taken as https.
    salary_source_url = forms.URLField(
        label="lien vers la source",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="La page de la source, si elle est en ligne : le nom de la source devient "
        "un lien.",
    )

    class Meta:
        model = Profession
        fields = (
            "title_masculine",
            "title_feminine",
            "slug",
            "other_names",
            "sector",
            "entry_level",
            "rome_code",
            "rome_codes",
            "onisep_id",
            "riasec",
            "tagline",
            "summary",
            "missions",
            "skills",
            "working_conditions",
            "workplaces",
            "career_moves",
            "interests",
            "related",
            "starting_salary",
            "salary_note",
            "salary_source",
            "salary_date",
            "salary_source_url",
            "recruiting",
            "workforce",
            "hero_image",
            "hero_image_alt",
            "hero_image_decorative",
            "status",
            "published_at",
            "last_reviewed",
        )
        help_texts = {
            "title_masculine": "Tel qu'on le dit, en minuscules : « aide-soignant ».",
            "title_feminine": "« aide-soignante ». Le site affiche les deux : « aide-soignant ou "
            "aide-soignante ».",
            "slug": "Fin de l'adresse de la page, remplie toute seule à partir de l'intitulé. "
            "Évitez de la changer une fois la page publiée : les liens partagés ne "
            "marcheraient plus.",
            "rome_code": "Le code principal du métier chez France Travail, par exemple J1501 "
            "pour aide-soignant : les données ouvertes le publient. Laissé vide, il prend le "
            "premier code des fiches ROME liées.",
            "onisep_id": "Par exemple MET.561 : la page renvoie vers la fiche ONISEP.",
            "tagline": "Une phrase qui donne envie, en langage courant. Elle sert aussi de "
            "description pour les moteurs de recherche et les partages.",
            "summary": "Le métier expliqué simplement, comme à un lycéen. " + PARAGRAPHS,
            "missions": ONE_PER_LINE,
            "skills": ONE_PER_LINE,
            "working_conditions": "Horaires, week-ends, travail debout, en équipe… " + PARAGRAPHS,
            "workplaces": ONE_PER_LINE + " Par exemple « Hôpital », « EHPAD ».",
            "career_moves": "Vers quels métiers évoluer, et après combien d'années. " + PARAGRAPHS,
            "entry_level": "Le diplôme qu'il faut avoir pour entrer dans la formation.",
            "starting_salary": "Brut par mois, en euros, sans espace : 1890. "
            "Laissez vide si vous n'avez pas de source.",
            "salary_source": "Obligatoire dès qu'un salaire est indiqué, par exemple « ONISEP ».",
            "salary_date": "Date de publication de la source : elle s'affiche avec le salaire.",
            "related": "Métiers à proposer en bas de page : tapez quelques lettres pour les "
            "trouver.",
            "hero_image": "Photo en format paysage, d'au moins 1200 pixels de large. Elle sert "
            "aussi d'image lors des partages sur les réseaux sociaux.",
            "hero_image_alt": "Ce que montre la photo, pour les personnes qui ne la voient pas : "
            "« Une aide-soignante aide une patiente à se lever ».",
            "hero_image_decorative": "Cochez seulement si la photo n'apporte aucune information.",
            "last_reviewed": "Affiché en bas de page : « Fiche mise à jour le … ».",
        }
        widgets = {
            "tagline": forms.TextInput(attrs={"size": 80}),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "missions": forms.Textarea(attrs={"rows": 6}),
            "skills": forms.Textarea(attrs={"rows": 5}),
            "working_conditions": forms.Textarea(attrs={"rows": 4}),
            "workplaces": forms.Textarea(attrs={"rows": 4}),
            "career_moves": forms.Textarea(attrs={"rows": 3}),
            "other_names": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned_data = super().clean()
        linked = [code.code for code in cleaned_data.get("rome_codes") or []]
        main = cleaned_data.get("rome_code")
        if linked and not main:
            cleaned_data["rome_code"] = self.instance.rome_code = sorted(linked)[0]
        elif linked and main not in linked:
            self.add_error(
                "rome_code",
                f"Le code principal {main} n'est pas parmi les fiches ROME liées "
                f"({', '.join(sorted(linked))}) : liez sa fiche ou choisissez l'une d'elles.",
            )
        if cleaned_data.get("starting_salary") and not cleaned_data.get("salary_source"):
            self.add_error(
                "salary_source",
                "Un salaire s'affiche toujours avec sa source : indiquez-la, ou videz le salaire.",
            )
        return cleaned_data


class ProfessionSituationInline(admin.TabularInline):
    """« Est-ce pour moi ? »: the job's position on each situation. The situations it has no
    answer for yet come as empty rows, already chosen: the editor fills those they can source
    and leaves the others empty (« non renseigné » on the site)."""

    model = ProfessionSituation
    fields = ("situation", "frequency", "note", "source", "source_url")
    verbose_name = "situation"
    verbose_name_plural = (
        "« Est-ce pour moi ? » : ce métier face à chaque situation (laissez vide sans source)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("situation")

    def missing_situations(self, obj):
        taken = set()
        if obj is not None and obj.pk:
            taken = set(obj.situations.values_list("situation_id", flat=True))
        return [s for s in Situation.objects.asked() if s.pk not in taken]

    def get_extra(self, request, obj=None, **kwargs):
        return len(self.missing_situations(obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "situation":
            kwargs["queryset"] = Situation.objects.order_by("position", "pk")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Profession)
class ProfessionAdmin(PublishableAdmin):
    form = ProfessionForm
    inlines = (ProfessionSituationInline,)
    list_display = (
        "display_title",
        "sector",
        "recruiting",
        "publication_state",
        "published_at",
        "public_link",
    )
    list_display_links = ("display_title",)
    list_filter = ("status", "sector", "recruiting", "entry_level")
    search_fields = ("title_masculine", "title_feminine", "other_names", "rome_code", "onisep_id")
    prepopulated_fields = {"slug": ("title_masculine",)}
    autocomplete_fields = ("related", "rome_codes")
    readonly_fields = (*PublishableAdmin.readonly_fields, "proposed_rome_codes")
    fieldsets = (
        (
            "Identité",
            {
                "fields": (
                    ("title_masculine", "title_feminine"),
                    "slug",
                    "other_names",
                    ("sector", "entry_level"),
                    ("rome_code", "onisep_id", "riasec"),
                )
            },
        ),
        (
            "ROME de France Travail",
            {
                "description": "Les fiches liées donnent à la page ses appellations et ses "
                "conditions de travail, et à « Est-ce pour moi ? » ses réponses, avec France "
                "Travail pour source. Rien n'est lié sans vous : vérifiez la proposition.",
                "fields": ("rome_codes", "proposed_rome_codes"),
            },
        ),
        (
            "Le métier",
            {
                "description": "Écrivez comme vous parleriez à un lycéen : des phrases courtes, "
                "des mots de tous les jours. Une rubrique vide n'apparaît pas sur la page.",
                "fields": (
                    "tagline",
                    "summary",
                    "missions",
                    "skills",
                    "working_conditions",
                    "workplaces",
                    "career_moves",
                    "interests",
                    "related",
                ),
            },
        ),
        (
            "Salaire et emploi",
            {
                "description": "Les chiffres viennent toujours d'une source citée (ONISEP, "
                "France Travail…) : n'en inventez jamais.",
                "fields": (
                    "starting_salary",
                    "salary_note",
                    ("salary_source", "salary_date"),
                    "salary_source_url",
                    "recruiting",
                    "workforce",
                ),
            },
        ),
        (
            "Sources",
            {
                "description": "Chaque chiffre, date ou niveau publié sur la fiche cite ici sa "
                "source officielle : les visiteurs la voient en bas de la page.",
                "fields": ("sources", "sources_checked_on"),
            },
        ),
        ("Image", {"fields": ("hero_image", "hero_image_alt", "hero_image_decorative")}),
        *publication_fieldsets(),
    )

    @admin.display(description="métier", ordering="title_masculine")
    def display_title(self, obj):
        return obj.title

    @admin.display(description="fiches proposées d'après les appellations du ROME")
    def proposed_rome_codes(self, obj):
        if obj is None or not obj.pk:
            return (
                "Enregistrez d'abord le métier : les fiches dont une appellation porte son nom "
                "seront proposées ici."
            )
        codes = [str(code) for code in proposed_codes(obj)]
        if not codes:
            return (
                "Aucune appellation du ROME ne porte exactement ce nom : cherchez la fiche par "
                "son code ou un mot de son intitulé dans le champ ci-dessus."
            )
        return " · ".join(codes)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """The empty rows of the situations inline come with their situation chosen."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ProfessionSituationInline):
            kwargs["initial"] = [
                {"situation": situation.pk} for situation in inline.missing_situations(obj)
            ]
        return kwargs


@admin.register(Situation)
class SituationAdmin(HistoryAdmin):
    """The questions of « Est-ce pour moi ? », in the order they are asked."""

    list_display = ("question", "slug", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("question", "topic", "slug")
    fields = (
        "question",
        "hint",
        "topic",
        "slug",
        "former_slugs",
        "position",
        "is_active",
        "rome_contexts",
    )


class RomeAppellationInline(admin.TabularInline):
    model = RomeAppellation
    fields = ("label", "is_main", "rarely_used")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RomeCode)
class RomeCodeAdmin(admin.ModelAdmin):
    """The ROME fiches as `manage.py import_rome` wrote them: read here, never typed (the next
    import would overwrite a change)."""

    list_display = ("code", "label", "riasec", "version", "version_date")
    list_filter = ("version",)
    search_fields = ("code", "label", "appellations__label")
    fields = (
        "code",
        "label",
        "family",
        "riasec_major",
        "riasec_minor",
        "contexts",
        "version",
        "version_date",
        "imported_at",
    )
    readonly_fields = fields
    inlines = (RomeAppellationInline,)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
