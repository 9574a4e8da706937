"""The Parcoursup import (trainings/parcoursup.py and manage.py import_parcoursup), on small
files in the official format built from the real header (tests/trainings/parcoursup_files.py)."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careers_site.core.models import Status
from tests.factories import DiplomaFactory, InstituteFactory, TrainingOfferFactory
from tests.trainings.parcoursup_files import (
    BTS_ARIEGE,
    HEADER,
    IFSI_TOULOUSE,
    OCELLIA_LYON,
    OCELLIA_VALENCE,
    ifsi,
    row,
    write,
)
from trainings.models import (
    ApplicationRoute,
    Institute,
    ParcoursupFigures,
    ParcoursupFiliere,
    ProximityMatch,
    TrainingOffer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def diplomas():
    """The site's diplomas the seeded table names (trainings 0015)."""
    return {
        slug: DiplomaFactory(slug=slug, name=name)
        for slug, name in (
            ("de-infirmier", "Diplôme d'État d'infirmier"),
            ("de-educateur-jeunes-enfants", "Diplôme d'État d'éducateur de jeunes enfants"),
            ("de-assistant-service-social", "Diplôme d'État d'assistant de service social"),
        )
    }


def run(path, *args):
    out = io.StringIO()
    call_command("import_parcoursup", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        sorted(
            TrainingOffer.objects.values_list(
                "parcoursup_code", "institute_id", "places", "status", "updated_at"
            )
        ),
        sorted(Institute.objects.values_list("uai", "name", "updated_at")),
        sorted(ParcoursupFigures.objects.values_list("offer_id", "session", "imported_at")),
    )


def test_the_seeded_table_maps_the_labels_of_the_sites_diplomas():
    assert ParcoursupFiliere.objects.get(label="D.E Infirmier").diploma_id == "de-infirmier"
    assert (
        ParcoursupFiliere.objects.get(label="Certificat de capacité d'Orthoptiste").diploma_id
        == "certificat-capacite-orthoptiste"
    )


def test_the_regions_health_and_social_rows_become_offers_at_new_schools(tmp_path, diplomas):
    path = write(tmp_path, OCELLIA_LYON, OCELLIA_VALENCE, BTS_ARIEGE, IFSI_TOULOUSE)
    output = run(path)
    offers = {offer.parcoursup_code: offer for offer in TrainingOffer.objects.all()}
    assert set(offers) == {"25197", "25251"}  # Ariège and Toulouse are not in the region
    lyon = offers["25197"]
    assert lyon.diploma == diplomas["de-educateur-jeunes-enfants"]
    assert lyon.application_route == ApplicationRoute.PARCOURSUP
    assert lyon.application_url.endswith("g_ta_cod=25197&typeBac=0&originePc=0")
    assert lyon.places == 68
    assert lyon.is_public
    school = lyon.institute
    assert (school.name, school.uai, school.departement) == ("OCELLIA", "0692522S", "69")
    assert school.commune == "Lyon 9e Arrondissement"
    assert (school.latitude, school.longitude) == (Decimal("45.77990"), Decimal("4.80549"))
    assert (school.source, school.source_licence) == ("parcoursup", "Licence Ouverte 2.0")
    assert school.is_public
    figures = lyon.parcoursup_figures.get()
    assert figures.session == 2025
    assert (figures.capacity, figures.candidates, figures.proposals, figures.admitted) == (
        68,
        309,
        158,
        67,
    )
    assert figures.access_rate == Decimal("50.0")
    assert (figures.share_general, figures.share_technological) == (Decimal("43"), Decimal("36"))
    assert (figures.share_professional, figures.share_grant_holders) == (
        Decimal("21"),
        Decimal("7"),
    )
    assert not figures.is_grouped
    assert "2 d'une autre région" in output


def test_new_offers_copy_their_schools_place_without_reading_each_school_again(tmp_path, diplomas):
    path = write(tmp_path, OCELLIA_LYON, OCELLIA_VALENCE)
    with CaptureQueriesContext(connection) as queries:
        run(path)
    one_school = '"trainings_institute"."id" = '
    assert not [query for query in queries if one_school in query["sql"]]
    copies = TrainingOffer.objects.values_list("parcoursup_code", "departement")
    assert sorted(copies) == [("25197", "69"), ("25251", "26")]
    assert TrainingOffer.objects.get(parcoursup_code="25197").commune == "Lyon 9e Arrondissement"


def test_a_nursing_row_is_counted_by_its_group(tmp_path, diplomas):
    run(write(tmp_path, ifsi()))
    figures = ParcoursupFigures.objects.get()
    assert figures.group_label == "Regroupement IFSI Université Jean Monnet"


def test_an_unknown_health_filiere_is_reported_never_guessed(tmp_path, diplomas):
    unknown = row(
        code="30001",
        uai="0381234B",
        dep="38",
        label="D.E Pédicure-Podologue",
        bis="D.E Pédicure-Podologue",
        kind="D.E secteur sanitaire",
        aggregated="Autre formation",
    )
    unrelated = row(BTS_ARIEGE, code="30002", dep="63")
    output = run(write(tmp_path, unknown, unrelated))
    assert not TrainingOffer.objects.exists()
    assert "« D.E Pédicure-Podologue » (1 formation(s))" in output
    assert "1 hors santé et social" in output


