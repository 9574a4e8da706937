"""Checks on the files editors upload for the campaigns."""

import re

from django.core.exceptions import ValidationError

MAX_CAPTIONS_BYTES = 1024 * 1024

# hh:mm:ss.ttt (hours optional, at least two digits when present), as WebVTT writes them.
TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
TIMING_LINE = re.compile(rf"^{TIMESTAMP}[ \t]+-->[ \t]+{TIMESTAMP}(?:[ \t]+.*)?$")
EXPECTED = "00:00:01.000 --> 00:00:04.000"


def _seconds(hours, minutes, seconds, millis):
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse_webvtt(text):
    """The cues of a WebVTT text as (line number, start, end, text), or ValueError with the
    line number of the first problem, in words an editor understands.

    A small parser for what matters here: the `WEBVTT` header, cue timings that a player can
    read, a start before the end, cues in chronological order, and at least one cue."""
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    header = lines[0] if lines else ""
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", header):
        raise ValueError(
            "ligne 1 : le fichier doit commencer par « WEBVTT ». Enregistrez les sous-titres "
            "au format WebVTT (.vtt), pas SRT ni texte."
        )
    cues = []
    number = 1
    previous_start = 0.0
    while number < len(lines):
        # Skip the rest of the header, then blank lines between blocks.
        if not lines[number].strip():
            number += 1
            continue
        block_start = number
        block = []
        while number < len(lines) and lines[number].strip():
            block.append(lines[number])
            number += 1
        first = block[0]
        if block_start == 1 or first.startswith(("NOTE", "STYLE", "REGION")):
            if block_start == 1 and "-->" in first:
                raise ValueError(
                    "ligne 2 : laissez une ligne vide entre « WEBVTT » et le premier sous-titre."
                )
            if "-->" not in first:
                continue  # header metadata, a comment, a style or a region
        timing_index = 0 if "-->" in first else 1
        if timing_index >= len(block):
            raise ValueError(
                f"ligne {block_start} : ce bloc n'a pas d'horaire (attendu, par exemple : "
                f"« {EXPECTED} »)."
            )
        timing = block[timing_index].strip()
        line_number = block_start + timing_index + 1
        match = TIMING_LINE.match(timing)
        if not match:
            raise ValueError(
                f"ligne {line_number} : « {timing[:60]} » n'est pas un horaire de sous-titre "
                f"valide (attendu, par exemple : « {EXPECTED} »)."
            )
        start = _seconds(*match.groups()[:4])
        end = _seconds(*match.groups()[4:])
        if end <= start:
            raise ValueError(
                f"ligne {line_number} : la fin du sous-titre doit venir après son début."
            )
        if start < previous_start:
            raise ValueError(
                f"ligne {line_number} : ce sous-titre commence avant le précédent ; "
                "rangez-les dans l'ordre du temps."
            )
        previous_start = start
        cues.append((line_number, start, end, "\n".join(block[timing_index + 1 :])))
    if not cues:
        raise ValueError("le fichier ne contient aucun sous-titre.")
    return cues


def validate_webvtt(fieldfile):
    """Model field validator: the uploaded captions parse as WebVTT."""
    committed = getattr(fieldfile, "_committed", True)
    fieldfile.open("rb")
    try:
        content = fieldfile.read(MAX_CAPTIONS_BYTES + 1)
    finally:
        if committed:
            fieldfile.close()  # a stored file: opened here, closed here
        else:
            fieldfile.seek(0)  # an upload: Django saves it next, from the start
    if len(content) > MAX_CAPTIONS_BYTES:
        raise ValidationError(
            "Ce fichier de sous-titres est trop lourd (plus de 1 Mo) : est-ce bien un fichier "
            "WebVTT ?",
            code="captions_too_large",
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            "Enregistrez le fichier de sous-titres en UTF-8 (les accents en dépendent).",
            code="captions_encoding",
        ) from None
    try:
        parse_webvtt(text)
    except ValueError as error:
        raise ValidationError(
            "Sous-titres illisibles, %(problem)s",
            code="captions_invalid",
            params={"problem": error},
        ) from None
