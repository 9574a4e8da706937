"""The bounded box of imports: a child process with a memory and time ceiling, the shape
checks made before any parser runs, and private files that do not outlive their import."""

import io
import os
import time

import pytest
from django.db import transaction

from careers_site.platform.uploads import (
    ImportRefused,
    check_csv_rows,
    check_json_depth,
    children_see_this_database,
    run_bounded,
    run_bounded_with_database,
)
from careers_site.toolkit.models import VisitCount


def add(a, b):
    return a + b


def hog_memory():
    return len(bytearray(2 * 1024 * 1024 * 1024))


def spin():
    while True:
        pass


def refuse():
    raise ImportRefused("Refusé pour une raison dite en français.")


def test_the_childs_answer_comes_back():
    assert run_bounded(add, 2, 3, memory_bytes=64 * 1024 * 1024, seconds=5) == 5


def test_a_child_over_its_memory_ceiling_is_refused_in_french():
    with pytest.raises(ImportRefused, match="plus de 64 Mo de mémoire"):
        run_bounded(hog_memory, memory_bytes=64 * 1024 * 1024, seconds=5)


def test_a_child_over_its_time_is_stopped():
    # `spin` never returns: coming back at all, with the time refusal, is the proof.
    with pytest.raises(ImportRefused, match=r"dépassé le temps permis \(1 s\)"):
        run_bounded(spin, memory_bytes=64 * 1024 * 1024, seconds=1)


def test_the_childs_own_refusal_is_passed_on():
    with pytest.raises(ImportRefused, match="dite en français"):
        run_bounded(refuse, memory_bytes=64 * 1024 * 1024, seconds=5)


def test_json_depth_is_bounded_on_the_boundary():
    check_json_depth(io.BytesIO(b"[" * 32 + b"]" * 32), 32)
    with pytest.raises(ImportRefused, match="plus de 32 niveaux"):
        check_json_depth(io.BytesIO(b"[" * 33 + b"]" * 33), 32)


class CountingStream(io.BytesIO):
    """A file that remembers how many bytes were asked of it."""

    read_bytes = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk


def test_a_deep_json_file_is_refused_without_being_read_to_the_end():
    deep = CountingStream(b"[" * 2_000_000 + b"]" * 2_000_000)
    with pytest.raises(ImportRefused, match="plus de 32 niveaux"):
        check_json_depth(deep, 32)
    assert deep.read_bytes < 4_000_000 / 10
    assert deep.tell() == 0  # rewound for the parser


def test_csv_rows_are_counted_before_parsing_on_the_boundary():
    header = b"nom;ville\n"
    check_csv_rows(io.BytesIO(header + b"a;b\n" * 100), 100)
    stream = io.BytesIO(header + b"a;b\n" * 101)
    with pytest.raises(ImportRefused, match="plus de 100 lignes"):
        check_csv_rows(stream, 100)
    assert stream.tell() == 0  # rewound for the parser


# --- The database from a child --------------------------------------------------------------


def write_a_row(day, wait=0):
    with transaction.atomic():
        VisitCount.objects.create(day=day, path="/metiers/", source="", count=1)
        time.sleep(wait)
    return os.getpid(), VisitCount.objects.count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_children_see")
def test_a_child_works_on_its_own_connection_and_commits_for_the_parent():
    assert children_see_this_database()
    VisitCount.objects.create(day="2026-01-01", path="/metiers/", source="", count=1)

    pid, seen = run_bounded_with_database(write_a_row, "2026-01-02", seconds=20)

    assert pid != os.getpid()
    assert seen == 2  # the parent's committed row, and its own
    assert VisitCount.objects.count() == 2  # the parent sees the child's


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_children_see")
def test_a_child_stopped_in_its_transaction_saves_nothing_and_the_database_stays_usable():
    with pytest.raises(ImportRefused, match=r"dépassé le temps permis \(1 s\)"):
        run_bounded_with_database(write_a_row, "2026-01-02", 5, seconds=1)

    assert not VisitCount.objects.exists()
    pid, seen = run_bounded_with_database(write_a_row, "2026-01-03", seconds=20)
    assert seen == 1 and VisitCount.objects.get().day.isoformat() == "2026-01-03"


@pytest.mark.django_db
def test_where_a_child_would_not_see_the_tests_transaction_the_work_runs_here():
    """A test's transaction is not committed: a child's own connection would not see it."""
    assert not children_see_this_database()
    pid, seen = run_bounded_with_database(write_a_row, "2026-01-02")
    assert pid == os.getpid() and seen == 1
