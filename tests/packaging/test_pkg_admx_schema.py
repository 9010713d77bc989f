"""The ADMX and ADML templates are valid Group Policy files: validated against the ADMX schema
(PolicyDefinitionFiles.xsd) in ../shared/admx-schema/ relative to the repository root. Only this check skips when
that folder is absent."""
from __future__ import annotations

import pytest
from lxml import etree

from pkg_helpers import PACKAGING, REPO

SCHEMA_DIR = REPO.parent / "shared" / "admx-schema"
TEMPLATES = [PACKAGING / "policy" / "ketenregie.admx",
             PACKAGING / "policy" / "nl-NL" / "ketenregie.adml",
             PACKAGING / "policy" / "en-US" / "ketenregie.adml"]


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    xsd = SCHEMA_DIR / "PolicyDefinitionFiles.xsd"
    if not xsd.is_file():
        pytest.skip(f"no ADMX schema at {SCHEMA_DIR} (expected ../shared/admx-schema/ next to the repository)")
    return etree.XMLSchema(etree.parse(str(xsd)))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGING)))
def test_template_is_valid_against_the_admx_schema(schema, template):
    document = etree.parse(str(template))
    valid = schema.validate(document)
    assert valid, "\n".join(f"{template.name}:{e.line}: {e.message}" for e in schema.error_log)


def test_schema_rejects_a_broken_admx(schema):
    """The check has teeth: an ADMX with an unknown policy class and a policy without its registry key fails."""
    text = TEMPLATES[0].read_text(encoding="utf-8")
    broken = text.replace('class="Machine"', 'class="Everyone"', 1)
    assert broken != text
    assert not schema.validate(etree.fromstring(broken.encode("utf-8")))
    document = etree.parse(str(TEMPLATES[0]))
    policy = document.getroot().find(".//{*}policy")
    del policy.attrib["key"]
    assert not schema.validate(document)
