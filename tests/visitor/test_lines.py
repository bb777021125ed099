"""Help lines: open now / opens at from the hours, no claim without confirmed data, calm order."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from helpwanted.contacts import Ages, Channel
from helpwanted.opening_hours import AMSTERDAM, parse_schedule
from helpwanted.questionnaire import SourceText, advice_steps, check_source, split_lead
from helpwanted.visitor.advice import split_advice
from helpwanted.visitor.lines import State, arrange, status

from ..questionnaire.helpers import EXAMPLE

CHAT = parse_schedule(
    {
        "weekly": {"mon": ["14:00-20:00"], "tue": ["14:00-20:00"]},
        "exceptions": [{"date": date(2026, 12, 1), "closed": True}],
    },
    "test",
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


def channel(key: str, **facts: object) -> Channel:
    base = Channel(key, key, {"nl": key}, "0800 0000", None, None, None, False, True)
    return replace(base, **facts)  # type: ignore[arg-type]


def test_open_now_with_its_closing_time_and_closed_with_the_next_opening() -> None:
    open_now = status(CHAT, at("2026-11-30 15:30"))  # a Monday
    assert open_now.state is State.OPEN and open_now.closes == at("2026-11-30 20:00")
    morning = status(CHAT, at("2026-11-30 09:00"))
    assert morning.state is State.CLOSED and morning.opens == at("2026-11-30 14:00")


def test_a_holiday_exception_moves_the_next_opening() -> None:
    evening = status(CHAT, at("2026-11-30 21:00"))  # Tuesday 1 December is closed
    assert evening.state is State.CLOSED and evening.opens == at("2026-12-07 14:00")


def test_the_moment_is_read_in_amsterdam_whatever_zone_it_comes_in() -> None:
    assert status(CHAT, datetime(2026, 11, 30, 13, 30, tzinfo=UTC)).state is State.OPEN  # 14:30 CET
    assert status(CHAT, datetime(2026, 11, 30, 12, 30, tzinfo=UTC)).state is State.CLOSED  # 13:30 CET


def test_no_claim_without_hours_without_confirmation_or_with_a_naive_clock() -> None:
    assert status(None, at("2026-11-30 15:00")).state is State.UNKNOWN
    assert status(CHAT, at("2026-11-30 15:00"), confirmed=False).state is State.UNKNOWN
    assert status(CHAT, datetime(2026, 11, 30, 15, 0)).state is State.UNKNOWN
    line = arrange([channel("x", hours=CHAT, unconfirmed=frozenset({"hours"}))], at("2026-11-30 15:00"))[0]
    assert line.phone.state is State.UNKNOWN and not line.closed


def test_always_open_day_and_night() -> None:
    always = status(parse_schedule("always", "113"), at("2026-11-30 03:00"))
    assert always.state is State.OPEN and always.always


def test_urgent_first_then_fitting_age_then_open_before_closed() -> None:
    night = at("2026-11-30 23:00")
    kids = channel("kids", ages=Ages(8, 18), hours=CHAT)
    closed = channel("closed", hours=CHAT)
    unknown = channel("unknown")
    urgent = channel("urgent", hours=parse_schedule("always", "x"), urgent=True)
    lines = [c.channel.id for c in arrange([kids, closed, unknown, urgent], night, adult=None)]
    assert lines == ["urgent", "unknown", "kids", "closed"]  # closed lines after the open/unknown one
    lines = [c.channel.id for c in arrange([kids, closed, unknown, urgent], night, adult=True)]
    assert lines == ["urgent", "unknown", "closed", "kids"]  # a line for under-18s is not offered first
    daytime = [c.channel.id for c in arrange([kids, closed, unknown], at("2026-11-30 15:00"), adult=False)]
    assert daytime == ["kids", "closed", "unknown"]  # open and fitting: file order stays


def test_chat_with_other_hours_gets_its_own_status() -> None:
    both = channel("both", hours=parse_schedule("always", "x"), chat="https://example.org/chat", chat_hours=CHAT)
    line = arrange([both], at("2026-11-30 09:00"))[0]
    assert line.phone.state is State.OPEN and line.chat.state is State.CLOSED
    assert not line.same_hours and not line.closed


def test_advice_opens_with_at_most_three_first_steps_and_keeps_every_other_step() -> None:

    assert split_lead("**Block the account.** Then report it.") == ("Block the account.", "Then report it.")
    assert split_lead("Call [112](tel:112) now. Or chat.") == ("Call 112 now.", "Or chat.")
    tree, _ = check_source(SourceText("example", "example.yaml", EXAMPLE))
    assert tree is not None
    answers = {"safety": ("no",), "where": ("chat",), "age": ("under18",)}
    outcome = tree.nodes["chat-advice"]
    advice = split_advice(tree, outcome, answers, "en")
    shown = advice_steps(tree, outcome, answers)
    assert len(advice.first) <= 3
    assert len(advice.first) + len(advice.rest) == len(shown)
