"""Placeholder views for what later issues build. Each says in Dutch what will come; a real view registered with
the same key replaces it."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ketenregie.ui.style import heading_font
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewSpec


class PlaceholderView(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(title, self)
        heading.setFont(heading_font(self))
        heading.setAccessibleName(title)
        body = QLabel(text, self)
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        body.setAccessibleName(QCoreApplication.translate("Views", "Wat hier komt"))
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
        self.setAccessibleName(title)


def _placeholder(key: str, title: str, text: str, order: int) -> ViewSpec:
    def factory(_context: ViewContext) -> QWidget:
        return PlaceholderView(QCoreApplication.translate("Views", title),
                               QCoreApplication.translate("Views", text))

    return ViewSpec(key, title, factory, order, text, placeholder=True)


PLACEHOLDERS = (
    _placeholder("caseload", QT_TRANSLATE_NOOP("Views", "Caseload"), QT_TRANSLATE_NOOP(
        "Views", "Hier komt uw caseload: alle casussen met hun fase, de termijnen die bijna verlopen en de acties "
                 "van vandaag. U registreert hier ook een nieuwe hulpvraag."), 10),
    _placeholder("meetings", QT_TRANSLATE_NOOP("Views", "Overleggen"), QT_TRANSLATE_NOOP(
        "Views", "Hier komen de casuïstiekoverleggen: agenda's met pseudoniemen per overleg, de vragen per casus "
                 "en de afspraken."), 20),
    _placeholder("conversations", QT_TRANSLATE_NOOP("Views", "Gesprekken"), QT_TRANSLATE_NOOP(
        "Views", "Hier legt u gesprekken vast, met de checklist en de brug naar zelfredzaamheid."), 30),
    _placeholder("letters", QT_TRANSLATE_NOOP("Views", "Brieven"), QT_TRANSLATE_NOOP(
        "Views", "Hier maakt u verwijsbrieven en andere brieven aan ketenpartners, met alleen de gegevens die de "
                 "ontvanger mag krijgen."), 40),
    _placeholder("privacy", QT_TRANSLATE_NOOP("Views", "Privacy"), QT_TRANSLATE_NOOP(
        "Views", "Hier komt de privacycatalogus: welke persoonsgegevens het register bevat, waarvoor, op welke "
                 "grondslag en hoe lang ze bewaard worden."), 50),
)

for _spec in PLACEHOLDERS:
    if _spec.key not in VIEWS:
        VIEWS.register(_spec)
