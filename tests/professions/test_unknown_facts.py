"""Unknown is a value of its own (STYLE 27): a fact nobody has sourced reads « non renseigné »,
never « Non », « Aucun diplôme exigé » or another default (issue 25)."""

import pytest
from django.urls import reverse

from professions.views import apprenticeship_label
from tests.factories import DiplomaFactory, ProfessionFactory, VideoFactory

pytestmark = pytest.mark.django_db


def facts(html):
    return html[html.index('<dl class="facts') : html.index("</dl>")]


@pytest.mark.parametrize(
    ("values", "label"),
    [
        ([None], "Non renseigné"),
        ([None, False], "Non renseigné"),
        ([False, False], "Non"),
        ([None, True], "Oui, c'est possible"),
    ],
)
def test_apprenticeship_label_is_tri_state(values, label):
    diplomas = [DiplomaFactory.build(apprenticeship_possible=value) for value in values]
    assert apprenticeship_label(diplomas) == label


def test_a_new_diploma_does_not_know_about_apprenticeship():
    assert DiplomaFactory().apprenticeship_possible is None


def test_profession_page_says_non_renseigne_for_an_unknown_apprenticeship(client):
    profession = ProfessionFactory(entry_level=None)
    DiplomaFactory(professions=[profession], apprenticeship_possible=None)
    html = facts(client.get(profession.get_absolute_url()).content.decode())
    assert "<dt>En apprentissage</dt><dd>Non renseigné</dd>" in html
    assert "<dt>Pour entrer en formation</dt><dd>Non renseigné</dd>" in html


def test_profession_page_says_non_only_when_it_is_known(client):
    profession = ProfessionFactory()
    DiplomaFactory(professions=[profession], apprenticeship_possible=False)
    html = facts(client.get(profession.get_absolute_url()).content.decode())
    assert "<dt>En apprentissage</dt><dd>Non</dd>" in html


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "Non renseigné"), (False, "Non"), (True, "Possible en apprentissage")],
)
def test_diploma_page_shows_the_three_states(client, value, shown):
    diploma = DiplomaFactory(apprenticeship_possible=value)
    html = facts(client.get(diploma.get_absolute_url()).content.decode())
    assert f"<dt>Apprentissage</dt><dd>{shown}</dd>" in html


def test_compare_page_says_non_renseigne(client):
    first, second = ProfessionFactory(), ProfessionFactory()
    DiplomaFactory(professions=[first], apprenticeship_possible=None)
    DiplomaFactory(professions=[second], apprenticeship_possible=False)
    html = client.get(reverse("professions:compare"), {"m": [first.slug, second.slug]})
    row = html.content.decode().split("En apprentissage</th>")[1].split("</tr>")[0]
    assert "<td>Non renseigné</td>" in row
    assert "<td>Non</td>" in row


def test_a_video_without_media_has_no_format(client):
    announced = VideoFactory(transcript="")
    html = client.get(announced.get_absolute_url()).content.decode()
    assert "<dt>Format</dt>" not in html
    online = VideoFactory(platform_url="https://www.youtube.com/watch?v=abc")
    assert "<dt>Format</dt>" in client.get(online.get_absolute_url()).content.decode()
