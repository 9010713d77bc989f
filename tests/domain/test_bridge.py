"""Bridge progress: the step per pillar across conversations, its text alternative, and styles that do not rely
on colour."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from ketenregie.domain.bridge import (SERIES_STYLES, STEP_COUNT, BridgeSnapshot, bridge_progress, format_step,
                                      pillar_value)
from ketenregie.domain.checklists import BRIDGE_RESOURCE, load_bridge
from ketenregie.resources import resource_path


@pytest.fixture(scope="module")
def bridge():
    return load_bridge(resource_path(*BRIDGE_RESOURCE), built_in=True)


def test_pillar_value_is_the_mean_of_placed_sub_areas(bridge):
    finance = bridge.pillar("financial_management")
    assert pillar_value(finance, {"debts": 2, "buffer": 3}) == 2.5
    assert pillar_value(finance, {"debts": 2}) == 2
    assert pillar_value(finance, {"housing": 4}) is None


def test_progress_orders_snapshots_and_counts_points(bridge):
    later = BridgeSnapshot(date(2026, 5, 12), {"housing": 4, "debts": 3, "buffer": 2})
    first = BridgeSnapshot(date(2026, 2, 3), {"housing": 2, "debts": 1, "mystery": 3})
    progress = bridge_progress(bridge, [later, first])
    assert [s.held_on for s in progress.snapshots] == [date(2026, 2, 3), date(2026, 5, 12)]
    family = progress.series[0]
    assert family.values == (2, 4)
    assert progress.series[2].values == (1, 2.5)
    assert progress.series[1].values == (None, None)
    assert progress.point_count == 4
    assert progress.unknown_sub_areas == {"mystery"}


def test_text_alternative_describes_every_pillar_in_dutch(bridge):
    progress = bridge_progress(bridge, [BridgeSnapshot(date(2026, 2, 3), {"debts": 1, "buffer": 2}),
                                        BridgeSnapshot(date(2026, 3, 17), {"debts": 2, "buffer": 2})])
    text = progress.text_alternative()
    assert "2 gesprekken (3 februari 2026, 17 maart 2026)" in text
    assert "Financieel beheer: 1,5 → 2." in text
    assert "Welzijn: nog niet besproken." in text
    assert "nog geen gesprekken" in bridge_progress(bridge, []).text_alternative()


def test_series_styles_differ_in_shape_pattern_and_grey_not_only_colour():
    assert len({s.marker for s in SERIES_STYLES}) == len(SERIES_STYLES)
    assert len({s.dash for s in SERIES_STYLES}) == len(SERIES_STYLES)
    greys = sorted(s.grey for s in SERIES_STYLES)
    assert all(b - a >= 0.2 for a, b in zip(greys, greys[1:]))


@given(st.dictionaries(st.sampled_from(["housing", "care_for_others", "health", "social_network", "debts",
                                        "buffer", "schooling", "basic_skills", "income", "work"]),
                       st.integers(1, STEP_COUNT), max_size=10))
def test_pillar_values_stay_on_the_bridge(placements):
    bridge = load_bridge(resource_path(*BRIDGE_RESOURCE))
    for pillar in bridge.pillars:
        value = pillar_value(pillar, placements)
        assert value is None or 1 <= value <= STEP_COUNT
        if value is not None:
            assert format_step(value).replace(",", "").isdigit()
