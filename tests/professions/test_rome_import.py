"""manage.py import_rome: France Travail's own RefRomeCsv files (the demo's byte-for-byte copy in
fixtures/rome/), the format traps, bad input, and a second import that changes nothing."""

import datetime
import shutil
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from professions.models import (
    RomeAppellation,
    RomeCode,
    RomeCodeInterest,
    RomeInterest,
    RomeWorkContext,
)
from professions.rome import NIGHT_WORK, RomeError, import_rome, read_rome

pytestmark = pytest.mark.django_db

ROME_DIR = Path(settings.BASE_DIR) / "fixtures" / "rome"
APPELLATIONS = "unix_referentiel_appellation_v460_utf8.csv"
CONTEXTS = "unix_referentiel_contexte_travail_v460_utf8.csv"
CODES = "unix_referentiel_code_rome_v460_utf8.csv"
RIASEC = "unix_referentiel_code_rome_riasec_v460_utf8.csv"


@pytest.fixture
def rome_copy(tmp_path):
    """A writable copy of the demo's ROME files, to build variants from."""
    folder = tmp_path / "rome"
    shutil.copytree(ROME_DIR, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


def counts():
    return (
        RomeCode.objects.count(),
        RomeAppellation.objects.count(),
        RomeWorkContext.objects.count(),
        RomeInterest.objects.count(),
        RomeCode.contexts.through.objects.count(),
        RomeCodeInterest.objects.count(),
    )


def test_the_real_files_give_codes_titles_interests_and_work_contexts():
    rome, outcome = import_rome(ROME_DIR)
    assert rome.version == "v460"
    assert outcome.created == {"codes": 335, "appellations": 2154, "contexts": 179, "interests": 30}
    carer = RomeCode.objects.get(code="J1501")
    assert carer.label == "Aide-soignant / Aide-soignante"
    assert (carer.riasec_major, carer.riasec_minor, carer.version) == ("S", "I", "v460")
    assert carer.family == "Santé › Soins paramédicaux"  # J, then J15
    contexts = set(carer.contexts.values_list("label", flat=True))
    assert {"Travail de nuit", "Travail les week-ends et jours fériés", "Patients"} <= contexts
    titles = set(carer.appellations.values_list("label", flat=True))
    assert "Aide-soignant / Aide-soignante en gériatrie" in titles
    main = carer.appellations.get(is_main=True)
    assert main.label == "Aide-soignant / Aide-soignante"
    assert main.search_title == " aide soignant aide soignante "
    # The blank line after each record and the line breaks inside quotes (unix_centre_interet)
    # are read by the CSV parser: 30 interests, each definition whole.
    definition = RomeInterest.objects.get(code="1").definition
    assert definition.startswith("Créer, construire, rénover") and "\n" in definition
    assert RomeCodeInterest.objects.filter(rome_code=carer).exists()
    # The version's date is not in a folder of files: none is invented.
    assert carer.version_date is None


def test_an_empty_riasec_minor_stays_empty():
    import_rome(ROME_DIR)
    helper = RomeCode.objects.get(code="K1302")
    assert (helper.riasec_major, helper.riasec_minor) == ("S", "")


def test_a_second_import_changes_nothing():
    import_rome(ROME_DIR)
    before = counts()
    labels = dict(RomeAppellation.objects.values_list("code_ogr", "label"))
    _, outcome = import_rome(ROME_DIR)
    assert outcome.created == {"codes": 0, "appellations": 0, "contexts": 0, "interests": 0}
    assert counts() == before
    assert dict(RomeAppellation.objects.values_list("code_ogr", "label")) == labels


def test_the_official_zip_is_read_and_dated_by_its_files(tmp_path):
    archive = tmp_path / "RefRomeCsv.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in ROME_DIR.iterdir():
            info = zipfile.ZipInfo(path.name, date_time=(2025, 7, 1, 9, 0, 0))
            handle.writestr(info, path.read_bytes())
    rome, _ = import_rome(archive)
    assert rome.version_date == datetime.date(2025, 7, 1)
    assert RomeCode.objects.get(code="J1506").source.label == (
        "France Travail, ROME 4.0 (v460), version du 1 juillet 2025, Licence Ouverte"
    )


def test_a_cp1252_file_despite_its_name_is_read(rome_copy):
    path = rome_copy / CONTEXTS
    path.write_bytes(path.read_bytes().decode("utf-8").encode("cp1252"))
    rome = read_rome(rome_copy)
    assert rome.contexts["300779"]["label"] == "Déplacements professionnels"
    assert any("Windows-1252" in warning for warning in rome.warnings)


def test_a_multi_line_quoted_field_in_another_file_is_one_record(rome_copy):
    path = rome_copy / APPELLATIONS
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        '"Aide-soignant / Aide-soignante en gériatrie"',
        '"Aide-soignant /\nAide-soignante en gériatrie"',
        1,
    )
    path.write_text(text, encoding="utf-8")
    rome = read_rome(rome_copy)
    assert len(rome.appellations) == 2154


