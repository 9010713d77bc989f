"""Small numbers stay anonymous: "<5" cells, complementary cells, no share from a hidden cell, and a property test
that no exported table lets a hidden cell be recovered from its total and the other cells."""
from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from ketenregie.documents.monitor_tables import table_rows
from ketenregie.domain.monitor.period import year
from ketenregie.domain.monitor.report import MonitorReport
from ketenregie.domain.monitor.suppression import (Statistic, Table, display, display_share, display_total,
                                                   effective_minimum, suppress_group)


def shown(group, minimum=5):
    return [display(c, minimum) for c in group.cells], display_total(group, minimum)


def test_a_small_count_is_shown_as_below_five_and_its_smallest_neighbour_is_hidden_too():
    group = suppress_group("Route", [("a", 3), ("b", 10), ("c", 12)], 5)
    assert shown(group) == (["<5", "x", "12"], "25")
    # no share from a hidden cell; the visible one still has its share over the visible total
    assert [display_share(group, c) for c in group.cells] == ["", "", "48%"]


def test_zero_is_shown_and_reveals_nobody():
    group = suppress_group("Route", [("a", 0), ("b", 10), ("c", 12)], 5)
    assert shown(group) == (["0", "10", "12"], "22")


def test_the_total_is_hidden_when_no_complementary_cell_can_protect_the_small_one():
    # a in 1..4 and b in 5..6 with a + b = 6 would pin a to 1: the total goes too
    group = suppress_group("Route", [("a", 1), ("b", 5)], 5)
    assert shown(group) == (["<5", "x"], "x")
    assert group.total_hidden


def test_a_small_total_hides_the_whole_group():
    group = suppress_group("Crisis", [("ja", 2), ("nee", 0)], 5)
    assert shown(group) == (["<5", "0"], "<5")


def test_the_minimum_is_never_below_five():
    assert effective_minimum(3) == 5 and effective_minimum(None) == 5 and effective_minimum(8) == 8
    group = suppress_group("Route", [("a", 6), ("b", 12)], 10)
    assert shown(group, 10) == (["<10", "x"], "18")


def test_statistics_need_enough_cases_behind_them():
    assert Statistic("mediaan", 29.0, 4, "dagen").text(5) == "<5"
    assert Statistic("mediaan", 29.0, 5, "dagen").text(5) == "29 dagen"
    assert Statistic("mediaan", None, 0).text(5) == "-"


# --- the property: nothing hidden can be worked out from what is exported --------------------------------------

def _exported(counts: list[int], minimum: int) -> list[list[str]]:
    group = suppress_group("G", [(f"c{i}", n) for i, n in enumerate(counts)], minimum)
    report = MonitorReport(year(2026), minimum, tables=[Table("t", "T", (group,))])
    return table_rows(report)


def _feasible_values(values: list[str], total: str, minimum: int, total_guess: int) -> list[set[int]] | None:
    """For each hidden cell, every value it could take given only the exported strings (brute force)."""
    t = int(total)
    hidden = [i for i, v in enumerate(values) if not v.isdigit()]
    rest = t - sum(int(v) for v in values if v.isdigit())
    ranges = [range(1, minimum) if values[i].startswith("<") else range(minimum, t + 1) for i in hidden]
    seen = [set() for _ in hidden]
    for combo in itertools.product(*ranges):
        if sum(combo) == rest:
            for k, v in enumerate(combo):
                seen[k].add(v)
    return seen


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=25), min_size=1, max_size=5),
       st.sampled_from([5, 6]))
def test_no_exported_table_lets_a_hidden_cell_be_recovered(counts, minimum):
    rows = _exported(counts, minimum)
    values = [r[3] for r in rows if r[2] != "Totaal"]
    total = next(r[3] for r in rows if r[2] == "Totaal")
    # what is shown is true, and nothing from 1 to minimum-1 is ever shown as a number
    for shown_value, true in zip(values, counts):
        if shown_value.isdigit():
            assert int(shown_value) == true
            assert true == 0 or true >= minimum
        else:
            assert true > 0
    if not total.isdigit():
        return  # no total published: each hidden cell keeps its whole range
    assert int(total) == sum(counts)
    hidden_true = [c for v, c in zip(values, counts) if not v.isdigit()]
    for possible, true in zip(_feasible_values(values, total, minimum, sum(counts)), hidden_true):
        assert true in possible
        assert len(possible) >= 2, "a hidden cell could be worked out from the total"