def test_a_filiere_staff_ignored_is_left_out(tmp_path, diplomas):
    ParcoursupFiliere.objects.filter(label="D.E Educateur de Jeunes Enfants").update(
        diploma=None, ignored=True
    )
    output = run(write(tmp_path, OCELLIA_LYON))
    assert not TrainingOffer.objects.exists()
    assert "1 d'une filière écartée" in output


def test_a_row_without_coordinates_creates_its_school_placed_by_its_commune(tmp_path, diplomas):
    run(write(tmp_path, row(gps="", commune="Valence", dep="26", uai="0261111C")))
    school = Institute.objects.get(uai="0261111C")
    assert school.commune == "Valence"
    assert school.has_coordinates  # the town hall's position (Commune table)
    assert school.postcode.startswith("26")


def test_an_empty_figure_is_kept_empty_never_zero(tmp_path, diplomas):
    run(write(tmp_path, row(access_rate="", capacity="")))
    figures = ParcoursupFigures.objects.get()
    assert figures.access_rate is None and figures.capacity is None
    assert TrainingOffer.objects.get().places is None


def test_a_school_known_by_its_uai_gets_the_offer(tmp_path, diplomas):
    known = InstituteFactory(name="OCELLIA Lyon", uai="0692522S", commune="Lyon", departement="69")
    run(write(tmp_path, OCELLIA_LYON))
    assert TrainingOffer.objects.get().institute == known
    assert Institute.objects.count() == 1


def test_the_only_published_school_within_a_kilometre_is_matched_for_review(tmp_path, diplomas):
    near = InstituteFactory(
        name="École OCELLIA",
        commune="Lyon",
        departement="69",
        latitude=Decimal("45.7790"),
        longitude=Decimal("4.8050"),
    )
    InstituteFactory(  # same commune, 5 km away
        commune="Lyon", departement="69", latitude=Decimal("45.74"), longitude=Decimal("4.86")
    )
    output = run(write(tmp_path, OCELLIA_LYON))
    assert TrainingOffer.objects.get().institute == near
    near.refresh_from_db()
    assert near.uai == "0692522S"
    match = ProximityMatch.objects.get()
    assert (match.institute, match.parcoursup_name, match.rejected) == (near, "OCELLIA", False)
    assert match.distance_m < 1000
    assert "rapproché de « École OCELLIA »" in output


def test_two_schools_within_a_kilometre_match_neither(tmp_path, diplomas):
    for latitude in ("45.7790", "45.7801"):
        InstituteFactory(
            commune="Lyon",
            departement="69",
            latitude=Decimal(latitude),
            longitude=Decimal("4.8050"),
        )
    run(write(tmp_path, OCELLIA_LYON))
    assert TrainingOffer.objects.get().institute.uai == "0692522S"
    assert Institute.objects.count() == 3
    assert not ProximityMatch.objects.exists()


def test_an_undone_match_moves_the_offer_to_a_school_created_from_the_row(tmp_path, diplomas):
    near = InstituteFactory(
        commune="Lyon", departement="69", latitude=Decimal("45.7790"), longitude=Decimal("4.805")
    )
    path = write(tmp_path, OCELLIA_LYON)
    run(path)
    ProximityMatch.objects.update(rejected=True)
    Institute.objects.filter(pk=near.pk).update(uai="")
    run(path)
    offer = TrainingOffer.objects.get()
    assert offer.institute != near
    assert offer.institute.uai == "0692522S"


def test_a_second_import_changes_nothing(tmp_path, diplomas):
    path = write(tmp_path, OCELLIA_LYON, OCELLIA_VALENCE, ifsi())
    run(path)
    before = snapshot()
    output = run(path)
    assert snapshot() == before
    assert "0 à créer, 0 à mettre à jour, 3 inchangées, 0 à dépublier" in output
    assert "0 nouveaux, 0 remplacés" in output


def test_dry_run_writes_nothing_and_says_what_would_happen(tmp_path, diplomas):
    output = run(write(tmp_path, OCELLIA_LYON), "--dry-run")
    assert not TrainingOffer.objects.exists() and not Institute.objects.exists()
    assert "+ offre D.E Educateur de Jeunes Enfants – OCELLIA (code 25197)" in output
    assert "rien n'a été écrit" in output


def test_the_next_session_updates_the_same_offers_and_unpublishes_the_missing_one(
    tmp_path, diplomas
):
    run(write(tmp_path, OCELLIA_LYON, OCELLIA_VALENCE, name="2025.csv"))
    lyon_2026 = row(session="2026", capacity="70", access_rate="48")
    output = run(write(tmp_path, lyon_2026, name="2026.csv"))
    lyon = TrainingOffer.objects.get(parcoursup_code="25197")
    valence = TrainingOffer.objects.get(parcoursup_code="25251")
    assert lyon.places == 70 and lyon.is_public
    assert list(lyon.parcoursup_figures.values_list("session", "access_rate")) == [
        (2026, Decimal("48.0")),
        (2025, Decimal("50.0")),
    ]
    assert valence.status == Status.DRAFT  # unpublished, not deleted, its history kept
    assert valence.parcoursup_figures.count() == 1
    assert "1 à dépublier" in output
    # Back in a later session: published again.
    run(write(tmp_path, lyon_2026, row(OCELLIA_VALENCE, session="2026"), name="2026b.csv"))
    valence.refresh_from_db()
    assert valence.is_public