def refused(path, *words):
    """The command refuses `path` with a French message holding `words`, writing nothing."""
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_rome", str(path))
    message = str(error.value)
    assert message.startswith("Import refusé, rien n'a été modifié.")
    for word in words:
        assert word in message
    assert counts() == before
    return message


def test_an_unknown_code_is_refused_and_nothing_changes(rome_copy):
    import_rome(ROME_DIR)
    with (rome_copy / APPELLATIONS).open("a", encoding="utf-8") as handle:
        handle.write(
            '"99999","Testeur / Testeuse","Testeur","Z9999","","","","","",'
            '"SYNONYME","","Z9999","N"\n'
        )
    refused(rome_copy, "Z9999", APPELLATIONS, "ligne 2156", "n'existe pas")


def test_a_missing_file_is_named(rome_copy):
    (rome_copy / RIASEC).unlink()
    refused(rome_copy, "unix_referentiel_code_rome_riasec_vXXX_utf8.csv")


def test_a_missing_folder_is_said(tmp_path):
    refused(tmp_path / "nulle-part", "introuvable")


def test_another_version_of_the_header_is_refused(rome_copy):
    path = rome_copy / CODES
    text = path.read_text(encoding="utf-8").replace('"libelle_rome"', '"intitule"', 1)
    path.write_text(text, encoding="utf-8")
    refused(rome_copy, CODES, "libelle_rome", "autre version")


def test_a_malformed_row_is_refused_with_its_line(rome_copy):
    path = rome_copy / CONTEXTS
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3] + ',"de trop"'
    path.write_text("\n".join(lines), encoding="utf-8")
    refused(rome_copy, CONTEXTS, "ligne 4", "5 champs au lieu de 4")


def test_a_wrong_riasec_letter_is_refused(rome_copy):
    path = rome_copy / RIASEC
    text = path.read_text(encoding="utf-8").replace('"J1501","S","I"', '"J1501","S","X"')
    path.write_text(text, encoding="utf-8")
    refused(rome_copy, "« X » n'est pas une lettre RIASEC")


def test_files_of_two_versions_are_refused(rome_copy):
    (rome_copy / CODES).rename(rome_copy / CODES.replace("v460", "v461"))
    refused(rome_copy, "v460", "v461")


def test_an_empty_file_and_a_file_that_is_not_a_zip(rome_copy, tmp_path):
    (rome_copy / CONTEXTS).write_bytes(b"")
    refused(rome_copy, CONTEXTS, "vide")
    not_a_zip = tmp_path / "rome.zip"
    not_a_zip.write_bytes(b"pas une archive")
    with pytest.raises(RomeError, match="archive zip"):
        read_rome(not_a_zip)


def test_the_command_reports_and_a_dry_run_writes_nothing(capsys):
    call_command("import_rome", str(ROME_DIR), "--dry-run")
    assert RomeCode.objects.count() == 0
    call_command("import_rome", str(ROME_DIR), "--date", "2025-07-01")
    out = capsys.readouterr().out
    assert "ROME v460 : 335 fiches, 2154 appellations" in out
    assert RomeCode.objects.get(code="J1501").version_date == datetime.date(2025, 7, 1)
    assert RomeWorkContext.objects.get(code_ogr=NIGHT_WORK).label == "Travail de nuit"


def test_without_the_family_tables_the_fiches_have_no_family_and_the_import_says_so(rome_copy):
    (rome_copy / "unix_grand_domaine_v460_utf8.csv").unlink()
    (rome_copy / "unix_domaine_professionnel_v460_utf8.csv").unlink()
    rome, _ = import_rome(rome_copy)
    assert RomeCode.objects.get(code="J1501").family == ""
    assert any("unix_grand_domaine_v460_utf8.csv absent" in w for w in rome.warnings)
