"""The counsellors' request for a source of their own (see careers_site/toolkit/models.py)."""

from django import forms
from django.core.cache import cache

from careers_site.platform.login import pseudonymous_client_ip

from .models import PENDING_PER_EMAIL, SourceRequest

# Requests from one network address a day, at most (its keyed pseudonym is counted in the
# cache, never stored).
REQUESTS_PER_ADDRESS = 5
ADDRESS_WINDOW_SECONDS = 24 * 60 * 60


def address_key(request):
    return f"toolkit:source-requests:{pseudonymous_client_ip(request)}"


class SourceRequestForm(forms.ModelForm):
    # A field people do not see (hidden by CSS, skipped by keyboards and screen readers):
    # robots that fill every field give themselves away.
    site_web = forms.CharField(label="Ne remplissez pas ce champ", required=False)

    class Meta:
        model = SourceRequest
        fields = ["source", "organisation", "email"]
        labels = {
            "source": "Nom de la source",
            "organisation": "Votre organisme",
            "email": "Votre adresse électronique",
        }
        help_texts = {
            "source": "En minuscules sans accent, avec des chiffres et des tirets, par exemple "
            "« forum-annecy-2026 ». Les visites amenées par vos QR codes seront comptées sous "
            "ce nom.",
            "organisation": "Par exemple « CIO d'Annecy » ou « Mission locale du Genevois ».",
            "email": "Seulement pour vous répondre. Votre demande est effacée dès qu'elle est "
            "traitée, et au plus tard après 30 jours.",
        }

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["source"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["organisation"].widget.attrs.update(autocomplete="organization")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["site_web"].widget.attrs.update(tabindex="-1", autocomplete="off")
        for name in self.Meta.fields:
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-aide"

    def is_valid(self):
        valid = super().is_valid()
        for name in self.errors:
            if name in self.Meta.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] += f" id_{name}-erreur"
        return valid

    def clean_source(self):
        return (self.cleaned_data.get("source") or "").strip().lower()

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if SourceRequest.objects.filter(email=email).count() >= PENDING_PER_EMAIL:
            raise forms.ValidationError(
                "Vous avez déjà plusieurs demandes en attente : l'équipe vous répond bientôt. "
                "Vous pourrez en faire une autre ensuite."
            )
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("site_web"):
            raise forms.ValidationError("Votre demande n'a pas pu être envoyée.")
        if self.request is not None:
            cache.add(address_key(self.request), 0, ADDRESS_WINDOW_SECONDS)
            if cache.get(address_key(self.request), 0) >= REQUESTS_PER_ADDRESS:
                raise forms.ValidationError(
                    "Trop de demandes ont été envoyées depuis votre connexion aujourd'hui. "
                    "Réessayez demain."
                )
        return cleaned

    def count_address(self):
        if self.request is not None:
            try:
                cache.incr(address_key(self.request))
            except ValueError:  # the counter expired between clean() and now
                cache.set(address_key(self.request), 1, ADDRESS_WINDOW_SECONDS)
