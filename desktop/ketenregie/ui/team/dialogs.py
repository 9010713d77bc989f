"""Team dialogs: my card (with the fingerprint to read out), colleagues (add with the "ik heb de vingerafdruk
gecontroleerd" step, verify, rename, remove), handover of selected cases, and receiving a bundle with a preview.

File choices go through `ask_open_path` / `ask_save_path` attributes (test seams); dialogs are non-modal-safe:
the lock manager closes them with done() before the register closes."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QDate, QModelIndex, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog,
                               QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QInputDialog,
                               QLabel, QLineEdit, QListWidget, QPushButton, QTableView, QVBoxLayout, QWidget)

from ketenregie.atomic import write_atomic
from ketenregie.domain.team.identity import ROLE_LABELS_NL, TeamCard, TeamRole, format_fingerprint
from ketenregie.errors import UserFacingError
from ketenregie.services.team import BUNDLE_SUFFIX, CARD_SUFFIX, HandoverPreview, TeamService
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.messages import messenger
from ketenregie.ui.privacy_mode import PrivacyMode

_TABLE_LABELS = {
    "households": "huishouden", "case_target_groups": "doelgroepen", "case_partners": "ketenpartners",
    "actions": "acties", "journal_entries": "journaalregels", "sharing_bases": "grondslagen en toestemmingen",
    "referrals": "verwijzingen", "conversations": "gesprekken", "conversation_checklist": "checklistregels",
    "conversation_bridge": "brugplaatsingen", "conversation_goals": "doelen", "conversation_goal_steps": "stappen",
    "conversation_recognitions": "erkenningen",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Team", text)


def _fingerprint_label(digits: str, parent: QWidget) -> QLabel:
    label = QLabel(format_fingerprint(digits), parent)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setAccessibleName(tr("Vingerafdruk"))
    label.setAccessibleDescription(" ".join(digits[i:i + 5] for i in range(0, len(digits), 5)))
    return label


def _name_controls(root: QWidget) -> None:
    """Buttons and check boxes are named after their (translated) text; then Qt's own internals."""
    for button in root.findChildren(QAbstractButton):
        if not button.accessibleName() and button.text():
            button.setAccessibleName(button.text().replace("&", ""))
    name_qt_internals(root)


def _error(parent: QWidget, title: str, exc: BaseException) -> None:
    if isinstance(exc, UserFacingError):
        text = exc.user_message
    elif isinstance(exc, OSError):
        text = tr("Het bestand kan niet worden gelezen of geschreven. Kies een andere plek en probeer het opnieuw.")
    else:
        raise exc
    messenger().warning(parent, title, text)


