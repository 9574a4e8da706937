"""The project's one .ics writer: folding, escaping, whole days; what it writes is valid."""

import datetime

from careers_site.core import ics

from .rfc5545 import problems

STAMP = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.UTC)


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "é" * 100
    folded = ics.fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))


def test_text_is_escaped():
    assert ics.escape_text("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"


def test_whole_days_end_the_day_after_the_last():
    assert ics.all_day(datetime.date(2026, 3, 12)) == [
        "DTSTART;VALUE=DATE:20260312",
        "DTEND;VALUE=DATE:20260313",
    ]
    assert ics.all_day(datetime.date(2026, 2, 27), datetime.date(2026, 3, 1))[1] == (
        "DTEND;VALUE=DATE:20260302"
    )


def test_a_calendar_is_valid():
    event = ics.vevent(
        uid="un@exemple.fr",
        stamp=STAMP,
        when=ics.all_day(datetime.date(2026, 3, 12)),
        summary="Dernier jour, pour « vœux » ; virgule, point-virgule",
        description="Source : une page\\une autre\n" + "é" * 90,
        url="https://exemple.fr/page",
    )
    content = ics.calendar([event], "Calendrier, test").encode()
    assert problems(content) == []


def test_the_checker_catches_what_calendars_refuse():
    content = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
        b"DTSTART;VALUE=DATE:20260312\r\nDTEND;VALUE=DATE:20260312\r\nSUMMARY:a, b\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    found = problems(content)
    assert "VCALENDAR needs exactly one PRODID" in found
    assert "VEVENT needs exactly one DTSTAMP" in found
    assert "DTEND 20260312 is not after DTSTART 20260312" in found
    assert any(line.startswith("SUMMARY: a character is not escaped") for line in found)
