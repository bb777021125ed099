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
MAX_TRIES = 60  # candidates tried, smallest first, for each complementary cell


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
        while exposed := self.determined():
            self.hidden[self._complement_for(next(iter(sorted(exposed, key=repr))))] = COMPLEMENT
        return self

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
        """Small numbers a total leaves only one value for (each hidden number is ≥ 1)."""
        pinned: set[Hashable] = set()
        for relation in self.relations:
            if len(relation.left) != 1 or relation.left[0] in self.hidden:
                continue
            hidden = [key for key in relation.right if key in self.hidden]
            rest = self.values[relation.left[0]] - sum(self.values[k] for k in relation.right if k not in self.hidden)
            upper = {key: self.threshold - 1 if self.hidden[key] == SMALL else rest for key in hidden}
            for key in hidden:
                others = [k for k in hidden if k != key]
                low = max(1, rest - sum(upper[k] for k in others))
                high = min(upper[key], rest - len(others))
                if self.hidden[key] == SMALL and high <= low:
                    pinned.add(key)
        return pinned

    def _complement_for(self, exposed: Hashable) -> Hashable:
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
        if not closest:
            raise RuntimeError("nothing left to hide")  # pragma: no cover - every number would be hidden
        return closest[0]


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
