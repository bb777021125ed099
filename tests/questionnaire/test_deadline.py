"""The time budget counts the checking thread's processor time, and reads that clock cheaply (issue 13); every
loop whose work grows with the file looks at it (issue 11)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from helpwanted.questionnaire import Severity, SourceText, check_source, flow, scenarios
from helpwanted.questionnaire.limits import CheckTimeout, Deadline
from helpwanted.questionnaire.model import Route
from helpwanted.questionnaire.yamlrecovery import parse_all

from .helpers import CONTEXT
from .hostile import long_scenario, many_routes


def test_waiting_does_not_spend_the_budget() -> None:
    deadline = Deadline(0.05)
    time.sleep(0.1)  # past the budget on the wall clock, not in processor time
    deadline.check()


def test_a_spent_budget_stops_the_check() -> None:
    deadline = Deadline(0.02)
    ends = time.perf_counter() + 5
    with pytest.raises(CheckTimeout):
        while time.perf_counter() < ends:  # busy: processor time passes
            deadline.check()


def test_the_processor_clock_is_read_only_once_the_budget_has_passed_on_the_wall_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads = []
    real = time.thread_time
    monkeypatch.setattr(time, "thread_time", lambda: reads.append(1) or real())
    deadline = Deadline(60.0)
    for _ in range(1_000):
        deadline.check()
    assert len(reads) == 1  # when the deadline was set
    Deadline(None).check()
    assert len(reads) == 1


@pytest.mark.usefixtures("each_builder")  # with each YAML builder (conftest.py)
def test_parsing_checks_the_budget_every_4096_values() -> None:
    places = []
    parse_all("list:\n" + "  - x\n" * 8_200, places.append)
    assert places.count((1, 1)) == 1  # the start of the one parse
    # the 4,096th and 8,192nd values: the mapping, its key and the list come before the first item (line 2)
    assert [line for line, _ in places if line > 1] == [4096 - 3 + 1, 8192 - 3 + 1]


@pytest.mark.parametrize(
    ("wall", "processor", "spent"),
    [
        (101.0, 51.0, True),  # the wall clock exactly at the deadline already lets the processor clock be read
        (100.5, 51.0, False),  # before it, the processor clock is not even looked at
        (102.0, 50.0, False),  # the processor clock exactly at the deadline: the budget is not yet exceeded
        (102.0, 50.5, True),
    ],
)
def test_the_budget_is_spent_once_the_processor_clock_is_past_it(
    monkeypatch: pytest.MonkeyPatch, wall: float, processor: float, spent: bool
) -> None:
    clocks = {"perf_counter": 100.0, "thread_time": 49.0}  # when the deadline is set: a budget of 1 s
    monkeypatch.setattr(time, "perf_counter", lambda: clocks["perf_counter"])
    monkeypatch.setattr(time, "thread_time", lambda: clocks["thread_time"])
    deadline = Deadline(1.0)
    clocks.update(perf_counter=wall, thread_time=processor)
    if spent:
        with pytest.raises(CheckTimeout):
            deadline.check()
    else:
        deadline.check()


def test_one_long_scenario_is_stopped_by_the_budget_part_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """Attack 4: every step of a scenario walks its path from the start again, and the budget was only looked at
    between scenarios: one scenario through 1,500 questions (a 230 KB file) kept `questionnaires check` busy for
    22 s, and would hold a web worker as long when saved as a draft."""
    walks = []
    real_walk = scenarios.walk

    def counted_walk(tree: Any, progress: Any) -> Any:
        walks.append(1)
        return real_walk(tree, progress)

    def check(deadline: Deadline) -> None:
        if len(walks) >= 50:  # the budget runs out 50 steps into the scenario
            raise CheckTimeout()

    monkeypatch.setattr(scenarios, "walk", counted_walk)
    monkeypatch.setattr(Deadline, "check", check)
    text = long_scenario(300)
    _, problems = check_source(SourceText("example", "example.yaml", text), ("nl", "en"), CONTEXT)
    assert [problem.line for problem in problems if problem.code == "check-timeout"] == [
        text.splitlines().index("  - name: the long way") + 1
    ]
    assert len(walks) <= 51  # stopped part-way, not after all 300 steps


def test_a_long_scenario_within_the_budget_still_reaches_its_outcome() -> None:
    _, problems = check_source(SourceText("example", "example.yaml", long_scenario(40)), ("nl", "en"), CONTEXT)
    assert [problem.code for problem in problems if problem.severity is Severity.ERROR] == []


def test_the_routes_of_one_node_are_checked_in_time_linear_in_their_number(monkeypatch: pytest.MonkeyPatch) -> None:
    """Attack 4: for each option, each shared route was looked up in the node's routes by comparing whole routes:
    8,000 routes on one node (a 530 KB file) kept `questionnaires check` busy 61 s, past the 0.8 s budget."""
    compared = []
    real_eq = Route.__eq__
    monkeypatch.setattr(Route, "__eq__", lambda self, other: compared.append(1) or real_eq(self, other))
    _, problems = check_source(SourceText("example", "example.yaml", many_routes(400)), ("nl", "en"), CONTEXT)
    assert [problem.code for problem in problems if problem.severity is Severity.ERROR] == []
    assert len(compared) < 400  # was 2 options × 400 routes × up to 400 comparisons (about 160,000)


def test_the_budget_can_stop_the_check_within_one_node_s_routes(monkeypatch: pytest.MonkeyPatch) -> None:
    checked = []
    real_check_condition = flow._check_condition
    monkeypatch.setattr(flow, "_check_condition", lambda *args: checked.append(1) or real_check_condition(*args))

    def check(deadline: Deadline) -> None:
        if len(checked) >= 200:  # the budget runs out inside the routes of 'age'
            raise CheckTimeout()

    monkeypatch.setattr(Deadline, "check", check)
    _, problems = check_source(SourceText("example", "example.yaml", many_routes(400)), ("nl", "en"), CONTEXT)
    assert "check-timeout" in [problem.code for problem in problems]
    assert len(checked) <= 201  # not all 400 routes of the node before the budget is looked at
