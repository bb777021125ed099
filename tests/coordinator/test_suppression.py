"""The suppression rule on its own: primary, complementary, and the derivations a reader would try."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpwanted.coordinator.suppression import COMPLEMENT, SMALL, Disclosure


def age_table(adult: int, under18: int) -> Disclosure:
    report = Disclosure(threshold=5)
    total = report.number("reached age", adult + under18)
    report.total(total, [report.number("adult", adult), report.number("under18", under18)])
    return report.apply()


def test_a_hidden_cell_is_not_the_total_minus_the_shown_ones() -> None:
    report = age_table(adult=3, under18=21)  # the issue: hidden "adult" = 24 − 21
    assert report.status("adult") == SMALL
    assert report.status("under18") == COMPLEMENT
    assert report.determined() == set()


def test_an_answer_equal_to_an_outcome_is_hidden_with_it() -> None:
    # The issue: hidden "real = no" equals the shown "bluff" outcome (every 'no' leads there).
    report = Disclosure(threshold=5)
    reached = report.number(("reach", "real"), 15)
    yes, no = report.number(("answer", "real", "yes"), 12), report.number(("answer", "real", "no"), 3)
    report.total(reached, [yes, no])
    bluff, other = report.number(("outcome", "bluff"), 3), report.number(("outcome", "pay"), 12)
    report.same([no], [bluff])
    report.same([yes], [other])
    report.apply()
    assert report.status(no) and report.status(bluff)
    assert report.determined() == set()


def test_two_ones_under_a_total_of_two_cannot_be_read_from_bounds() -> None:
    report = Disclosure(threshold=5)
    total = report.number("total", 12)
    report.total(total, [report.number("a", 1), report.number("b", 1), report.number("c", 10)])
    report.apply()
    assert report.status("c") == COMPLEMENT, "a and b alone would both have to be 1"
    assert report.determined() == set()


def test_topics_and_outcomes_cannot_be_subtracted() -> None:
    report = Disclosure(threshold=5)
    outcomes = {"urgent": 2, "pay": 30, "bluff": 9, "spread": 11}
    keys = {name: report.number(("outcome", name), value) for name, value in outcomes.items()}
    report.total(report.number("all", sum(outcomes.values())), keys.values())
    report.total(report.number(("topic", "sextortion"), 41), [keys["urgent"], keys["pay"], keys["bluff"]])
    report.total(report.number(("topic", "spread"), 11), [keys["spread"]])
    report.total(report.number(("urgency", "urgent"), 2), [keys["urgent"]])
    report.apply()
    assert report.status(("outcome", "urgent")) and report.status(("urgency", "urgent"))
    assert report.determined() == set()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=4), min_size=2, max_size=4))
def test_no_hidden_cell_of_a_two_way_table_can_be_solved(grid: list[list[int]]) -> None:
    report = Disclosure(threshold=5)
    for r, row in enumerate(grid):
        report.total(report.number(("row", r), sum(row)), [report.number((r, c), v) for c, v in enumerate(row)])
    for c in range(len(grid[0])):
        column = [row[c] for row in grid if c < len(row)]
        parts = [(r, c) for r, row in enumerate(grid) if c < len(row)]
        report.total(report.number(("col", c), sum(column)), parts)
    report.total(report.number("all", sum(map(sum, grid))), [("row", r) for r in range(len(grid))])
    report.apply()
    # The one limit (docs/privacy.md): where every number around it is small, which cells are 0 can
    # still pin the others (four non-zero parts of a "< 5" total are each 1) and nothing is left to hide.
    everything_hidden = all(report.status(key) for key, value in report.values.items() if value > 0)
    assert report.determined() == set() or everything_hidden
    assert all(report.status(key) == SMALL for key, value in report.values.items() if 0 < value < 5)


def solutions(grid: list[list[int]], hidden: dict[tuple[int, int], str]) -> dict[tuple[int, int], set[int]]:
    """Every value each hidden cell can take, given all shown cells, row and column totals and the bounds
    a reader knows ('< 5': 1..4, 'x': at least 1) — found by trying them all, independently of suppression.py."""
    rows, cols = len(grid), len(grid[0])
    column_totals = [sum(row[c] for row in grid) for c in range(cols)]
    cells = sorted(hidden)
    found: dict[tuple[int, int], set[int]] = {cell: set() for cell in cells}

    def domain(cell: tuple[int, int]) -> range:
        top = 4 if hidden[cell] == SMALL else sum(grid[cell[0]])
        return range(1, top + 1)

    def walk(index: int, chosen: dict[tuple[int, int], int]) -> None:
        if index == len(cells):
            for c in range(cols):
                if sum(chosen.get((r, c), grid[r][c]) for r in range(rows)) != column_totals[c]:
                    return
            for cell, value in chosen.items():
                found[cell].add(value)
            return
        cell = cells[index]
        for value in domain(cell):
            chosen[cell] = value
            row = cell[0]
            row_done = all((row, c) in chosen or (row, c) not in hidden for c in range(cols))
            if not row_done or sum(chosen.get((row, c), grid[row][c]) for c in range(cols)) == sum(grid[row]):
                walk(index + 1, chosen)
            del chosen[cell]

    walk(0, {})
    return found


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=3, max_size=3))
def test_a_reader_trying_every_value_cannot_pin_a_hidden_cell(grid: list[list[int]]) -> None:
    assume(all(sum(row) >= 5 for row in grid) and all(sum(row[c] for row in grid) >= 5 for c in range(3)))
    report = Disclosure(threshold=5)
    for r, row in enumerate(grid):
        report.total(report.number(("row", r), sum(row)), [report.number((r, c), v) for c, v in enumerate(row)])
    for c in range(3):
        report.total(report.number(("col", c), sum(row[c] for row in grid)), [(r, c) for r in range(3)])
    report.apply()
    if any(isinstance(k[0], str) and report.status(k) for k in report.values):
        return  # a total was hidden too: the reader knows even less than the solver below assumes
    hidden = {k: report.status(k) for k in report.values if report.status(k) and isinstance(k[0], int)}
    for cell, values in solutions(grid, hidden).items():  # type: ignore[arg-type]
        assert len(values) >= 2, f"{cell} can only be {values} in {grid}"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=4), min_size=2, max_size=4))
def test_out_of_time_the_report_hides_more_and_still_pins_nothing(grid: list[list[int]]) -> None:
    """Attack F13: the search over a real month (hundreds of counters) outlived the worker's timeout."""
    report = Disclosure(threshold=5, budget_seconds=0)  # the budget is spent before the first choice
    for r, row in enumerate(grid):
        report.total(report.number(("row", r), sum(row)), [report.number((r, c), v) for c, v in enumerate(row)])
    for c in range(len(grid[0])):
        parts = [(r, c) for r, row in enumerate(grid) if c < len(row)]
        report.total(report.number(("col", c), sum(row[c] for row in grid if c < len(row))), parts)
    report.total(report.number("all", sum(map(sum, grid))), [("row", r) for r in range(len(grid))])
    report.apply()
    everything_hidden = all(report.status(key) for key, value in report.values.items() if value > 0)
    assert report.determined() == set() or everything_hidden
    assert all(report.status(key) == SMALL for key, value in report.values.items() if 0 < value < 5)


def test_out_of_time_every_number_linked_to_a_small_one_is_hidden() -> None:
    report = Disclosure(threshold=5, budget_seconds=0)
    total = report.number("reached age", 24)
    report.total(total, [report.number("adult", 3), report.number("under18", 21)])
    report.number("elsewhere", 2)  # small but in no relation with the table
    report.apply()
    assert report.determined() == set()
    assert [report.status(key) for key in report.values] == [COMPLEMENT, SMALL, COMPLEMENT, SMALL]
    assert age_table(adult=3, under18=21).status("reached age") == ""  # the full search shows the total
