"""Shared PDF machinery: embedded fonts covering Dutch diacritics, neutral metadata, deterministic output.

Every document goes through `render_pdf`, so no document can forget the metadata rules: the title is neutral
(document kind and reference, never a resident's name), the author is the application, never a person, and
reportlab's `invariant` mode fixes the creation date and document id so identical input gives identical bytes.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate

from ketenregie import APP_NAME
from ketenregie.resources import resource_path

SANS, SANS_BOLD, MONO, MONO_BOLD = "KR-Sans", "KR-Sans-Bold", "KR-Mono", "KR-Mono-Bold"
_FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    MONO: "DejaVuSansMono.ttf",
    MONO_BOLD: "DejaVuSansMono-Bold.ttf",
}
_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)
    _registered = True


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    heading: ParagraphStyle
    small: ParagraphStyle
    code: ParagraphStyle


def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=SANS, fontSize=11, leading=15, alignment=TA_LEFT, spaceAfter=6)
    return Styles(
        body=body,
        heading=ParagraphStyle("heading", parent=body, fontName=SANS_BOLD, fontSize=16, leading=20, spaceAfter=10),
        small=ParagraphStyle("small", parent=body, fontSize=9, leading=12, textColor=colors.HexColor("#333333")),
        code=ParagraphStyle("code", parent=body, fontName=MONO_BOLD, fontSize=18, leading=26, spaceBefore=6,
                            spaceAfter=12),
    )


@dataclass(frozen=True)
class PdfMetadata:
    title: str      # neutral: document kind + reference, never a name
    subject: str = ""


def render_pdf(flowables: list, metadata: PdfMetadata, *, on_page: Callable | None = None,
               pagesize: tuple[float, float] = A4) -> bytes:
    """`on_page(canvas, doc)` (optional) draws on every page, e.g. a confidential marking and page numbers."""
    register_fonts()
    buffer = BytesIO()
    margin = 22 * mm if pagesize == A4 else 14 * mm
    doc = SimpleDocTemplate(
        buffer, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=20 * mm, bottomMargin=20 * mm,
        title=metadata.title, author=APP_NAME, subject=metadata.subject, creator=APP_NAME, producer=APP_NAME,
        keywords="", invariant=1,
        initialFontName=SANS,  # else every page references Helvetica, a font that is not embedded
    )
    if on_page is None:
        doc.build(list(flowables))
    else:
        doc.build(list(flowables), onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
