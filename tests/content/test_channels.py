"""The help-channel file: its schema, opening hours in Dutch time, ages, and where each fact comes from."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from helpwanted.contacts import FACTS, ChannelError, load_channels
from helpwanted.opening_hours import AMSTERDAM, parse_schedule

ROOT = Path(__file__).parent.parent.parent
CHANNELS = load_channels(ROOT / "helpwanted" / "help_channels.yaml")
OFFICE = {"weekly": {"mon": ["09:00-12:30", "13:30-17:00"], "tue": ["09:00-17:00"]}}


def amsterdam(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)  # type: ignore[misc]


def test_weekly_hours_are_read_in_amsterdam_time_across_daylight_saving() -> None:
    schedule = parse_schedule({"weekly": {"daily": ["14:00-20:00"]}}, "test")
    assert schedule is not None
    # Amsterdam is UTC+2 in summer (CEST) and UTC+1 in winter (CET).
    assert schedule.is_open(datetime(2026, 7, 1, 12, 30, tzinfo=UTC))  # 14:30 CEST
    assert not schedule.is_open(datetime(2026, 7, 1, 11, 30, tzinfo=UTC))  # 13:30 CEST
    assert schedule.is_open(datetime(2026, 12, 1, 13, 30, tzinfo=UTC))  # 14:30 CET
    assert not schedule.is_open(datetime(2026, 12, 1, 19, 0, tzinfo=UTC))  # 20:00 CET: closed


def test_next_opening_and_closing_time() -> None:
    schedule = parse_schedule(OFFICE, "test")
    assert schedule is not None
    assert schedule.next_opening(amsterdam(2026, 11, 30, 12, 45)) == amsterdam(2026, 11, 30, 13, 30)  # Monday lunch
    assert schedule.closes_at(amsterdam(2026, 11, 30, 10, 0)) == amsterdam(2026, 11, 30, 12, 30)
    assert schedule.next_opening(amsterdam(2026, 12, 1, 18, 0)) == amsterdam(2026, 12, 7, 9, 0)  # Tuesday → Monday
    assert schedule.closes_at(amsterdam(2026, 12, 1, 18, 0)) is None


def test_a_dated_exception_replaces_the_weekly_hours() -> None:
    schedule = parse_schedule(
        {
            **OFFICE,
            "exceptions": [
                {"date": date(2026, 12, 28), "closed": True},
                {"date": date(2026, 12, 29), "hours": ["10:00-12:00"]},
            ],
        },
        "test",
    )
    assert schedule is not None
    assert not schedule.is_open(amsterdam(2026, 12, 28, 10, 0))
    assert schedule.next_opening(amsterdam(2026, 12, 28, 8, 0)) == amsterdam(2026, 12, 29, 10, 0)
    assert not schedule.is_open(amsterdam(2026, 12, 29, 13, 0))


def test_always_open_is_open_at_night_and_never_closes() -> None:
    schedule = parse_schedule("always", "test")
    assert schedule is not None
    assert schedule.is_open(amsterdam(2026, 11, 29, 3, 0))
    assert schedule.closes_at(amsterdam(2026, 11, 29, 3, 0)) is None
    assert schedule.describe("nl") == "dag en nacht"


def test_hours_are_described_in_both_languages() -> None:
    schedule = parse_schedule({"weekly": {d: ["09:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")}}, "test")
    assert schedule is not None
    assert schedule.describe("nl") == "maandag t/m vrijdag 09:00-17:00"
    assert schedule.describe("en") == "Monday to Friday 09:00-17:00"


@pytest.mark.parametrize(
    "hours",
    [
        {"weekly": {"mon": ["9:00-17:00"]}},
        {"weekly": {"mon": ["17:00-09:00"]}},
        {"weekly": {"funday": ["09:00-17:00"]}},
        {"weekly": {"mon": "09:00-17:00"}},
        {"weekly": {"mon": ["09:00-17:00"]}, "exceptions": [{"date": date(2026, 12, 25)}]},
        {"sometimes": True},
    ],
)
def test_bad_hours_stop_start_up_with_a_message(hours: object) -> None:
    with pytest.raises(ValueError, match="test"):
        parse_schedule(hours, "test")


def test_a_source_without_a_check_date_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "channels.yaml"
    file.write_text("channels:\n  x:\n    name: X\n    what: {nl: a, en: b}\n    sources: [{page: 'https://x.nl'}]\n")
    with pytest.raises(ChannelError, match="checked"):
        load_channels(file)


def test_ages_decide_who_a_channel_serves() -> None:
    kindertelefoon = CHANNELS["kindertelefoon"]
    assert kindertelefoon.serves(adult=False)
    assert not kindertelefoon.serves(adult=True)
    assert kindertelefoon.serves(adult=None)  # age not known: shown
    assert CHANNELS["zelfmoordpreventie"].serves(adult=True)


def test_113_is_on_every_page_with_both_numbers() -> None:
    line = CHANNELS["zelfmoordpreventie"]
    assert line.everywhere
    assert line.phone == "0800 0113" and line.short_number == "113"


@pytest.mark.parametrize("channel", CHANNELS.values(), ids=lambda c: c.id)
def test_every_fact_is_confirmed_by_the_organisations_page_or_waits_for_a_check(channel) -> None:  # type: ignore[no-untyped-def]
    present = {fact for fact in FACTS if getattr(channel, fact) not in (None, {}, "")}
    assert channel.sources, f"{channel.id}: no source page"
    assert all(source.checked == date(2026, 11, 29) for source in channel.sources)
    assert present <= channel.confirmed | channel.unconfirmed, f"{channel.id}: facts without a source"
    assert not (channel.confirmed & channel.unconfirmed), f"{channel.id}: confirmed and unconfirmed at once"
    assert channel.verify == bool(channel.unconfirmed), f"{channel.id}: verify must say whether a fact waits"
    assert channel.phone or channel.url
