"""What a searchable model stores for the search engine: a normalised title and text, filled
on every save from the model's own `search_documents(instance)`."""

from django.apps import apps
from django.db import models

from careers_site.core.search.engine import invalidate_vocabulary


class SearchableMixin:
    """Fills `search_title` and `search_text` on save from `search_documents(self)`, a static
    method of the model that depends on its fields only (data migrations and `rebuild_search`
    call it too)."""

    def save(self, *args, **kwargs):
        self.search_title, self.search_text = type(self).search_documents(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_title", "search_text"}
        super().save(*args, **kwargs)
        invalidate_vocabulary()

    def delete(self, *args, **kwargs):
        invalidate_vocabulary()
        return super().delete(*args, **kwargs)


def search_fields():
    return (
        models.TextField("noms normalisés (recherche)", blank=True, editable=False),
        models.TextField("texte normalisé (recherche)", blank=True, editable=False),
    )


def searchable_models():
    return [model for model in apps.get_models() if issubclass(model, SearchableMixin)]
