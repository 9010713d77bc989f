"""Checklist and bridge data files: the shipped files validate; broken files are reported with file and line."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ketenregie.domain.bridge import STEP_COUNT
from ketenregie.domain.checklists import (BRIDGE_RESOURCE, CHECKLIST_RESOURCE, SECTION_IDS, DataFileError,
                                          TomlLineIndex, load_bridge, load_bridge_with_fallback, load_checklist)
from ketenregie.resources import resource_path

BRIDGE = resource_path(*BRIDGE_RESOURCE)
CHECKLIST = resource_path(*CHECKLIST_RESOURCE)


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def _nth_line_of(text: str, needle: str, n: int) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[n]


def _write(tmp_path: Path, text: str, name: str = "brug.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the shipped files --------------------------------------------------------------------------------------

def test_shipped_checklist_has_before_during_after_with_items():
    checklist = load_checklist(CHECKLIST)
    assert [s.id for s in checklist.sections] == list(SECTION_IDS)
    assert all(section.items for section in checklist.sections)
    assert checklist.item("no_paperwork_condition").kinds == {"intake"}
    assert checklist.item("one_topic").kinds == {"intake", "progress", "aftercare"}
    intake_before = checklist.section("before").items_for("intake")
    progress_before = checklist.section("before").items_for("progress")
    assert len(intake_before) == len(progress_before) + 1


def test_shipped_bridge_has_five_pillars_with_five_steps_per_sub_area():
    bridge = load_bridge(BRIDGE, built_in=True)
    assert [p.id for p in bridge.pillars] == ["family_stability", "well_being", "financial_management",
                                              "education", "employment"]
    assert all(pillar.sub_areas for pillar in bridge.pillars)
    assert all(len(sub.steps) == STEP_COUNT and all(sub.steps) for sub in bridge.sub_areas)
    assert bridge.pillar_of("debts").id == "financial_management"
    assert bridge.sub_area("housing").step_text(1).startswith("Geen vaste woonplek")


# --- broken files: file and line in the message ---------------------------------------------------------------

def test_toml_syntax_error_names_file_and_line(tmp_path):
    text = BRIDGE.read_text(encoding="utf-8")
    target = _line_of(text, 'label = "Schulden"')
    lines = text.splitlines()
    lines[target - 1] = 'label = "Schulden'  # unterminated string
    path = _write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(DataFileError) as info:
        load_bridge(path)
    assert info.value.line == target
    assert str(path) in str(info.value) and f"regel {target}" in str(info.value)
    assert "geen geldige TOML" in str(info.value)


def test_wrong_number_of_steps_points_at_the_steps_key(tmp_path):
    text = BRIDGE.read_text(encoding="utf-8")
    text = text.replace('    "Een buffer van meer maanden, en sparen voor een doel.",\n', "")
    path = _write(tmp_path, text)
    with pytest.raises(DataFileError) as info:
        load_bridge(path)
    buffer = _line_of(text, 'id = "buffer"')
    assert info.value.line == buffer + 2  # id, label, steps
    assert text.splitlines()[info.value.line - 1].startswith("steps = [")
    assert "precies 5" in info.value.problem and "buffer" in info.value.problem


def test_empty_step_text_points_at_its_own_line(tmp_path):
    text = BRIDGE.read_text(encoding="utf-8").replace('"Lukt meestal zelf.",', '"  ",')
    path = _write(tmp_path, text)
    with pytest.raises(DataFileError) as info:
        load_bridge(path)
    assert info.value.line == _line_of(text, '"  ",')
    assert "trede 4" in info.value.problem


def test_unknown_key_and_duplicate_id_are_located(tmp_path):
    text = BRIDGE.read_text(encoding="utf-8").replace('short = "Welzijn"', 'short = "Welzijn"\ncolour = "red"')
    with pytest.raises(DataFileError) as info:
        load_bridge(_write(tmp_path, text))
    assert info.value.line == _line_of(text, 'colour = "red"') and "colour" in info.value.problem

    text = BRIDGE.read_text(encoding="utf-8").replace('id = "work"', 'id = "income"')
    with pytest.raises(DataFileError) as info:
        load_bridge(_write(tmp_path, text))
    assert info.value.line == _nth_line_of(text, 'id = "income"', 1)
    assert "twee keer" in info.value.problem


def test_checklist_unknown_kind_and_section_order_are_located(tmp_path):
    text = CHECKLIST.read_text(encoding="utf-8").replace('kinds = ["intake"]', 'kinds = ["intake", "koffie"]')
    with pytest.raises(DataFileError) as info:
        load_checklist(_write(tmp_path, text, "checklist.toml"))
    assert info.value.line == _line_of(text, "koffie") and "koffie" in info.value.problem

    text = CHECKLIST.read_text(encoding="utf-8").replace('id = "during"', 'id = "tijdens"')
    with pytest.raises(DataFileError) as info:
        load_checklist(_write(tmp_path, text, "checklist.toml"))
    assert info.value.line == _line_of(text, 'id = "tijdens"')


def test_missing_and_non_utf8_files_are_named(tmp_path):
    with pytest.raises(DataFileError, match="bestaat niet"):
        load_bridge(tmp_path / "weg.toml")
    path = tmp_path / "latin1.toml"
    path.write_bytes("title = 'caf\xe9'".encode("latin-1"))
    with pytest.raises(DataFileError, match="UTF-8") as info:
        load_bridge(path)
    assert str(path) in str(info.value)


def test_wrong_pillar_count_is_reported(tmp_path):
    text = BRIDGE.read_text(encoding="utf-8")
    text = text[:text.index('[[pillar]]\nid = "employment"')]
    with pytest.raises(DataFileError, match="vijf pijlers") as info:
        load_bridge(_write(tmp_path, text))
    assert info.value.line is not None


# --- replacement via policy, with fallback ---------------------------------------------------------------------

def test_valid_replacement_is_used(tmp_path):
    text = BRIDGE.read_text(encoding="utf-8").replace('label = "Wonen"', 'label = "Woonsituatie"')
    loaded = load_bridge_with_fallback(BRIDGE, _write(tmp_path, text))
    assert loaded.replaced and not loaded.warning
    assert loaded.bridge.sub_area("housing").label == "Woonsituatie"
    assert not loaded.bridge.built_in


def test_broken_replacement_falls_back_to_built_in_with_a_visible_warning(tmp_path):
    text = BRIDGE.read_text(encoding="utf-8").replace('format = "ketenregie-bridge"', 'format = "iets anders"')
    path = _write(tmp_path, text)
    loaded = load_bridge_with_fallback(BRIDGE, path)
    assert loaded.bridge.built_in and not loaded.replaced
    assert str(path) in loaded.warning and f"regel {_line_of(text, 'format =')}" in loaded.warning
    assert "meegeleverde" in loaded.warning


def test_no_replacement_means_built_in_without_warning():
    loaded = load_bridge_with_fallback(BRIDGE, None)
    assert loaded.bridge.built_in and loaded.warning == ""


# --- property: the located line is the line of the broken step, whatever the layout ----------------------------

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_line_index_finds_any_step_under_random_blank_and_comment_lines(tmp_path, data):
    original = BRIDGE.read_text(encoding="utf-8").splitlines()
    padded = []
    for line in original:
        padded.append(line)
        extra = data.draw(st.sampled_from(["", None, "# opmerking [[pillar]] = 'x'", "   "]))
        if extra is not None and not line.rstrip().endswith(("[", ",")) and not line.startswith("    "):
            padded.append(extra)
    text = "\n".join(padded) + "\n"
    bridge = load_bridge(_write(tmp_path, text))
    p = data.draw(st.integers(0, 4))
    s = data.draw(st.integers(0, len(bridge.pillars[p].sub_areas) - 1))
    n = data.draw(st.integers(0, STEP_COUNT - 1))
    index = TomlLineIndex(text)
    line = index.line_of(("pillar", p, "sub_area", s, "steps", n))
    assert bridge.pillars[p].sub_areas[s].steps[n] in padded[line - 1]


# --- the documents list ("Meenemen / opsturen") -------------------------------------------------------------

def test_shipped_document_list_validates():
    from ketenregie.domain.checklists import DOCUMENTS_RESOURCE, load_document_list

    documents = load_document_list(resource_path(*DOCUMENTS_RESOURCE))
    assert documents.id == "documents" and len(documents.items) >= 5
    assert len({item.id for item in documents.items}) == len(documents.items)


def test_broken_document_list_is_reported_with_its_line(tmp_path):
    from ketenregie.domain.checklists import DOCUMENTS_RESOURCE, load_document_list

    shipped = resource_path(*DOCUMENTS_RESOURCE).read_text(encoding="utf-8")
    text = shipped.replace('text = "brief van de deurwaarder"', 'text = "' + "x" * 61 + '"')
    with pytest.raises(DataFileError) as info:
        load_document_list(_write(tmp_path, text, "papieren.toml"))
    assert info.value.line == _line_of(text, "x" * 61) and "te lang" in info.value.problem
    assert "papieren.toml" in str(info.value)

    text = shipped.replace('id = "payslip"', 'id = "payslip"\nurl = "x"')
    with pytest.raises(DataFileError) as info:
        load_document_list(_write(tmp_path, text, "papieren.toml"))
    assert info.value.line == _line_of(text, 'url = "x"') and "url" in info.value.problem
