"""Small numbers stay anonymous (issue 13 item 4, DOMAIN.md §6, §12).

A table is a list of groups; each group is a set of counts that add up to the group's total (one additive
relation per group, so hiding can be checked group by group). Rules:
- a count from 1 to minimum-1 is shown as "<5" (primary suppression; 0 is shown as 0: it reveals nobody);
- a total below the minimum hides the whole group;
- complementary suppression: while any hidden cell could be worked out from the total and the other cells (the
  attacker knows a "<5" cell lies in 1..minimum-1 and an "x" cell in minimum..total), the smallest visible
  non-zero cell is hidden too, marked "x";
- shares are computed only from visible cells over a visible total.
`MonitorMinimumCell` is never below 5 (`effective_minimum`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

FLOOR = 5
SMALL_MARK = "<5"  # rebuilt from the minimum in `small_mark`
COMPLEMENT_MARK = "x"


def effective_minimum(configured: int | None) -> int:
    return max(FLOOR, int(configured or FLOOR))


def small_mark(minimum: int) -> str:
    return f"<{minimum}"


@dataclass(frozen=True, slots=True)
class Cell:
    label: str
    count: int  # the true count: never shown or exported when hidden
    hidden: str | None = None  # None (visible), "small" or "complement"

    @property
    def visible(self) -> bool:
        return self.hidden is None


@dataclass(frozen=True, slots=True)
class Group:
    label: str
    cells: tuple[Cell, ...]
    total: int
    total_hidden: bool = False
    additive: bool = True  # False: the cells may overlap (e.g. several target groups per case); no total relation

    def share(self, cell: Cell) -> float | None:
        """cell / total, only from a visible cell over a visible, non-zero total."""
        if not cell.visible or self.total_hidden or self.total == 0:
            return None
        return cell.count / self.total


def feasible_range(cells: tuple[Cell, ...], total: int, index: int, minimum: int) -> tuple[int, int]:
    """The values hidden cell `index` could have, given what is published (visible cells, total, marks)."""
    hidden_sum = total - sum(c.count for c in cells if c.visible)
    bounds = []
    for c in cells:
        if c.hidden == "small":
            bounds.append((1, minimum - 1))
        elif c.hidden == "complement":
            bounds.append((minimum, total))
        else:
            bounds.append(None)
    lo_i, hi_i = bounds[index]
    others = [b for j, b in enumerate(bounds) if b is not None and j != index]
    lo = max(lo_i, hidden_sum - sum(b[1] for b in others))
    hi = min(hi_i, hidden_sum - sum(b[0] for b in others))
    return lo, hi


def _recoverable(cells: tuple[Cell, ...], total: int, minimum: int) -> bool:
    return any(not c.visible and (lambda r: r[0] >= r[1])(feasible_range(cells, total, i, minimum))
               for i, c in enumerate(cells))


def suppress_group(label: str, counts: list[tuple[str, int]], minimum: int, *, total: int | None = None,
                   additive: bool = True) -> Group:
    """A suppressed group. `total` defaults to the sum of the counts (additive groups)."""
    minimum = effective_minimum(minimum)
    total = sum(n for _, n in counts) if total is None else total
    if 0 < total < minimum:
        cells = tuple(Cell(name, n, "small" if n > 0 else None) for name, n in counts)
        return Group(label, tuple(Cell(c.label, c.count, "small" if c.count else None) for c in cells), total,
                     True, additive)
    cells = [Cell(name, n, "small" if 0 < n < minimum else None) for name, n in counts]
    if additive:
        while _recoverable(tuple(cells), total, minimum):
            candidates = [i for i, c in enumerate(cells) if c.visible and c.count > 0]
            if not candidates:  # nothing left to hide beside: hide the total instead
                return Group(label, tuple(cells), total, True, additive)
            i = min(candidates, key=lambda k: cells[k].count)
            cells[i] = Cell(cells[i].label, cells[i].count, "complement")
    return Group(label, tuple(cells), total, False, additive)


def display(cell: Cell, minimum: int) -> str:
    if cell.hidden == "small":
        return small_mark(effective_minimum(minimum))
    if cell.hidden == "complement":
        return COMPLEMENT_MARK
    return str(cell.count)


def display_total(group: Group, minimum: int) -> str:
    if group.total_hidden:
        return small_mark(effective_minimum(minimum)) if group.total < effective_minimum(minimum) \
            else COMPLEMENT_MARK
    return str(group.total)


def display_share(group: Group, cell: Cell) -> str:
    share = group.share(cell)
    return "" if share is None else f"{share * 100:.0f}%".replace(".", ",")


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table of groups, with a short neutral explanation and the unit of its cells."""

    key: str
    title: str
    groups: tuple[Group, ...]
    explanation: str = ""
    value_label: str = "Aantal"
    with_share: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Statistic:
    """A figure that is not a count (a median in days, an average step change, a rate): shown only when at least
    `minimum` cases stand behind it."""

    label: str
    value: float | None  # None: hidden (too few cases) or nothing to compute
    cases: int
    unit: str = ""

    def text(self, minimum: int, decimals: int = 0) -> str:
        if self.cases == 0:
            return "-"
        if self.cases < effective_minimum(minimum):
            return small_mark(effective_minimum(minimum))
        if self.value is None:
            return COMPLEMENT_MARK
        return f"{self.value:.{decimals}f}".replace(".", ",") + (f" {self.unit}" if self.unit else "")


@dataclass(frozen=True, slots=True)
class StatTable:
    key: str
    title: str
    rows: tuple[Statistic, ...]
    explanation: str = ""
    decimals: int = 0
