import pytest

from tests.factories import EventFactory, SourceLinkFactory

# The sources the toolkit's tests count and print: registered, as staff would, by a dedicated
# /s/ link each (only registered sources are counted by name).
SOURCES = ("salon-lyon-2026", "affiche-cio", "salon-lyon")


@pytest.fixture
def registered_sources(db):
    event = EventFactory(title="Salon des sources de test")
    return [SourceLinkFactory(code=code, target=event) for code in SOURCES]
