"""A checker of iCalendar files against the parts of RFC 5545 our calendars use: what a
calendar application refuses or misreads. Returns the list of what is wrong (empty: valid)."""

import datetime
import re

CONTENT_LINE = re.compile(
    r"^(?P<name>[A-Z][A-Z0-9-]*)(?P<params>(;[A-Z0-9-]+=[^;:,\"]*)*):(?P<value>.*)$"
)
TEXT_PROPERTIES = {
    "SUMMARY",
    "DESCRIPTION",
    "LOCATION",
    "CATEGORIES",
    "X-WR-CALNAME",
    "X-WR-CALDESC",
}
UTC_STAMP = re.compile(r"^\d{8}T\d{6}Z$")


def _badly_escaped(value, list_allowed):
    """A TEXT value (RFC 5545, 3.3.11): a backslash escapes \\ ; , n or N only; ; and ,
    appear escaped (a bare comma separates the values of a list property)."""
    characters = iter(value)
    for character in characters:
        if character == "\\" and next(characters, "") not in ("\\", ";", ",", "n", "N"):
            return True
        if character == ";" or (character == "," and not list_allowed):
            return True
    return False


def _date(value):
    if re.fullmatch(r"\d{8}", value):
        return datetime.datetime.strptime(value, "%Y%m%d").date()
    if UTC_STAMP.match(value):
        return datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ")
    raise ValueError(value)


def problems(data: bytes):
    found = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return ["not UTF-8"]
    if not text.endswith("\r\n"):
        found.append("the last line does not end with CRLF")
    physical = text[:-2].split("\r\n") if text.endswith("\r\n") else text.split("\r\n")
    lines = []
    for number, line in enumerate(physical, 1):
        if "\n" in line or "\r" in line:
            found.append(f"line {number}: a bare LF or CR")
        if len(line.encode("utf-8")) > 75:
            found.append(f"line {number}: longer than 75 octets")
        if line[:1] in (" ", "\t"):
            if not lines:
                found.append("the file starts with a continuation")
                continue
            lines[-1] += line[1:]
        else:
            lines.append(line)
    stack, components, current = [], [], None
    for line in lines:
        match = CONTENT_LINE.match(line)
        if not match:
            found.append(f"not a content line: {line!r}")
            continue
        name, value = match["name"], match["value"]
        if name == "BEGIN":
            stack.append(value)
            current = {"type": value, "properties": []}
            components.append(current)
            continue
        if name == "END":
            if not stack or stack.pop() != value:
                found.append(f"END:{value} without its BEGIN")
            current = next(
                (c for c in reversed(components) if c["type"] == (stack[-1] if stack else None)),
                None,
            )
            continue
        if current is None:
            found.append(f"{name} outside any component")
            continue
        current["properties"].append((name, match["params"], value))
        if name in TEXT_PROPERTIES and _badly_escaped(value, name == "CATEGORIES"):
            found.append(f"{name}: a character is not escaped: {value!r}")
    if stack:
        found.append(f"components left open: {stack}")
    if not components or components[0]["type"] != "VCALENDAR":
        return [*found, "the file does not start with BEGIN:VCALENDAR"]
    names = [name for name, _, _ in components[0]["properties"]]
    if names.count("VERSION") != 1 or ("VERSION", "", "2.0") not in components[0]["properties"]:
        found.append("VCALENDAR needs exactly one VERSION:2.0")
    if names.count("PRODID") != 1:
        found.append("VCALENDAR needs exactly one PRODID")
    uids = []
    for event in (c for c in components if c["type"] == "VEVENT"):
        properties = {}
        for name, params, value in event["properties"]:
            properties.setdefault(name, []).append((params, value))
        for required in ("UID", "DTSTAMP", "DTSTART"):
            if len(properties.get(required, [])) != 1:
                found.append(f"VEVENT needs exactly one {required}")
        for once in ("DTEND", "SUMMARY", "DESCRIPTION", "URL", "LAST-MODIFIED", "STATUS"):
            if len(properties.get(once, [])) > 1:
                found.append(f"VEVENT has {once} twice")
        if "UID" in properties:
            uids.append(properties["UID"][0][1])
        for name in ("DTSTAMP", "LAST-MODIFIED"):
            for _, value in properties.get(name, []):
                if not UTC_STAMP.match(value):
                    found.append(f"{name} is not a UTC date-time: {value}")
        try:
            start_params, start = properties["DTSTART"][0]
            start_value = _date(start)
            if ("VALUE=DATE" in start_params) != (type(start_value) is datetime.date):
                found.append(f"DTSTART value and type disagree: {start_params}:{start}")
            if "DTEND" in properties:
                end_params, end = properties["DTEND"][0]
                if end_params != start_params:
                    found.append("DTSTART and DTEND are not of the same type")
                elif _date(end) <= start_value:
                    found.append(f"DTEND {end} is not after DTSTART {start}")
        except (KeyError, IndexError):
            pass
        except ValueError as error:
            found.append(f"not a date: {error}")
        for _, value in properties.get("URL", []):
            if not re.match(r"^https?://\S+$", value):
                found.append(f"URL is not a URI: {value}")
    if len(uids) != len(set(uids)):
        found.append("two events share a UID")
    return found
