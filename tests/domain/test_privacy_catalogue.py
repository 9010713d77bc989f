"""Loading the privacy catalogue: a malformed file is refused with a Dutch message that names the problem."""
from __future__ import annotations

import pytest

from ketenregie.domain.privacy_catalogue import CatalogueError, load_catalogue, parse_catalogue

BASE = {
    "version": 1,
    "legal_basis": {"wgs_task": {"label": "Wgs-taak", "article": "AVG art. 6 lid 1 sub e"}},
    "retention": {"case_file": {"label": "Casus", "term": "5 jaar", "source": "Selectielijst"}},
    "recipient": {"partner_referral": {"label": "Partner"}},
    "field": [{"table": "households", "column": "name", "label": "Naam", "category": "identifying",
               "purpose": "Herkennen", "legal_basis": "wgs_task", "retention": "case_file",
               "recipients": ["partner_referral"]}],
}


def _with(**changes):
    raw = {k: (v.copy() if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in BASE.items()}
    field = dict(BASE["field"][0])
    field.update(changes.pop("field", {}))
    raw["field"] = [field]
    raw.update(changes)
    return raw


def test_minimal_catalogue_loads():
    catalogue = parse_catalogue(_with())
    assert catalogue.field("households", "name").category_label == "Identificerend"
    assert [f.key for f in catalogue.fields_for_recipient("partner_referral")] == ["households.name"]


@pytest.mark.parametrize("raw,fragment", [
    (_with(version=2), "version"),
    (_with(extra=1), "onbekende sleutel"),
    (_with(field={"category": "geheim"}), "onbekende categorie"),
    (_with(field={"legal_basis": "nope"}), "onbekende grondslag"),
    (_with(field={"retention": "nope"}), "onbekende bewaarregel"),
    (_with(field={"recipients": ["iedereen"]}), "onbekende ontvanger"),
    (_with(field={"purpose": " "}), "purpose"),
    (_with(field={"colour": "blauw"}), "onbekende sleutel"),
    (_with(field=[]) | {"field": []}, "geen velden"),
    (_with(retention={"case_file": {"label": "x", "term": "y", "source": "z", "rules": ["nope"]}}),
     "onbekende bewaarregel 'nope'"),
    (_with(legal_basis={}), "legal_basis"),
])
def test_malformed_catalogues_are_refused(raw, fragment):
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(raw, "catalogus.toml")
    assert fragment in str(info.value) and "catalogus.toml" in str(info.value)


def test_duplicate_fields_are_refused():
    raw = _with()
    raw["field"] = raw["field"] * 2
    with pytest.raises(CatalogueError, match="twee keer"):
        parse_catalogue(raw)


def test_missing_or_broken_file(tmp_path):
    with pytest.raises(CatalogueError, match="bestaat niet"):
        load_catalogue(tmp_path / "geen.toml")
    broken = tmp_path / "kapot.toml"
    broken.write_text("version = ", encoding="utf-8")
    with pytest.raises(CatalogueError, match="geen geldige TOML"):
        load_catalogue(broken)
