"""Small-number suppression that cannot be undone: one rule for every number a report publishes.

A report registers each published number once (a key and its value) and every relation a reader
knows between them: totals (a total is the sum of its parts) and equal sums (an answer that always
leads to the same outcomes). Then:

1. **primary**: a number with 0 < value < threshold is hidden ("< 5");
2. **complementary**: while any small number can still be worked out — exactly, by solving the
   published relations (linear algebra over the hidden numbers), or by bounds (each hidden number is
   at least 1, a small one at most threshold − 1) — one more number is hidden: the smallest visible,
   non-zero number in a relation with it ("x");
3. **nothing hidden in vain**: an "x" a reader can work out exactly anyway is shown again. It protects
   nothing (the bounds already use its exact value) and a coordinator must see every true figure
   that is neither small nor a key to a small one — e.g. a month's total whose small part is
   protected by hiding a sibling, not the total. Parts are hidden before totals, and each hidden
   total is tried once more at the end (shown unless that exposes a small number);
4. **a time budget**: a report whose search runs past `BUDGET_SECONDS` hides every number linked to
   a small one instead (more "x", never less protection), so a large report never outlives a worker.

The result is checked, not hoped for: `determined()` is the same test a reader could do.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass, field

SMALL, COMPLEMENT = "small", "complement"
_PRIME = (1 << 61) - 1  # exact arithmetic modulo a large prime; coefficients are 0 and ±1
MAX_TRIES = 12  # candidates tried, smallest first, for each complementary cell
BATCH = 8  # more exposed numbers than this: protect them all in one round (large reports)
MAX_SHOWN_AGAIN = 40  # hidden totals tried again at the end, largest first
ROUNDS = 50  # rounds of bounds propagation at most (relations that do not hold exactly creep)
BUDGET_SECONDS = 4.0  # past this, hide more rather than search on: a report must never outlive a worker


_Side = tuple[tuple[int, ...], tuple[int, ...], list[int], bool]  # see Disclosure._sides_with_hidden


@dataclass
class Relation:
    """sum(left) == sum(right); a total is Relation([total], parts)."""

    left: tuple[Hashable, ...]
    right: tuple[Hashable, ...]

    def members(self) -> tuple[Hashable, ...]:
        """Every number in the relation."""
        return self.left + self.right


@dataclass
class Disclosure:
    """The published numbers of one report and what a reader knows about them."""

    threshold: int
    values: dict[Hashable, int] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    hidden: dict[Hashable, str] = field(default_factory=dict)
    budget_seconds: float = BUDGET_SECONDS

    def number(self, key: Hashable, value: int) -> Hashable:
        """Publish value under key (the same key twice must carry the same value)."""
        if self.values.setdefault(key, value) != value:
            raise ValueError(f"{key!r} published as {self.values[key]} and as {value}")
        return key

    def total(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        """A reader knows that total is the sum of parts (parts never published count as 0)."""
        parts = tuple(part for part in parts if part in self.values)
        if parts and total in self.values:
            self.relations.append(Relation((total,), parts))

    def same(self, left: Iterable[Hashable], right: Iterable[Hashable]) -> None:
        """A reader knows that the two sums are equal (from the questionnaire's routes)."""
        left, right = tuple(k for k in left if k in self.values), tuple(k for k in right if k in self.values)
        if left and right:
            self.relations.append(Relation(left, right))

    def status(self, key: Hashable) -> str:
        """'' (shown), SMALL (shown as '< threshold') or COMPLEMENT (shown as 'x')."""
        return self.hidden.get(key, "")

    def apply(self) -> Disclosure:
        """Hide the small numbers, then enough others that none of them can be worked out."""
        for key, value in self.values.items():
            if 0 < value < self.threshold:
                self.hidden[key] = SMALL
        equal = self._equal_classes()
        deadline = time.monotonic() + self.budget_seconds
        while exposed := self.exposed():
            if not any(k not in self.hidden and v > 0 for k, v in self.values.items()):
                break  # everything that could be hidden is
            if time.monotonic() > deadline:
                self._hide_around_small()
                return self
            if len(exposed) > BATCH:
                # Many at once (large reports): one cheap pick per exposed number, then audit again.
                for key in sorted(exposed, key=repr):
                    pick = self._nearest(key)
                    if pick is not None:
                        self._hide(equal[pick])
            else:
                pick = self._complement_for(min(exposed, key=repr), equal)
                if pick is None:
                    break  # everything that could be hidden is
                self._hide(equal[pick])
        self._show_what_is_known()
        self._show_totals_again(equal, deadline)
        self._show_what_is_known()  # a total shown again can fix an 'x' beside it
        return self

    def _hide_around_small(self) -> None:
        """Out of time: hide every non-zero number linked, through any chain of relations, to a small
        one. Each relation is then either all shown or all hidden (zeros apart), which pins nothing
        a reader did not know already; the search's finer choice is given up, never the protection."""
        linked: dict[Hashable, set[Hashable]] = {}
        for relation in self.relations:
            members = set(relation.members())
            for key in members:
                linked.setdefault(key, set()).update(members)
        waiting = [key for key, status in self.hidden.items() if status == SMALL]
        seen = set(waiting)
        while waiting:
            for key in linked.get(waiting.pop(), ()):
                if key not in seen:
                    seen.add(key)
                    waiting.append(key)
        self._hide(seen)

    def exposed(self) -> set[Hashable]:
        """The small numbers a reader can work out: what suppression must prevent."""
        return {key for key in self.determined() if self.hidden[key] == SMALL}

    def _hide(self, keys: Iterable[Hashable]) -> list[Hashable]:
        """Hide the shown non-zero numbers among keys; the ones newly hidden."""
        newly = [k for k in keys if k not in self.hidden and self.values[k] > 0]
        self.hidden.update(dict.fromkeys(newly, COMPLEMENT))
        return newly

    def _equal_classes(self) -> dict[Hashable, tuple[Hashable, ...]]:
        """Each number with every number a reader knows to be equal to it (a total of one part, an
        answer that always leads to one outcome, a month that is the whole period): hiding one of
        them alone would hide nothing."""
        parent = {key: key for key in self.values}

        def root(key: Hashable) -> Hashable:
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for relation in self.relations:
            if len(relation.left) == 1 and len(relation.right) == 1:
                parent[root(relation.left[0])] = root(relation.right[0])
        members: dict[Hashable, list[Hashable]] = {}
        for key in self.values:
            members.setdefault(root(key), []).append(key)
        return {key: tuple(members[root(key)]) for key in self.values}

    def _show_what_is_known(self) -> None:
        """Show again every 'x' the relations fix exactly: hiding it keeps nothing from a reader."""
        known = [k for k in _solved(self._hidden_rows()) if self.hidden.get(k) == COMPLEMENT]
        for key in known:
            del self.hidden[key]
        if known and self.exposed():  # cannot happen (bounds use solved values); never risk it
            self.hidden.update(dict.fromkeys(known, COMPLEMENT))

    def _show_totals_again(self, equal: dict[Hashable, tuple[Hashable, ...]], deadline: float) -> None:
        """Totals are what coordinators report: show each hidden total (with its equals) again unless
        that exposes a small number; largest first, bounded (each try is a solve)."""
        totals = self._totals()
        tried = sorted(
            (k for k, status in self.hidden.items() if status == COMPLEMENT and totals.get(k)),
            key=lambda k: (-totals[k], -self.values[k], repr(k)),
        )
        for key in tried[:MAX_SHOWN_AGAIN]:
            if time.monotonic() > deadline:
                return  # keeping a total hidden is always safe
            shown = [k for k in equal[key] if self.hidden.get(k) == COMPLEMENT]
            for k in shown:
                del self.hidden[k]
            if self.exposed():
                self.hidden.update(dict.fromkeys(shown, COMPLEMENT))

    def _totals(self) -> dict[Hashable, int]:
        """How many relations each number is the total of (the left side alone, with parts)."""
        totals: dict[Hashable, int] = {}
        for relation in self.relations:
            if len(relation.left) == 1 and len(relation.right) > 1:
                totals[relation.left[0]] = totals.get(relation.left[0], 0) + 1
        return totals

    def _order(self) -> Callable[[Hashable], tuple[int, int, str]]:
        """Which number to hide first: parts before totals, then the smallest."""
        totals = self._totals()
        return lambda k: (totals.get(k, 0), self.values[k], repr(k))

    def _nearest(self, exposed: Hashable) -> Hashable | None:
        """The smallest visible non-zero part (else total) in a relation with exposed, if any."""
        near = [k for r in self.relations if exposed in r.members() for k in r.members()]
        shown = [k for k in near if k not in self.hidden and self.values[k] > 0]
        return min(shown, key=self._order()) if shown else None

    def determined(self) -> set[Hashable]:
        """The hidden numbers a reader can work out from the shown ones and the relations."""
        solved = _solved(self._hidden_rows())
        return solved | self._pinned_by_bounds(solved)

    def _hidden_rows(self) -> list[dict[Hashable, int]]:
        rows = []
        for relation in self.relations:
            row: dict[Hashable, int] = {}
            for key in relation.left:
                if key in self.hidden:
                    row[key] = row.get(key, 0) + 1
            for key in relation.right:
                if key in self.hidden:
                    row[key] = row.get(key, 0) - 1
            if any(row.values()):
                rows.append(row)
        return rows

    def _pinned_by_bounds(self, solved: Collection[Hashable] = ()) -> set[Hashable]:
        """Small numbers the relations and the bounds (each hidden number ≥ 1, a small one ≤ threshold − 1)
        leave only one value for: interval propagation over every relation until nothing tightens (at
        most ROUNDS rounds: relations that do not hold exactly make the bounds creep). Numbers in
        solved are known exactly to a reader, so they enter with their value.

        The same computation, step for step, as taking every sum afresh for every number of every
        relation in every round (tests/coordinator/test_bounds.py keeps that plain version and
        compares): a side's sums are kept up to date as its numbers tighten, a side none of whose
        numbers changed since it last tightened nothing is skipped (it would tighten nothing again),
        and numbers are list positions rather than dictionary keys."""
        position = {key: number for number, key in enumerate(self.values)}
        low, high = self._starting_bounds(solved, position)
        sides = self._sides_with_hidden(position)
        touching: dict[int, list[int]] = {}
        for index, (side, other, _unknown, _twice) in enumerate(sides):
            for number in {*side, *other}:
                touching.setdefault(number, []).append(index)
        dirty = set(range(len(sides)))
        for _ in range(ROUNDS):
            tightened = False
            for index, (side, other, unknown, twice) in enumerate(sides):
                if index in dirty:
                    dirty.discard(index)
                    for number in _tighten(side, other, unknown, twice, low, high):
                        dirty.update(touching[number])
                        tightened = True
            if not tightened:
                break
        # high < low: a relation that does not hold exactly (paths and answers are counted apart): no proof.
        return {k for k, status in self.hidden.items() if status == SMALL and high[position[k]] == low[position[k]]}

    def _starting_bounds(
        self, solved: Collection[Hashable], position: dict[Hashable, int]
    ) -> tuple[list[int], list[int]]:
        """Shown and solved numbers are their value; a hidden one is ≥ 1 and a small one ≤ threshold − 1."""
        big = sum(self.values.values()) + 1
        low, high = list(self.values.values()), list(self.values.values())
        for key, status in self.hidden.items():
            if key not in solved:
                low[position[key]], high[position[key]] = 1, self.threshold - 1 if status == SMALL else big
        return low, high

    def _sides_with_hidden(self, position: dict[Hashable, int]) -> list[_Side]:
        """(side, other side, the hidden numbers of side in order, whether a number repeats in side),
        relation by relation, left then right; a side without hidden numbers has nothing to tighten."""
        sides = []
        for relation in self.relations:
            for side, other in ((relation.left, relation.right), (relation.right, relation.left)):
                unknown = [position[key] for key in side if key in self.hidden]
                if unknown:
                    numbers = tuple(position[key] for key in side)
                    twice = len(set(numbers)) < len(numbers)
                    sides.append((numbers, tuple(position[key] for key in other), unknown, twice))
        return sides

    def _complement_for(self, exposed: Hashable, equal: dict[Hashable, tuple[Hashable, ...]]) -> Hashable | None:
        """The first visible non-zero number (parts before totals, then the smallest) whose hiding, with
        its equals, protects exposed; else the first one near it."""
        near = [k for r in self.relations if exposed in r.members() for k in r.members()]
        frontier = [k for r in self.relations if any(k in self.hidden for k in r.members()) for k in r.members()]
        candidates = sorted(
            {k for k in near + frontier if k not in self.hidden and self.values[k] > 0},
            key=self._order(),
        )
        for candidate in candidates[:MAX_TRIES]:
            newly = self._hide(equal[candidate])
            protected = exposed not in self.exposed()
            for key in newly:
                del self.hidden[key]
            if protected:
                return candidate
        # No single number protects it: hide the first one in a relation with it, and look again.
        closest = [k for k in candidates if k in near] or candidates
        return closest[0] if closest else None


def _tighten(
    side: tuple[int, ...], other: tuple[int, ...], unknown: list[int], twice: bool, low: list[int], high: list[int]
) -> list[int]:
    """sum(side) == sum(other): narrow each hidden number of side to what the rest allows, in order,
    each with the side's sums as they are after the ones before it; the numbers that tightened."""
    other_low, other_high = sum(map(low.__getitem__, other)), sum(map(high.__getitem__, other))
    side_low, side_high = sum(map(low.__getitem__, side)), sum(map(high.__getitem__, side))
    changed = []
    for number in unknown:
        was_low, was_high = low[number], high[number]
        new_low = max(was_low, other_low - side_high + was_high)
        new_high = min(was_high, other_high - side_low + was_low)
        if new_low != was_low or new_high != was_high:
            times = side.count(number) if twice else 1  # a number twice in a side counts twice in its sums
            side_low += (new_low - was_low) * times
            side_high += (new_high - was_high) * times
            low[number], high[number] = new_low, new_high
            changed.append(number)
    return changed


def _solved(rows: list[dict[Hashable, int]]) -> set[Hashable]:
    """Unknowns fixed by the equations rows · x = constant: reduced row echelon form, exactly (mod p)."""
    pivots: dict[Hashable, dict[Hashable, int]] = {}
    for original in rows:
        row = {k: v % _PRIME for k, v in original.items() if v % _PRIME}
        for column in [c for c in row if c in pivots]:
            factor = row.get(column, 0)
            if factor:
                for k, v in pivots[column].items():
                    row[k] = (row.get(k, 0) - factor * v) % _PRIME
                row = {k: v for k, v in row.items() if v}
        if not row:
            continue
        column = min(row, key=repr)
        inverse = pow(row[column], _PRIME - 2, _PRIME)
        row = {k: v * inverse % _PRIME for k, v in row.items()}
        for other in pivots.values():
            factor = other.get(column, 0)
            if factor:
                for k, v in row.items():
                    other[k] = (other.get(k, 0) - factor * v) % _PRIME
                for k in [k for k, v in other.items() if not v]:
                    del other[k]
        pivots[column] = row
    return {column for column, row in pivots.items() if len(row) == 1}
