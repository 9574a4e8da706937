"""Words and markup (issue 15, point 6): no claim a source does not make, French elision,
paragraphs kept apart, no repeated id, landmarks with distinct names."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from careers_site.core.templatetags.french import de
from tests.factories import ProfessionFactory, TestimonialFactory, VideoFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Eva", "d'Eva"),
        ("Éloïse", "d'Éloïse"),
        ("Yssingeaux", "d'Yssingeaux"),
        ("Sara", "de Sara"),
        ("Le Puy-en-Velay", "du Puy-en-Velay"),
        ("Les Abrets en Dauphiné", "des Abrets en Dauphiné"),
        ("La Voulte-sur-Rhône", "de La Voulte-sur-Rhône"),
        ("Hugo", "de Hugo"),
    ],
)
def test_de_elides_before_a_vowel(name, expected):
    assert de(name) == expected


def test_the_video_link_of_eva_is_elided(client):
    video = VideoFactory()
    testimonial = TestimonialFactory(first_name="Eva", video=video, campaign=video.campaign)
    html = client.get(testimonial.profession.get_absolute_url()).content.decode()
    assert "voir la vidéo d&#x27;Eva</a>" in html
    assert "vidéo de Eva" not in html


@pytest.fixture
def two_jobs():
    recruiting = ProfessionFactory(
        slug="manipulateur",
        recruiting=True,
        working_conditions="<p>Premier paragraphe.</p><p>Second paragraphe.</p>",
    )
    quiet = ProfessionFactory(slug="aide-soignant", recruiting=False)
    return recruiting, quiet


def compare(client):
    response = client.get(reverse("professions:compare"), {"m": ["manipulateur", "aide-soignant"]})
    assert response.status_code == 200
    return response.content.decode()


def test_compare_claims_no_shortage_nobody_reported(client, two_jobs):
    html = compare(client)
    assert "pénurie" not in html
    assert "Non renseigné" in html


def test_compare_keeps_paragraphs_apart(client, two_jobs):
    html = compare(client)
    assert "<p>Premier paragraphe.</p><p>Second paragraphe.</p>" in html


def landmark_names(html):
    labelled_by = re.findall(r'<(?:section|div)[^>]*aria-labelledby="([^"]+)"', html)
    names = []
    for target in labelled_by:
        heading = re.search(rf'id="{target}"[^>]*>(.*?)</', html, re.S)
        names.append(heading.group(1).strip() if heading else target)
    names += re.findall(r'role="region"[^>]*aria-label="([^"]+)"', html)
    return names


def test_compare_landmarks_have_distinct_names(client, two_jobs):
    names = landmark_names(compare(client))
    assert len(names) == len(set(names)), names


def test_professions_list_repeats_no_id(client):
    ProfessionFactory(sector="soins")
    ProfessionFactory(sector="pharmacie")
    html = client.get(reverse("professions:list")).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
