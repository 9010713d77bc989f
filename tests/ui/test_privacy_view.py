"""The privacy view renders the catalogue (every field, filterable) and saves it as a PDF processing record."""
from __future__ import annotations

from pypdf import PdfReader

from ketenregie.domain.privacy_catalogue import CATALOGUE_RESOURCE, load_catalogue
from ketenregie.resources import resource_path
from ketenregie.ui.accessibility import unnamed_controls
from ketenregie.ui.privacy.view import PrivacyView

CATALOGUE = load_catalogue(resource_path(*CATALOGUE_RESOURCE))


def test_every_catalogue_field_is_listed_with_its_basis_and_retention(qtbot):
    view = PrivacyView(catalogue=CATALOGUE)
    qtbot.addWidget(view)
    assert view.proxy.rowCount() == len(CATALOGUE.fields)
    first = CATALOGUE.fields[0]
    shown = [view.proxy.index(0, c).data() for c in range(view.proxy.columnCount())]
    assert shown[0] == first.label
    assert shown[3] == CATALOGUE.legal_bases[first.legal_basis].label
    assert CATALOGUE.retention_rules[first.retention].term in view.details.toPlainText()
    assert unnamed_controls(view) == []


def test_search_and_category_filter(qtbot):
    view = PrivacyView(catalogue=CATALOGUE)
    qtbot.addWidget(view)
    view.category_combo.setCurrentIndex(view.category_combo.findData("financial"))
    financial = [f for f in CATALOGUE.fields if f.category == "financial"]
    assert view.proxy.rowCount() == len(financial) > 0
    view.category_combo.setCurrentIndex(0)
    view.search.setText("zzz-bestaat-niet")
    assert view.proxy.rowCount() == 0


def test_export_writes_a_pdf_processing_record(qtbot, tmp_path):
    view = PrivacyView(catalogue=CATALOGUE)
    qtbot.addWidget(view)
    target = tmp_path / "catalogus.pdf"
    view.ask_save_path = lambda _proposal: str(target)
    task = view.export_pdf()
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "verwerkingsregister" in text
    assert CATALOGUE.fields[0].label.split()[0] in text
    assert PdfReader(target).metadata.title == "Ketenregie privacycatalogus"
    assert target.stat().st_mode & 0o077 == 0
