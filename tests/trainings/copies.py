"""The offers whose copies of their institute's place or their diploma's order
(trainings/copies.py) no longer match them."""

from trainings.models import TrainingOffer

PAIRS = (
    ("departement", "institute__departement"),
    ("commune", "institute__commune"),
    ("diploma_level", "diploma__level"),
    ("diploma_name", "diploma__name"),
)


def stale_copies(using="default"):
    """{offer pk: [(copy, copy's value, true value), …]} for every offer that is wrong."""
    names = [name for pair in PAIRS for name in pair]
    stale = {}
    for row in TrainingOffer.objects.using(using).values_list("pk", *names):
        values = dict(zip(names, row[1:], strict=True))
        wrong = [
            (copy, values[copy], values[true])
            for copy, true in PAIRS
            if values[copy] != values[true]
        ]
        if wrong:
            stale[row[0]] = wrong
    return stale
