"""A minimal iCalendar (RFC 5545) writer for the study-plan feed: all-day events only.

Written by hand because it is small: text values escaped (backslash, semicolon, comma,
newline: section 3.3.11), lines ended with CRLF and folded at 75 octets without splitting a
UTF-8 character (section 3.1), a UID and DTSTAMP on every event (section 3.6.1).
tests/study/test_plan.py parses the output with the `icalendar` package.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

CRLF = "\r\n"
LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    day: date
    summary: str
    description: str = ""
    url: str = ""


def escape(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets; continuation lines start with a
    space (which counts toward their 75). Never splits a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= LINE_OCTETS:
        return line
    parts, current, limit = [], b"", LINE_OCTETS
    for char in line:
        octets = char.encode()
        if len(current) + len(octets) > limit:
            parts.append(current.decode())
            current, limit = b"", LINE_OCTETS - 1
        current += octets
    parts.append(current.decode())
    return (CRLF + " ").join(parts)


def calendar(name: str, events: Iterable[Event], stamp: datetime) -> str:
    """The whole VCALENDAR as text (CRLF line ends). `stamp` must be in UTC."""
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Backend Interview Prep//Study plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape(event.uid)}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL;VALUE=URI:{event.url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
