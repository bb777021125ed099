"""Small-number suppression that cannot be undone: one rule for every number a report publishes.

A report registers each published number once (a key and its value) and every relation a reader
knows between them: totals (a total is the sum of its parts) and equal sums (an answer that always
leads to the same outcomes). Then:

1. **primary**: a number with 0 < value < threshold is hidden ("< 5");
2. **complementary**: while any hidden number can still be worked out — exactly, by solving the
   published relations (linear algebra over the hidden numbers), or by bounds (each hidden number is
   at least 1, a small one at most threshold − 1) — one more number is hidden: the smallest visible,
   non-zero number in a relation with it ("x").

The result is checked, not hoped for: `determined()` is the same test a reader could do.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

SMALL, COMPLEMENT = "small", "complement"
_PRIME = (1 << 61) - 1  # exact arithmetic modulo a large prime; coefficients are 0 and ±1
MAX_TRIES = 12  # candidates tried, smallest first, for each complementary cell
BATCH = 8  # more exposed numbers than this: protect them all in one round (large reports)


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
        # (a quick pass over totals first made the audit pick worse complements; the audit alone decides)
        while exposed := self.determined():
            if not any(k not in self.hidden and v > 0 for k, v in self.values.items()):
                break  # everything that could be hidden is
            if len(exposed) > BATCH:
                # Many at once (large reports): one cheap pick per exposed number, then audit again.
                for key in sorted(exposed, key=repr):
                    pick = self._nearest(key)
                    if pick is not None:
                        self.hidden[pick] = COMPLEMENT
            else:
                pick = self._complement_for(next(iter(exposed)))
                if pick is None:
                    break  # everything that could be hidden is
                self.hidden[pick] = COMPLEMENT
        return self

    def _nearest(self, exposed: Hashable) -> Hashable | None:
        """The smallest visible non-zero number in a relation with exposed, if any."""
        near = [k for r in self.relations if exposed in r.members() for k in r.members()]
        shown = [k for k in near if k not in self.hidden and self.values[k] > 0]
        return min(shown, key=lambda k: (self.values[k], repr(k))) if shown else None

    def _protect_totals(self) -> None:
        """A quick first pass: no shown total may have exactly one hidden part (the audit below is exact
        but costs a solve per try; this settles most cases at once)."""
        changed = True
        while changed:
            changed = False
            for relation in self.relations:
                if len(relation.left) != 1 or relation.left[0] in self.hidden:
                    continue
                hidden = [k for k in relation.right if k in self.hidden]
                shown = [k for k in relation.right if k not in self.hidden and self.values[k] > 0]
                if len(hidden) == 1:
                    pick = min(shown, key=lambda k: (self.values[k], repr(k))) if shown else relation.left[0]
                    self.hidden[pick] = COMPLEMENT
                    changed = True

    def determined(self) -> set[Hashable]:
        """The hidden numbers a reader can work out from the shown ones and the relations."""
        return _solved(self._hidden_rows()) | self._pinned_by_bounds()

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

    def _pinned_by_bounds(self) -> set[Hashable]:
        """Small numbers the relations and the bounds (each hidden number ≥ 1, a small one ≤ threshold − 1)
        leave only one value for: interval propagation over every relation until nothing tightens."""
        big = sum(self.values.values()) + 1
        low = {k: 1 for k in self.hidden}
        high = {k: (self.threshold - 1 if status == SMALL else big) for k, status in self.hidden.items()}

        def bounds(key: Hashable) -> tuple[int, int]:
            return (low[key], high[key]) if key in self.hidden else (self.values[key], self.values[key])

        for _ in range(50):
            tightened = False
            for relation in self.relations:
                for side, other in ((relation.left, relation.right), (relation.right, relation.left)):
                    other_low = sum(bounds(k)[0] for k in other)
                    other_high = sum(bounds(k)[1] for k in other)
                    for key in [k for k in side if k in self.hidden]:
                        rest_low = sum(bounds(k)[0] for k in side) - low[key]
                        rest_high = sum(bounds(k)[1] for k in side) - high[key]
                        new_low, new_high = max(low[key], other_low - rest_high), min(high[key], other_high - rest_low)
                        if (new_low, new_high) != (low[key], high[key]):
                            low[key], high[key], tightened = new_low, new_high, True
            if not tightened:
                break
        # high < low: a relation that does not hold exactly (paths and answers are counted apart): no proof.
        return {k for k in self.hidden if self.hidden[k] == SMALL and high[k] == low[k]}

    def _complement_for(self, exposed: Hashable) -> Hashable | None:
        """The smallest visible non-zero number whose hiding protects exposed; else the smallest near it."""
        near = [k for r in self.relations if exposed in r.members() for k in r.members()]
        frontier = [k for r in self.relations if any(k in self.hidden for k in r.members()) for k in r.members()]
        candidates = sorted(
            {k for k in near + frontier if k not in self.hidden and self.values[k] > 0},
            key=lambda k: (self.values[k], repr(k)),
        )
        for candidate in candidates[:MAX_TRIES]:
            self.hidden[candidate] = COMPLEMENT
            protected = exposed not in self.determined()
            del self.hidden[candidate]
            if protected:
                return candidate
        # No single number protects it: hide the smallest one in a relation with it, and look again.
        closest = [k for k in candidates if k in near] or candidates
        return closest[0] if closest else None


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
