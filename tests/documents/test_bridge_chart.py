"""The bridge picture in PDF: one marker per point, labels and a values table so it reads without colour."""
from __future__ import annotations

from datetime import date
from io import BytesIO

from pypdf import PdfReader

from ketenregie.documents.bridge_chart import (bridge_drawing, count_markers, file_name, render_bridge_chart,
                                               sample_progress)
from ketenregie.domain.bridge import BridgeSnapshot, bridge_progress


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_drawing_has_one_marker_per_point():
    progress = sample_progress()
    assert count_markers(bridge_drawing(progress)) == progress.point_count == 14


def test_pdf_names_pillars_shapes_values_and_the_text_alternative():
    progress = sample_progress()
    text = _text(render_bridge_chart(progress, "2026-0001"))
    assert "Brug naar zelfredzaamheid: voortgang" in text
    for pillar in progress.bridge.pillars:
        assert pillar.short in text
    assert "rondje" in text and "vierkantje" in text and "kruisje" in text  # the shapes are named in the table
    assert "3 februari 2026" in text and "2,5" in text
    assert "In woorden" in text and "Financieel beheer" in text
    assert "niet de officiële" in text


def test_empty_progress_renders_a_plain_sentence():
    progress = bridge_progress(sample_progress().bridge, [])
    text = _text(render_bridge_chart(progress, "2026-0001"))
    assert "nog geen afgeronde gesprekken" in text


def test_single_conversation_and_file_name():
    progress = bridge_progress(sample_progress().bridge, [BridgeSnapshot(date(2026, 2, 3), {"debts": 1})])
    assert count_markers(bridge_drawing(progress)) == 1
    assert file_name("2026-0001", date(2026, 2, 3)) == "2026-0001_brug_2026-02-03.pdf"
    assert PdfReader(BytesIO(render_bridge_chart(progress, "2026-0001"))).metadata.title == "Brug voortgang 2026-0001"