class CaseList(QListWidget):
    """The cases a bundle holds, "2026-0042 – name": initials only in presentatiemodus, switched on the spot."""

    def __init__(self, cases: list[tuple[str, str]], privacy: PrivacyMode | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.cases = list(cases)
        self.privacy = privacy or PrivacyMode()
        self.setAccessibleName(tr("Casussen in de bundel"))
        self.setMaximumHeight(self.fontMetrics().height() * 8)
        self.fill()
        self.privacy.changed.connect(self.fill)

    def fill(self, *_args) -> None:
        self.clear()
        for number, name in self.cases:
            shown = self.privacy.display_name(name) if name else ""
            self.addItem(f"{number} – {shown}" if shown else number)

    def release(self) -> None:
        try:
            self.privacy.changed.disconnect(self.fill)
        except (RuntimeError, TypeError):  # already disconnected
            pass
        self.clear()


def _follow_privacy_shortcut(dialog: QDialog) -> None:
    """A window-modal dialog shadows the main window's application shortcuts: take its Presentatiemodus action
    (Ctrl+Shift+P) along, so the switch also works while the dialog with names is open."""
    parent = dialog.parentWidget()
    action = getattr(parent.window(), "privacy_action", None) if parent is not None else None
    if action is not None:
        dialog.addAction(action)


class _FileSeams:
    def _ask_save(self, title: str, proposal: str, pattern: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, title, proposal, pattern)
        return Path(name) if name else None

    def _ask_open(self, title: str, pattern: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self, title, "", pattern)
        return Path(name) if name else None


# --- my card ----------------------------------------------------------------------------------------------------

class MyCardDialog(QDialog, _FileSeams):
    def __init__(self, team: TeamService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.ask_save_path = lambda proposal: self._ask_save(tr("Teamkaart opslaan"), proposal,
                                                             tr("Teamkaart (*.teamkaart)"))
        self.setWindowTitle(tr("Mijn teamkaart"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Je teamkaart bevat je naam, je rol en twee publieke sleutels; niets anders. Stuur hem "
                          "naar je collega's en vergelijk daarna samen de vingerafdruk, bijvoorbeeld telefonisch."),
                       self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        me = team.identity()
        self.name_edit = QLineEdit(me.display_name if me else "", self)
        self.name_edit.setAccessibleName(tr("Naam op de teamkaart"))
        self.role_combo = QComboBox(self)
        self.role_combo.setAccessibleName(tr("Rol"))
        for role in TeamRole:
            self.role_combo.addItem(ROLE_LABELS_NL[role], role.value)
        if me:
            self.role_combo.setCurrentIndex(self.role_combo.findData(me.role.value))
        form.addRow(tr("&Naam:"), self.name_edit)
        form.addRow(tr("&Rol:"), self.role_combo)
        layout.addLayout(form)
        self.fingerprint_title = QLabel(tr("Vingerafdruk:"), self)
        layout.addWidget(self.fingerprint_title)
        self.fingerprint = _fingerprint_label(me.fingerprint if me else "", self)
        layout.addWidget(self.fingerprint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = QPushButton(tr("Teamkaart &opslaan…"), self)
        self.save_button.setAccessibleName(tr("Teamkaart als bestand opslaan"))
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save_card)
        layout.addWidget(buttons)
        self._show(me)
        _name_controls(self)

    def _show(self, me) -> None:
        self.fingerprint.setVisible(me is not None)
        self.fingerprint_title.setVisible(me is not None)
        if me is not None:
            self.fingerprint.setText(format_fingerprint(me.fingerprint))

    def save_card(self) -> Path | None:
        """Create or update the identity from the form, then write the card to a chosen file."""
        try:
            me = self.team.set_up_identity(self.name_edit.text(), self.role_combo.currentData())
        except UserFacingError as exc:
            _error(self, tr("Teamkaart"), exc)
            return None
        self._show(me)
        target = self.ask_save_path("teamkaart" + CARD_SUFFIX)
        if target is None:
            return None
        try:
            self.team.write_my_card(target)
        except (UserFacingError, OSError) as exc:
            _error(self, tr("Teamkaart"), exc)
            return None
        messenger().information(self, tr("Teamkaart opgeslagen"), tr(
            "Je teamkaart staat in {name}. Vergelijk na het versturen samen de vingerafdruk.").format(
            name=target.name))
        return target


# --- colleagues -------------------------------------------------------------------------------------------------

class ColleagueModel(QAbstractTableModel):
    HEADERS = ("Naam", "Rol", "Vingerafdruk gecontroleerd", "Vingerafdruk")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        c = self.rows[index.row()]
        return (c.display_name, ROLE_LABELS_NL[c.card.role], tr("ja") if c.verified else tr("NEE"),
                " ".join(c.fingerprint[i:i + 5] for i in range(0, 60, 5)))[index.column()]


class AddColleagueDialog(QDialog):
    """Shows the card's name, role and fingerprint; adding as verified needs the tick."""

    def __init__(self, card: TeamCard, parent: QWidget | None = None, *, same_name: list | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Collega toevoegen"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Teamkaart van {name} ({role}).").format(
            name=card.display_name, role=ROLE_LABELS_NL[card.role]), self))
        self.same_name_note = None
        if same_name:  # the same name with other keys: a new register of the same person, or someone else
            self.same_name_note = QLabel(tr(
                "Let op: {name} staat al bij je collega's, met een andere vingerafdruk (andere sleutels). Deze kaart "
                "wordt een nieuwe collega. Is het dezelfde persoon met een nieuw register, vergelijk dan de "
                "vingerafdruk en verwijder daarna de oude kaart.").format(name=same_name[0].display_name), self)
            self.same_name_note.setWordWrap(True)
            layout.addWidget(self.same_name_note)
        explain = QLabel(tr("Bel of spreek de collega en lees samen de vingerafdruk voor. Komt elk cijfer overeen, "
                            "dan is deze kaart echt van je collega. Zonder controle ontvangt de collega geen "
                            "casusgegevens en lees je geen bundels van hem of haar in."), self)
        explain.setWordWrap(True)
        layout.addWidget(explain)
        layout.addWidget(_fingerprint_label(card.fingerprint, self))
        self.verified_check = QCheckBox(tr("Ik heb de &vingerafdruk gecontroleerd"), self)
        layout.addWidget(self.verified_check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("&Toevoegen"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        _name_controls(self)


class ColleaguesDialog(QDialog, _FileSeams):
    def __init__(self, team: TeamService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.ask_open_path = lambda: self._ask_open(tr("Teamkaart van een collega"), tr("Teamkaart (*.teamkaart "
                                                                                        "*.json)"))
        self.confirm_add = None  # test seam: card -> (add?, verified?); None: the (non-modal) AddColleagueDialog
        self.add_dialog: AddColleagueDialog | None = None
        self.ask_name = lambda current: (QInputDialog.getText(self, tr("Naam wijzigen"), tr("Naam:"),
                                                              text=current) or ("", False))
        self.setWindowTitle(tr("Collega's"))
        self.resize(760, 360)
        layout = QVBoxLayout(self)
        self.model = ColleagueModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Collega's"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("Teamkaart &toevoegen…"), self)
        self.verify_button = QPushButton(tr("Vingerafdruk &gecontroleerd"), self)
        self.rename_button = QPushButton(tr("&Naam wijzigen…"), self)
        self.remove_button = QPushButton(tr("&Verwijderen"), self)
        for button in (self.add_button, self.verify_button, self.rename_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton(tr("&Sluiten"), self)
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add_from_file)
        self.verify_button.clicked.connect(self.verify_selected)
        self.rename_button.clicked.connect(self.rename_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.reload()
        _name_controls(self)

    def reload(self) -> None:
        self.model.set_rows(self.team.colleagues())

    def selected(self):
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def select_row(self, row: int) -> None:
        self.table.setCurrentIndex(self.model.index(row, 0))

    def add_from_file(self):
        """Read a card and show it with its fingerprint (AddColleagueDialog, non-modal: nothing blocks, and the
        lock manager can close it like any dialog); Toevoegen adds the colleague. Returns the open dialog (or,
        through the `confirm_add` seam, whether the colleague was added)."""
        path = self.ask_open_path()
        if path is None:
            return False
        try:
            card = self.team.read_card(path)
        except UserFacingError as exc:
            _error(self, tr("Collega toevoegen"), exc)
            return False
        update = self.team.card_update(card)
        if update is not None and update.changed:
            return self._update(update)
        if self.confirm_add is not None:
            add, verified = self.confirm_add(card)
            return self._add(card, verified) if add else False
        dialog = self.add_dialog = AddColleagueDialog(card, self, same_name=self.team.same_name_other_key(card))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._add(card, dialog.verified_check.isChecked()))
        dialog.finished.connect(lambda _r: setattr(self, "add_dialog", None))
        dialog.open()
        return dialog

    def _update(self, update) -> bool:
        """A new card with the same fingerprint as a listed colleague (the same keys, so the same person): show
        what changes (old → new), ask, then take the new name and role; the verified state stays."""
        colleague = update.colleague
        state = tr("gecontroleerd") if colleague.verified else tr("nog NIET gecontroleerd")
        text = tr("Deze teamkaart heeft dezelfde vingerafdruk als {name}: het is dezelfde collega, met een nieuwe "
                  "kaart. Dit verandert:").format(name=colleague.display_name)
        text += "\n\n" + "\n".join(update.lines_nl()) + "\n\n" + tr(
            "De vingerafdruk blijft dezelfde en blijft {state}. Bijwerken?").format(state=state)
        if not messenger().question(self, tr("Teamkaart van een collega bijwerken"), text, default_yes=True):
            return False
        try:
            self.team.update_colleague_card(update.card)
        except UserFacingError as exc:
            _error(self, tr("Teamkaart van een collega bijwerken"), exc)
            return False
        self.reload()
        return True

    def _add(self, card: TeamCard, verified: bool) -> bool:
        try:
            self.team.add_colleague(card, verified=verified)
        except UserFacingError as exc:
            _error(self, tr("Collega toevoegen"), exc)
            return False
        self.reload()
        return True

    def verify_selected(self) -> None:
        colleague = self.selected()
        if colleague is None:
            return
        if not messenger().question(self, tr("Vingerafdruk gecontroleerd"), tr(
                "Heb je de vingerafdruk van {name} samen vergeleken en komt elk cijfer overeen?").format(
                name=colleague.display_name)):
            return
        self.team.verify_colleague(colleague.id)
        self.reload()

    def rename_selected(self) -> None:
        colleague = self.selected()
        if colleague is None:
            return
        name, ok = self.ask_name(colleague.display_name)
        if not ok:
            return
        try:
            self.team.rename_colleague(colleague.id, name)
        except UserFacingError as exc:
            _error(self, tr("Naam wijzigen"), exc)
            return
        self.reload()

    def remove_selected(self) -> None:
        colleague = self.selected()
        if colleague is None:
            return
        if messenger().question(self, tr("Collega verwijderen"), tr(
                "{name} uit je lijst verwijderen? Bundels van deze collega kun je daarna niet meer inlezen.").format(
                name=colleague.display_name)):
            self.team.remove_colleague(colleague.id)
            self.reload()


# --- handover ---------------------------------------------------------------------------------------------------

class HandoverDialog(QDialog, _FileSeams):
    def __init__(self, team: TeamService, case_numbers: list[str], parent: QWidget | None = None, *,
                 privacy: PrivacyMode | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.case_numbers = list(case_numbers)
        self.ask_save_path = lambda proposal: self._ask_save(tr("Overdrachtsbundel opslaan"), proposal,
                                                             tr("Bundel (*.ketenbundel)"))
        self.written: Path | None = None
        self.setWindowTitle(tr("Casussen overdragen"))
        layout = QVBoxLayout(self)
        count = len(self.case_numbers)
        layout.addWidget(QLabel(tr("{count} casus(sen) overdragen, met alles erbij: gegevens, journaal, acties, "
                                   "partners, verwijzingen, grondslagen en gesprekken.").format(count=count), self))
        names = team.case_names(self.case_numbers)
        self.case_list = CaseList([(n, names.get(n, "")) for n in self.case_numbers], privacy, self)
        layout.addWidget(self.case_list)
        _follow_privacy_shortcut(self)
        self.colleague_combo = QComboBox(self)
        self.colleague_combo.setAccessibleName(tr("Collega"))
        for colleague in team.colleagues():
            if colleague.verified:
                self.colleague_combo.addItem(f"{colleague.display_name} ({ROLE_LABELS_NL[colleague.card.role]})",
                                             colleague.id)
        form = QFormLayout()
        form.addRow(tr("&Aan:"), self.colleague_combo)
        layout.addLayout(form)
        if self.colleague_combo.count() == 0:
            note = QLabel(tr("Je hebt nog geen collega met een gecontroleerde vingerafdruk (Bestand → Collega's)."),
                          self)
            note.setWordWrap(True)
            layout.addWidget(note)
        self.mark_now_check = QCheckBox(tr("Nu al als &overgedragen markeren (anders bij de ontvangstbevestiging)"),
                                        self)
        layout.addWidget(self.mark_now_check)
        cover_row = QHBoxLayout()
        self.cover_check = QCheckBox(tr("Alleen &vervanging: een kopie tot en met"), self)
        self.cover_date = QDateEdit(QDate.currentDate().addDays(14), self)
        self.cover_date.setCalendarPopup(True)
        self.cover_date.setMinimumDate(QDate.currentDate().addDays(1))
        self.cover_date.setAccessibleName(tr("Laatste dag van de vervanging"))
        self.cover_date.setEnabled(False)
        self.cover_check.toggled.connect(self.cover_date.setEnabled)
        self.cover_check.toggled.connect(lambda on: self.mark_now_check.setEnabled(not on))
        cover_row.addWidget(self.cover_check)
        cover_row.addWidget(self.cover_date)
        cover_row.addStretch(1)
        layout.addLayout(cover_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Bundel &maken…"))
        self.ok_button.setEnabled(self.colleague_combo.count() > 0)
        buttons.accepted.connect(self.make_bundle)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        _name_controls(self)

    def make_bundle(self) -> Path | None:
        colleague_id = self.colleague_combo.currentData()
        if colleague_id is None:
            return None
        cover = self.cover_check.isChecked()
        # no case number or name in the file name
        target = self.ask_save_path(("vervanging" if cover else "overdracht") + BUNDLE_SUFFIX)
        if target is None:
            return None
        try:
            if cover:
                _bid, data, _count = self.team.make_cover(colleague_id, case_numbers=self.case_numbers,
                                                          until=self.cover_date.date().toPython())
            else:
                _bid, data, _count = self.team.make_handover(colleague_id, case_numbers=self.case_numbers,
                                                             mark_now=self.mark_now_check.isChecked())
            write_atomic(target, data)
        except (UserFacingError, OSError) as exc:
            _error(self, tr("Overdragen"), exc)
            return None
        self.written = target
        messenger().information(self, tr("Overdrachtsbundel gemaakt"), tr(
            "De bundel staat in {name}. Stuur hem via het beveiligde kanaal van de gemeente; alleen deze collega "
            "kan hem openen.").format(name=target.name))
        self.accept()
        return target

    def done(self, result: int) -> None:
        self.case_list.release()  # no names left behind in a closed dialog, no signal to a dead widget
        super().done(result)


# --- receiving --------------------------------------------------------------------------------------------------

class ReceiveDialog(QDialog, _FileSeams):
    """Preview of a handover bundle: who sent it, how many cases and rows, and per case that already exists here
    what differs and a choice (keep mine / take theirs). Inlezen adds everything in one transaction."""

    def __init__(self, team: TeamService, preview: HandoverPreview, parent: QWidget | None = None, *,
                 privacy: PrivacyMode | None = None) -> None:
        super().__init__(parent)
        self.team = team
        self.preview = preview
        self.ask_save_path = lambda proposal: self._ask_save(tr("Ontvangstbevestiging opslaan"), proposal,
                                                             tr("Bundel (*.ketenbundel)"))
        self.result_summary = None
        self.is_cover = preview.bundle.header.kind == "vervanging"
        self.setWindowTitle(tr("Bundel inlezen"))
        layout = QVBoxLayout(self)
        if self.is_cover:
            intro = tr("Vervanging voor {name} tot en met {until}: {count} casus(sen) als kopie. U kunt journaal"
                       "notities en acties toevoegen; die gaan terug met Bestand → Vervanging terugsturen. Na de "
                       "einddatum wordt de kopie verwijderd.").format(
                name=preview.sender_name, until=preview.bundle.payload.get("until", ""), count=len(preview.cases))
        else:
            intro = tr("Overdracht van {name}: {count} casus(sen).").format(name=preview.sender_name,
                                                                           count=len(preview.cases))
        intro_label = QLabel(intro, self)
        intro_label.setWordWrap(True)
        layout.addWidget(intro_label)
        parts = [f"{n} {_TABLE_LABELS[t]}" for t, n in preview.rows.items() if n and t in _TABLE_LABELS]
        details = QLabel(tr("Met: {parts}.").format(parts=", ".join(parts) or tr("geen verdere gegevens")), self)
        details.setWordWrap(True)
        layout.addWidget(details)
        self.case_list = CaseList([(c.case_number, c.name) for c in preview.cases], privacy, self)
        layout.addWidget(self.case_list)
        _follow_privacy_shortcut(self)
        self.choices: dict[str, QComboBox] = {}
        if preview.conflicts and self.is_cover:
            layout.addWidget(QLabel(tr("{n} casus(sen) staan al in je register en blijven zoals ze zijn.").format(
                n=len(preview.conflicts)), self))
        elif preview.conflicts:
            layout.addWidget(QLabel(tr("Deze casussen staan al in je register. Kies per casus:"), self))
            form = QFormLayout()
            for case in preview.conflicts:
                changes = [f.split(".", 1)[1] for f in case.diff.fields]
                changes += [f"{_TABLE_LABELS.get(t, t)} {ours}→{theirs}"
                            for t, (ours, theirs) in case.diff.counts.items()]
                combo = QComboBox(self)
                combo.addItem(tr("Mijn versie houden"), "keep")
                combo.addItem(tr("Vervangen door de ontvangen versie"), "replace")
                combo.setAccessibleName(tr("Keuze voor casus {number}").format(number=case.local_number))
                combo.setToolTip(", ".join(changes) or tr("geen verschillen"))
                self.choices[case.case_uid] = combo
                label = f"{case.local_number} ({', '.join(changes) or tr('geen verschillen')})"
                form.addRow(label, combo)
            layout.addLayout(form)
        self.receipt_check = QCheckBox(tr("Daarna een &ontvangstbevestiging voor de afzender opslaan"), self)
        self.receipt_check.setChecked(not self.is_cover)
        self.receipt_check.setVisible(not self.is_cover)
        layout.addWidget(self.receipt_check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("&Inlezen"))
        buttons.accepted.connect(self.receive)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        _name_controls(self)

    def receive(self):
        decisions = {uid: combo.currentData() for uid, combo in self.choices.items()}
        try:
            if self.is_cover:
                result = self.team.receive_cover(self.preview.bundle)
            else:
                result = self.team.receive_handover(self.preview.bundle, decisions)
        except UserFacingError as exc:
            _error(self, tr("Bundel inlezen"), exc)
            return None
        self.result_summary = result
        text = tr("Ingelezen: {added} nieuw, {replaced} vervangen, {kept} ongewijzigd gelaten.").format(
            added=len(result.added), replaced=len(result.replaced), kept=len(result.kept))
        if result.renumbered:
            text += " " + tr("{n} casus(sen) kregen een nieuw casusnummer omdat het nummer hier al bestond.").format(
                n=len(result.renumbered))
        messenger().information(self, tr("Bundel ingelezen"), text)
        if self.receipt_check.isChecked():
            target = self.ask_save_path("ontvangstbevestiging" + BUNDLE_SUFFIX)
            if target is not None:
                try:
                    _rid, data = self.team.make_receipt(self.preview.bundle)
                    write_atomic(target, data)
                except (UserFacingError, OSError) as exc:
                    _error(self, tr("Ontvangstbevestiging"), exc)
        self.accept()
        return result

    def done(self, result: int) -> None:
        self.case_list.release()  # no names left behind in a closed dialog, no signal to a dead widget
        super().done(result)
