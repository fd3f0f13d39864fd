"""The hand-written iCalendar writer against RFC 5545's rules, read back by `icalendar`."""

from datetime import UTC, date, datetime

import icalendar

from study import ical


def test_text_is_escaped():
    assert ical.escape("a, b; c\\d\ne\r\nf") == "a\\, b\\; c\\\\d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "Ünïcödé “quotes” — " * 20
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(part[1:] for part in parts[1:])]) == line


def test_a_calendar_round_trips_through_a_real_parser():
    text = "Read: What is CAP; why, and when?\nReview 3 cards: https://example.com/review/"
    events = [
        ical.Event(
            "a@example.com",
            date(2026, 3, 2),
            "Study: 2 new, 3 reviews",
            text,
            "https://example.com/plan/",
        ),
        ical.Event("b@example.com", date(2026, 3, 3), "Interview"),
    ]
    body = ical.calendar("My plan", events, datetime(2026, 3, 1, 12, tzinfo=UTC))
    assert body.endswith("\r\n")
    assert "\n" not in body.replace("\r\n", "")
    parsed = icalendar.Calendar.from_ical(body)
    assert str(parsed["X-WR-CALNAME"]) == "My plan"
    first, second = parsed.walk("VEVENT")
    assert str(first["DESCRIPTION"]) == text
    assert str(first["SUMMARY"]) == "Study: 2 new, 3 reviews"
    assert first["DTSTART"].dt == date(2026, 3, 2)
    assert first["DTEND"].dt == date(2026, 3, 3)
    assert first["DTSTAMP"].dt == datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert str(second["UID"]) == "b@example.com"
