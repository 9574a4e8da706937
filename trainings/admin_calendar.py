"""Admin of the Parcoursup calendar (trainings/parcoursup_calendar.py): a session and its key
dates, each with its source, entered once by the regional editors."""

from django import forms
from django.contrib import admin
from django.utils.formats import date_format
from django.utils.html import format_html

from careers_site.core.history import HistoryAdmin

from .parcoursup_calendar import STEPS, ParcoursupKeyDate, ParcoursupSession, Step


def _day(value):
    return date_format(value, "j F Y")


class KeyDatesInOrder(forms.BaseInlineFormSet):
    """The dates follow the order of the steps: a date typed in the wrong box would show a
    visitor the wrong phase."""

    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("step")
            and form.cleaned_data.get("day")
        ]
        kept.sort(key=lambda data: STEPS.index(data["step"]))
        for before, after in zip(kept, kept[1:], strict=False):
            if after["day"] < before["day"]:
                raise forms.ValidationError(
                    f"« {Step(after['step']).label} » ({_day(after['day'])}) ne peut pas "
                    f"précéder « {Step(before['step']).label} » ({_day(before['day'])}) : "
                    "vérifiez ces deux dates."
                )


class KeyDateInline(admin.TabularInline):
    model = ParcoursupKeyDate
    formset = KeyDatesInOrder
    fields = ("step", "day", "source", "source_url", "source_date")
    extra = 0


@admin.register(ParcoursupSession)
class ParcoursupSessionAdmin(HistoryAdmin):
    """One row per session; the site shows the current phase and the next date on every
    offer recruited on Parcoursup, and in each diploma's calendar (.ics). Its history keeps
    every version of the session with its dates (who changed a date, and when)."""

    list_display = ("__str__", "date_count", "official_link", "updated_at")
    inlines = (KeyDateInline,)
    fields = ("year", "calendar_url")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("key_dates")

    @admin.display(description="dates saisies")
    def date_count(self, session):
        return len(session.key_dates.all()) or "aucune : « pas encore publié » sur le site"

    @admin.display(description="calendrier officiel")
    def official_link(self, session):
        return format_html('<a href="{}">{}</a>', session.official_url, session.official_url)