def test_reimporting_a_session_replaces_its_figures(tmp_path, diplomas):
    run(write(tmp_path, OCELLIA_LYON, name="a.csv"))
    output = run(write(tmp_path, row(admitted="60"), name="b.csv"))
    assert ParcoursupFigures.objects.get().admitted == 60
    assert "0 nouveaux, 1 remplacés" in output


def test_an_offer_known_from_sources_is_updated_not_duplicated(tmp_path, diplomas):
    # Its school has no UAI and no coordinates: the offer's code names it.
    school = InstituteFactory(name="IFSI du CHU de Saint-Étienne", commune="Saint-Étienne")
    offer = TrainingOfferFactory(
        diploma=diplomas["de-infirmier"], institute=school, parcoursup_code="23235", places=None
    )
    output = run(write(tmp_path, ifsi()))
    offer.refresh_from_db()
    school.refresh_from_db()
    assert TrainingOffer.objects.count() == 1 and Institute.objects.count() == 1
    assert offer.institute == school and school.uai == "0421234A"
    assert offer.places == 100
    assert offer.parcoursup_figures.get().access_rate == Decimal("41.0")
    assert "1 par une offre déjà reliée au code de la formation" in output
    assert "! offre" not in output  # no conflict
    before = snapshot()
    run(write(tmp_path, ifsi()))
    assert snapshot() == before


def test_an_editors_change_survives_and_the_conflict_is_reported(tmp_path, diplomas):
    run(write(tmp_path, OCELLIA_LYON, name="a.csv"))
    TrainingOffer.objects.update(places=60)  # the school told the editor
    output = run(write(tmp_path, row(capacity="72"), name="b.csv"))
    assert TrainingOffer.objects.get().places == 60
    assert "« places » modifié à la main (« 60 »), Parcoursup indique « 72 »" in output
    before = snapshot()
    output = run(write(tmp_path, row(capacity="72"), name="b.csv"))
    assert snapshot() == before  # reported again, written no more
    assert "Parcoursup indique « 72 »" in output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "n'est pas en UTF-8"),
        ("un,fichier,séparé,par,des,virgules\n1,2,3,4,5,6\n".encode(), "points-virgules"),
        (";".join(HEADER).encode() + b"\n", "n'a que son en-tête"),
    ],
)
def test_a_file_that_is_not_a_parcoursup_csv_is_refused(tmp_path, diplomas, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not TrainingOffer.objects.exists()


def test_a_missing_column_is_named(tmp_path, diplomas):
    header = [h if h != "cod_aff_form" else "code" for h in HEADER]
    with pytest.raises(CommandError, match="il manque : « cod_aff_form »"):
        run(write(tmp_path, OCELLIA_LYON, header=header))


def test_the_second_filiere_column_is_read_by_position(tmp_path, diplomas):
    header = list(HEADER)
    header[13] = "Type de formation"
    with pytest.raises(CommandError, match="« Filière de formation » \\(la seconde\\)"):
        run(write(tmp_path, OCELLIA_LYON, header=header))


def test_extra_columns_are_ignored(tmp_path, diplomas):
    run(write(tmp_path, [*OCELLIA_LYON, "en plus"], header=[*HEADER, "Colonne ajoutée"]))
    assert TrainingOffer.objects.count() == 1


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([OCELLIA_LYON, OCELLIA_VALENCE[:60]], "Ligne 3 : 60 colonnes au lieu de 118"),
        ([row(admitted="beaucoup")], "Ligne 2, colonne « Effectif total des candidats ayant"),
        ([row(access_rate="12,5x")], "Ligne 2, colonne « Taux d’accès »"),
        ([OCELLIA_LYON, row(OCELLIA_VALENCE, code="25197")], "le code 25197 figure déjà ligne 2"),
        ([OCELLIA_LYON, row(session="2026", code="1")], "Importez une session à la fois"),
    ],
)
def test_bad_rows_are_named_and_nothing_changes(tmp_path, diplomas, rows, message):
    run(write(tmp_path, OCELLIA_VALENCE, name="first.csv"))
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, *rows))
    assert snapshot() == before


def test_a_truncated_file_is_refused(tmp_path, diplomas):
    path = write(tmp_path, OCELLIA_LYON, OCELLIA_VALENCE)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 400])
    with pytest.raises(CommandError, match="Ligne 3 : .* colonnes au lieu de 118"):
        run(path)
    assert not TrainingOffer.objects.exists()


def test_a_link_outside_parcoursup_is_not_kept(tmp_path, diplomas):
    run(write(tmp_path, row(url="https://example.org/piege")))
    assert TrainingOffer.objects.get().application_url == ""
