"""The committed ADMX/ADML and TOML policy templates stay in step with ketenregie.config.POLICY_KEYS."""
from __future__ import annotations

import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET

import pytest

from ketenregie.config import POLICY_KEYS, WINDOWS_POLICY_KEY, Policy
from pkg_helpers import PACKAGING

NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}
ADMX = PACKAGING / "policy" / "ketenregie.admx"
ADMLS = [PACKAGING / "policy" / lang / "ketenregie.adml" for lang in ("nl-NL", "en-US")]
TOML = PACKAGING / "policy" / "policy.example.toml"


def test_committed_templates_are_generated_from_policy_keys():
    result = subprocess.run([sys.executable, str(PACKAGING / "policy" / "generate.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + "\nRun: python3 packaging/policy/generate.py"


def test_admx_has_one_machine_policy_per_key_with_type_and_range():
    root = ET.parse(ADMX).getroot()
    policies = {p.get("name"): p for p in root.findall("p:policies/p:policy", NS)}
    assert set(policies) == {key.name for key in POLICY_KEYS}
    for key in POLICY_KEYS:
        policy = policies[key.name]
        assert policy.get("class") == "Machine"
        assert policy.get("key") == WINDOWS_POLICY_KEY == r"SOFTWARE\Policies\Ketenregie"
        if key.type is bool:
            assert policy.get("valueName") == key.name
            assert policy.find("p:enabledValue/p:decimal", NS).get("value") == "1"
            assert policy.find("p:disabledValue/p:decimal", NS).get("value") == "0"
        elif key.type is int:
            decimal = policy.find("p:elements/p:decimal", NS)
            assert decimal.get("valueName") == key.name
            assert (int(decimal.get("minValue")), int(decimal.get("maxValue"))) == (key.minimum, key.maximum)
        else:
            assert policy.find("p:elements/p:text", NS).get("valueName") == key.name


@pytest.mark.parametrize("adml", ADMLS, ids=lambda p: p.parent.name)
def test_adml_defines_every_string_and_presentation_the_admx_uses(adml):
    admx_text = ADMX.read_text(encoding="utf-8")
    root = ET.parse(adml).getroot()
    strings = {s.get("id"): s.text for s in root.iter(f"{{{NS['p']}}}string")}
    presentations = {p.get("id") for p in root.iter(f"{{{NS['p']}}}presentation")}
    import re

    for ref in re.findall(r"\$\(string\.([A-Za-z0-9_]+)\)", admx_text):
        assert strings.get(ref), f"{adml.name}: string {ref} missing"
    for ref in re.findall(r"\$\(presentation\.([A-Za-z0-9_]+)\)", admx_text):
        assert ref in presentations, f"{adml.name}: presentation {ref} missing"
    for key in (k for k in POLICY_KEYS if k.type is int):
        box = root.find(f".//p:presentation[@id='{key.name}']/p:decimalTextBox", NS)
        assert int(box.get("defaultValue")) == key.default


def test_toml_template_lists_every_key_commented_out_at_its_default():
    text = TOML.read_text(encoding="utf-8")
    assert tomllib.loads(text) == {}, "every key must stay commented out: the template changes nothing as is"
    enabled = "\n".join(line[2:] for line in text.splitlines()
                        if line.startswith("# ") and " = " in line and line[2:3].isupper())
    raw = tomllib.loads(enabled)
    assert set(raw) == {key.name for key in POLICY_KEYS}
    policy = Policy.from_mapping(raw, "template")
    assert policy.problems == ()
    assert policy.values == Policy.defaults().values
