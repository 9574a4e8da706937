"""Counted visits: a day, a page, a source and a number (careers_site/toolkit/visits.py)."""

from django.db import models


class VisitCount(models.Model):
    """How many visits a page had on a day, from a source: a number, nothing about anyone
    (no cookie, no IP address, no user agent). Filled from the cache counters by
    `manage.py flush_visits` (careers_site/toolkit/visits.py)."""

    day = models.DateField("jour")
    path = models.CharField("page", max_length=300)
    source = models.CharField("source", max_length=60, blank=True)
    count = models.PositiveIntegerField("visites", default=0)

    class Meta:
        # The table it had as a model of core (careers_site/core/moved_models.py).
        db_table = "careers_site_visitcount"
        verbose_name = "visites d'une page"
        verbose_name_plural = "visites"
        ordering = ["-day", "path", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "path", "source"], name="visitcount_one_row_per_day_page_source"
            )
        ]
        indexes = [models.Index(fields=["source", "day"]), models.Index(fields=["path", "day"])]

    def __str__(self):
        return f"{self.day} {self.path} {self.source or '–'} : {self.count}"
