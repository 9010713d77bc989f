"""Dialogs of the Vroegsignalering view: the column mapping (remembered per source, as data in the register —
headers and field names only, never a value), manual entry of a signal, the DDAS export and partner feedback.
Every control has an accessible name; everything works from the keyboard (labels with buddies and mnemonics)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from ketenregie.domain.form_drafts import DraftKind
from ketenregie.domain.signals.codes import SignalPartnerKind
from ketenregie.domain.signals.model import Signal, SignalHousehold
from ketenregie.domain.signals.rows import FIELDS
from ketenregie.ui.form_drafts import DraftFormMixin, apply_widgets, capture_widgets
from ketenregie.ui.messages import messenger
from ketenregie.ui.style import message_label, set_message

NOT_USED = ""


def tr(text: str) -> str:
    return QCoreApplication.translate("SignalsView", text)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def name_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    """Standard buttons get their (translated) text as accessible name."""
    for button in box.buttons():
        button.setAccessibleName(button.text().replace("&", ""))
    return box


def date_edit(parent: QWidget, day: date, name: str) -> QDateEdit:
    edit = QDateEdit(_qdate(day), parent)
    edit.setDisplayFormat("dd-MM-yyyy")
    edit.setCalendarPopup(True)
    edit.setAccessibleName(name)
    return edit


class MappingDialog(QDialog):
    """Which column holds which field. Pre-filled from a remembered mapping or the standard headers."""

    def __init__(self, headers: list[str], mapping: dict[str, str], name: str | None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Kolommen koppelen"))
        self.setAccessibleName(tr("Kolommen koppelen"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Kies per gegeven de kolom uit het bestand. De koppeling wordt onder de naam van de bron "
                          "bewaard (alleen kolomnamen, nooit gegevens uit het bestand)."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name_edit = QLineEdit(name or "", self)
        self.name_edit.setAccessibleName(tr("Naam van de bron"))
        form.addRow(tr("&Bron:"), self.name_edit)
        by_field = {f: h for h, f in mapping.items()}
        self.combos: dict[str, QComboBox] = {}
        for spec in FIELDS:
            combo = QComboBox(self)
            combo.addItem(tr("— niet gebruikt —"), NOT_USED)
            for header in headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(0, combo.findData(by_field.get(spec.id, NOT_USED))))
            label = spec.label + (" *" if spec.required else "")
            combo.setAccessibleName(label)
            form.addRow(label + ":", combo)
            self.combos[spec.id] = combo
        layout.addLayout(form)
        self.message = message_label(self, tr("Melding"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(name_buttons(buttons))

    def mapping(self) -> dict[str, str]:
        return {combo.currentData(): field_id for field_id, combo in self.combos.items()
                if combo.currentData() != NOT_USED}

    def name(self) -> str:
        return " ".join(self.name_edit.text().split())

    def _accept(self) -> None:
        if not self.name():
            set_message(self.message, tr("Geef de bron een naam, dan onthoudt Ketenregie de koppeling."), "warning")
            self.name_edit.setFocus()
            return
        headers = list(self.mapping())
        if len(headers) != len(set(headers)):
            set_message(self.message, tr("Een kolom is aan meer dan één gegeven gekoppeld."), "warning")
            return
        self.accept()


class ManualSignalDialog(QDialog, DraftFormMixin):
    """Manual entry of one signal (same checks and matching as an import). What is typed but not saved is kept as a
    draft in the register when the register locks, and comes back after the unlock (ui/form_drafts.py)."""

    draft_kind = DraftKind.SIGNAL

    def __init__(self, service, today: date, parent=None, *, drafts=None) -> None:
        super().__init__(parent)
        self.service = service
        self.counts = None
        self.setWindowTitle(tr("Signaal invoeren"))
        self.setAccessibleName(tr("Signaal invoeren"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox(self)
        for kind in SignalPartnerKind:
            self.kind.addItem(kind.ddas, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(SignalPartnerKind.HEALTH.value))
        self.kind.setAccessibleName(tr("Soort signaalpartner"))
        form.addRow(tr("&Soort signaalpartner:"), self.kind)
        self.partner = self._line(form, tr("Signaal&partner:"), tr("Signaalpartner (organisatie)"))
        self.signal_date = date_edit(self, today, tr("Signaaldatum"))
        form.addRow(tr("Signaal&datum:"), self.signal_date)
        self.arrears = date_edit(self, today, tr("Ontstaansdatum achterstand"))
        form.addRow(tr("&Ontstaansdatum:"), self.arrears)
        self.amount = QSpinBox(self)
        self.amount.setRange(0, 10_000_000)
        self.amount.setPrefix("€ ")
        self.amount.setAccessibleName(tr("Bedrag in hele euro's"))
        form.addRow(tr("&Bedrag:"), self.amount)
        self.crisis = QCheckBox(tr("&Crisissignaal"), self)
        self.crisis.setAccessibleName(tr("Crisissignaal"))
        form.addRow("", self.crisis)
        self.warm = QCheckBox(tr("&Warme overdracht"), self)
        self.warm.setAccessibleName(tr("Warme overdracht"))
        form.addRow("", self.warm)
        self.name = self._line(form, tr("&Naam:"), tr("Naam"))
        self.street = self._line(form, tr("S&traat:"), tr("Straat"))
        self.number = self._line(form, tr("&Huisnummer:"), tr("Huisnummer"))
        self.addition = self._line(form, tr("Toe&voeging:"), tr("Huisnummertoevoeging"))
        self.postcode = self._line(form, tr("&Postcode:"), tr("Postcode"))
        self.city = self._line(form, tr("&Woonplaats:"), tr("Woonplaats"))
        self.phone = self._line(form, tr("T&elefoon:"), tr("Telefoonnummer"))
        layout.addLayout(form)
        self.message = message_label(self, tr("Melding"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(name_buttons(buttons))
        self._init_draft_tracking(drafts)

    # --- drafts at lock (issue 15, item 6) --------------------------------------------------------------------------
    def form_ref(self) -> dict:
        return {"view": "signals", "kind": DraftKind.SIGNAL.value}

    def _draft_widgets(self) -> dict:
        return {"kind": self.kind, "partner": self.partner, "signal_date": self.signal_date,
                "arrears_date": self.arrears, "amount": self.amount, "crisis": self.crisis, "warm": self.warm,
                "name": self.name, "street": self.street, "number": self.number, "addition": self.addition,
                "postcode": self.postcode, "city": self.city, "phone": self.phone}

    def capture_form(self) -> dict:
        return capture_widgets(self._draft_widgets())

    def apply_form(self, values: dict) -> None:
        apply_widgets(self._draft_widgets(), values)

    def reject(self) -> None:
        """Cancel: with unsaved input, ask first; a kept draft goes with the cancel."""
        if self.has_unsaved_input() and not messenger().question(
                self, tr("Wijzigingen niet opgeslagen"),
                tr("U hebt een signaal ingevuld dat nog niet is opgeslagen. Wilt u het weggooien?")):
            return
        self.forget_draft()
        super().reject()

    def _line(self, form: QFormLayout, label: str, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(name)
        form.addRow(label, edit)
        return edit

    def save(self) -> bool:
        from ketenregie.services.signals import SignalError

        household = SignalHousehold(self.name.text() or None, self.street.text() or None, self.number.text() or None,
                                    self.addition.text() or None, self.postcode.text() or None,
                                    self.city.text() or None, self.phone.text() or None)
        signal = Signal("", SignalPartnerKind.from_code(self.kind.currentData()), _pydate(self.signal_date.date()),
                        self.amount.value(), _pydate(self.arrears.date()), self.partner.text() or None,
                        crisis=self.crisis.isChecked(), warm_handover=self.warm.isChecked())
        try:
            self.counts = self.service.add_manual(household, signal)
        except SignalError as exc:
            set_message(self.message, exc.user_message, "error")
            return False
        self.forget_draft()  # saved: a kept draft goes
        self.accept()
        return True


class PeriodDialog(QDialog):
    """A period (and, for feedback, a partner) with a preview text; used for the DDAS export and feedback."""

    def __init__(self, title: str, start: date, end: date, partners: list[str] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.start = date_edit(self, start, tr("Van"))
        self.end = date_edit(self, end, tr("Tot en met"))
        form.addRow(tr("&Van:"), self.start)
        form.addRow(tr("&Tot en met:"), self.end)
        self.partner = None
        if partners is not None:
            self.partner = QComboBox(self)
            self.partner.addItems(partners)
            self.partner.setAccessibleName(tr("Signaalpartner"))
            form.addRow(tr("&Signaalpartner:"), self.partner)
        layout.addLayout(form)
        self.message = message_label(self, tr("Voorbeeld"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(name_buttons(buttons))

    def period(self) -> tuple[date, date]:
        return _pydate(self.start.date()), _pydate(self.end.date())
