"""The team lead and the casuïstiekoverleg in the GUI (issue 14 item 5).

- Coordinator: Overleggen → "Naar teamleider sturen…" (`send_meeting_bundle`) and Monitor → "Naar teamleider…"
  (`send_monitor_bundle`).
- Team lead: Bestand → Ontvangen overleggen… (`ReceivedMeetingsDialog`: the received meetings, their agenda as on
  the agenda PDF — in presentatiemodus a consented name shows as initials —, meeting mode without cases, and
  "Resultaat terugsturen…"), Bestand → Ontvangen monitorcijfers… (`MonitorFiguresDialog`, read-only).
- `receive_meeting_kind` is what Bestand → Bundel inlezen… does for the three new bundle kinds.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QListWidget, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ketenregie.atomic import write_atomic
from ketenregie.domain.privacy_display import initials
from ketenregie.errors import UserFacingError
from ketenregie.services.team import BUNDLE_SUFFIX
from ketenregie.ui.accessibility import name_qt_internals
from ketenregie.ui.messages import messenger
from ketenregie.ui.style import message_label, set_message


def tr(text: str) -> str:
    return QCoreApplication.translate("TeamMeetings", text)


def _service(register):
    from ketenregie.services.team_meeting import TeamMeetingService  # the team code (and its crypto) loads on use

    return TeamMeetingService(register)


def ask_colleague(parent: QWidget | None, title: str, labels: list[str]) -> int | None:
    label, ok = QInputDialog.getItem(parent, title, tr("Voor welke collega?"), labels, 0, False)
    return labels.index(label) if ok else None


def ask_save_path(parent: QWidget | None, title: str, proposal: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, proposal, tr("Bundel (*.ketenbundel)"))
    return Path(name) if name else None


def _error(exc: BaseException) -> str:
    if isinstance(exc, UserFacingError):
        return exc.user_message
    return tr("Het bestand kan niet worden geschreven.")


def _pick(parent, title: str, colleagues, ask: Callable) -> object | None:
    if len(colleagues) == 1:
        return colleagues[0]
    index = ask(parent, title, [c.display_name for c in colleagues])
    return colleagues[index] if index is not None else None


# --- coordinator ----------------------------------------------------------------------------------------------

def send_meeting_bundle(parent: QWidget, register, meeting_id: int, *, ask: Callable = ask_colleague,
                        ask_path: Callable = ask_save_path) -> Path | None:
    """Overleggen → Naar teamleider sturen…: the selected planned meeting as a meeting bundle for a verified
    colleague with the role teamleider."""
    from ketenregie.domain.team.identity import TeamRole

    title = tr("Naar teamleider sturen")
    service = _service(register)
    if service.team.identity() is None:
        messenger().warning(parent, title, tr("Maak eerst je teamkaart aan (Bestand → Mijn teamkaart…)."))
        return None
    leads = [c for c in service.team.colleagues() if c.verified and c.card.role == TeamRole.TEAMLEIDER]
    if not leads:
        messenger().warning(parent, title, tr(
            "Er staat nog geen gecontroleerde teamleider bij je collega's. Voeg de teamkaart van de teamleider toe "
            "(Bestand → Collega's…) en vergelijk de vingerafdruk."))
        return None
    colleague = _pick(parent, title, leads, ask)
    if colleague is None:
        return None
    target = ask_path(parent, title, f"overleg{BUNDLE_SUFFIX}")
    if target is None:
        return None
    try:
        _bid, data, count = service.make_meeting_bundle(colleague.id, meeting_id)
        write_atomic(target, data)
    except (UserFacingError, OSError) as exc:
        messenger().warning(parent, title, _error(exc))
        return None
    messenger().information(parent, title, tr(
        "De agenda ({count} agendapunten, zoals op de agenda-PDF) staat versleuteld voor {name} in {file}. Stuur "
        "het bestand via het beveiligde kanaal van de gemeente.").format(count=count, name=colleague.display_name,
                                                                          file=target.name))
    return target


def send_monitor_bundle(parent: QWidget, register, report, *, ask: Callable = ask_colleague,
                        ask_path: Callable = ask_save_path) -> Path | None:
    """Monitor → Naar teamleider…: the computed figures (suppressed as for the council) for a verified colleague."""
    from ketenregie.services.team_monitor import TeamMonitorService

    title = tr("Monitorcijfers naar teamleider")
    service = TeamMonitorService(register)
    if service.team.identity() is None:
        messenger().warning(parent, title, tr("Maak eerst je teamkaart aan (Bestand → Mijn teamkaart…)."))
        return None
    verified = [c for c in service.team.colleagues() if c.verified]
    if not verified:
        messenger().warning(parent, title, tr("Er staat nog geen gecontroleerde collega bij je collega's (Bestand → "
                                              "Collega's…)."))
        return None
    colleague = _pick(parent, title, verified, ask)
    if colleague is None:
        return None
    target = ask_path(parent, title, f"monitorcijfers-{report.period.start.isoformat()}-"
                                     f"{report.period.end.isoformat()}{BUNDLE_SUFFIX}")
    if target is None:
        return None
    try:
        _bid, data, rows = service.make_monitor_bundle(colleague.id, report.period, report=report)
        write_atomic(target, data)
    except (UserFacingError, OSError) as exc:
        messenger().warning(parent, title, _error(exc))
        return None
    messenger().information(parent, title, tr(
        "{rows} cijferregels (alleen onderdrukte totalen, geen casussen) staan versleuteld voor {name} in "
        "{file}.").format(rows=rows, name=colleague.display_name, file=target.name))
    return target


# --- team lead ------------------------------------------------------------------------------------------------

class ReceivedMeetingsDialog(QDialog):
    """The meetings received from coordinators; chair one in meeting mode and send the result back."""

    def __init__(self, service, *, privacy_mode: bool = False, lock_manager=None, parent: QWidget | None = None,
                 select: int | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.privacy_mode = privacy_mode
        self.lock_manager = lock_manager
        self.meeting_mode = None
        self.ask_result_path = lambda proposal: ask_save_path(self, tr("Resultaat terugsturen"), proposal)
        self._rows = []
        self.setWindowTitle(tr("Ontvangen overleggen"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Overleggen die een ketenregisseur je als teamleider stuurde. De casussen staan er niet "
                          "in: alleen wat op de agenda staat (pseudoniemen; een naam alleen met toestemming)."),
                       self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        columns = [tr("Datum en tijd"), tr("Doel"), tr("Van"), tr("Agendapunten"), tr("Stand")]
        self.table = QTableWidget(0, len(columns), self)
        self.table.setAccessibleName(tr("Ontvangen overleggen"))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        agenda_label = QLabel(tr("Agenda van het gekozen overleg:"), self)
        layout.addWidget(agenda_label)
        self.agenda = QListWidget(self)
        self.agenda.setAccessibleName(tr("Agenda van het gekozen overleg"))
        layout.addWidget(self.agenda, 1)
        self.message_label = message_label(self, tr("Melding"))
        layout.addWidget(self.message_label)
        buttons = QHBoxLayout()
        self.mode_button = QPushButton(tr("&Vergadermodus"), self)
        self.mode_button.setAccessibleName(tr("Vergadermodus starten"))
        self.result_button = QPushButton(tr("&Resultaat terugsturen…"), self)
        self.result_button.setAccessibleName(tr("Resultaat terugsturen"))
        self.close_button = QPushButton(tr("Sl&uiten"), self)
        self.close_button.setAccessibleName(tr("Sluiten"))
        for button in (self.mode_button, self.result_button, self.close_button):
            buttons.addWidget(button)
        buttons.insertStretch(2, 1)
        layout.addLayout(buttons)
        self.mode_button.clicked.connect(self.start_meeting_mode)
        self.result_button.clicked.connect(self.send_result)
        self.close_button.clicked.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._show_agenda)
        name_qt_internals(self)
        self.resize(820, 560)
        self.refresh(select)

    def refresh(self, select: int | None = None) -> None:
        keep = select if select is not None else self.selected_id()
        self._rows = self.service.team_meetings()
        self.table.setRowCount(len(self._rows))
        for row, m in enumerate(self._rows):
            state = (tr("Resultaat teruggestuurd") if m.result_sent_at else tr("Afgerond") if m.finished
                     else tr("Nog te houden"))
            values = (m.starts_at.strftime("%d-%m-%Y %H:%M"), m.purpose, self.service.sender_name(m.sender_fingerprint),
                      str(m.item_count), state)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if not self._rows:
            set_message(self.message_label, tr("Nog geen overleggen ontvangen. Lees een overlegbundel in met "
                                               "Bestand → Bundel inlezen…."), "info")
        index = next((n for n, m in enumerate(self._rows) if m.id == keep), 0 if self._rows else None)
        if index is not None:
            self.table.selectRow(index)
        self._show_agenda()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._rows):
            return None
        return self._rows[rows[0].row()].id

    def agenda_lines(self) -> list[str]:
        return [self.agenda.item(i).text() for i in range(self.agenda.count())]

    @Slot()
    def _show_agenda(self) -> None:
        self.agenda.clear()
        meeting_id = self.selected_id()
        if meeting_id is None:
            return
        for n, (pseudonym, heading) in enumerate(self.service.headings(meeting_id), start=1):
            self.agenda.addItem(f"{n}. {self._heading(pseudonym, heading)}")

    def _heading(self, pseudonym: str, heading: str) -> str:
        """As on the agenda; in presentatiemodus a consented name shows as initials (the pseudonym stays)."""
        suffix = f" ({pseudonym})"
        if self.privacy_mode and heading != pseudonym and heading.endswith(suffix):
            return initials(heading[:-len(suffix)]) + suffix
        return heading

    @Slot(bool)
    def set_privacy_mode(self, enabled: bool) -> None:
        self.privacy_mode = enabled
        self._show_agenda()
        if self.meeting_mode is not None:
            self.meeting_mode.set_privacy_mode(enabled)

    def _need_selection(self) -> int | None:
        meeting_id = self.selected_id()
        if meeting_id is None:
            set_message(self.message_label, tr("Kies eerst een overleg in de lijst."), "warning")
        return meeting_id

    @Slot()
    def start_meeting_mode(self):
        from ketenregie.ui.meetings.meeting_mode import MeetingModeWindow, open_meeting_mode

        meeting_id = self._need_selection()
        if meeting_id is None:
            return None
        open_already = open_meeting_mode(meeting_id, received=True)  # e.g. from the Overleggen view
        if open_already is not None:
            return open_already
        window = MeetingModeWindow(self.service.chair(meeting_id), meeting_id,
                                   partners=self.service.partners(meeting_id), parent=self,
                                   self_owner_label=tr("Ketenregisseur (die het overleg stuurde)"))
        window.closed.connect(self._meeting_mode_closed)
        self.meeting_mode = window
        if self.lock_manager is not None and hasattr(self.lock_manager, "extend_idle"):
            self.lock_manager.extend_idle(self)
        window.showFullScreen()
        return window

    @Slot()
    def _meeting_mode_closed(self) -> None:
        self.meeting_mode = None
        if self.lock_manager is not None and hasattr(self.lock_manager, "end_extension"):
            self.lock_manager.end_extension(self)
        self.refresh()

    @Slot()
    def send_result(self) -> Path | None:
        meeting_id = self._need_selection()
        if meeting_id is None:
            return None
        from ketenregie.ui.meetings.received import send_result  # noqa: PLC0415 - shared with the Overleggen view

        row = next(m for m in self._rows if m.id == meeting_id)
        target, text, kind = send_result(self, self.service, row, self.ask_result_path)
        if text:
            set_message(self.message_label, text, kind)
        if target is not None:
            self.refresh(meeting_id)
        return target

    def done(self, result: int) -> None:  # noqa: D401 - closing the dialog (also on lock) closes meeting mode
        if self.meeting_mode is not None:
            self.meeting_mode.release()
            self.meeting_mode.close()
            self.meeting_mode = None
        self.agenda.clear()
        super().done(result)


class MonitorFiguresDialog(QDialog):
    """The monitor figures received from a coordinator, read-only; the PDF can be saved as the coordinator made
    it."""

    def __init__(self, figures: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures = list(figures)
        self.ask_pdf_path = self._ask_pdf_path
        self.setWindowTitle(tr("Ontvangen monitorcijfers"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        chooser = QHBoxLayout()
        label = QLabel(tr("&Cijfers:"), self)
        self.choice = QComboBox(self)
        self.choice.setAccessibleName(tr("Ontvangen cijfers"))
        label.setBuddy(self.choice)
        for f in self.figures:
            self.choice.addItem(tr("{title} (ontvangen {when})").format(title=f.title, when=f.received_at[:10]))
        chooser.addWidget(label)
        chooser.addWidget(self.choice, 1)
        layout.addLayout(chooser)
        self.rule_label = QLabel(self)
        self.rule_label.setWordWrap(True)
        self.rule_label.setAccessibleName(tr("Over de cijfers"))
        layout.addWidget(self.rule_label)
        self.table = QTableWidget(0, 5, self)
        self.table.setAccessibleName(tr("Monitorcijfers"))
        self.table.setHorizontalHeaderLabels([tr("Tabel"), tr("Groep"), tr("Categorie"), tr("Waarde"),
                                              tr("Aandeel")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.message_label = message_label(self, tr("Melding"))
        layout.addWidget(self.message_label)
        buttons = QHBoxLayout()
        self.pdf_button = QPushButton(tr("Als &PDF opslaan…"), self)
        self.pdf_button.setAccessibleName(tr("Als PDF opslaan"))
        self.close_button = QPushButton(tr("Sl&uiten"), self)
        self.close_button.setAccessibleName(tr("Sluiten"))
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)
        self.choice.currentIndexChanged.connect(self._show)
        name_qt_internals(self)
        self.resize(820, 560)
        self._show()

    @Slot()
    def _show(self) -> None:
        self.table.setRowCount(0)
        self.pdf_button.setEnabled(bool(self.figures))
        if not self.figures:
            set_message(self.message_label, tr("Nog geen monitorcijfers ontvangen."), "info")
            return
        figures = self.figures[max(self.choice.currentIndex(), 0)]
        self.rule_label.setText(tr("Periode {start} t/m {end}. ").format(
            start=figures.period_start.strftime("%d-%m-%Y"), end=figures.period_end.strftime("%d-%m-%Y")))
        self.table.setRowCount(len(figures.rows))
        for row, values in enumerate(figures.rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def _ask_pdf_path(self, proposal: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, tr("Monitorcijfers opslaan"), proposal, tr("PDF (*.pdf)"))
        return Path(name) if name else None

    @Slot()
    def save_pdf(self) -> Path | None:
        if not self.figures:
            return None
        figures = self.figures[max(self.choice.currentIndex(), 0)]
        target = self.ask_pdf_path(f"monitor-{figures.period_start.isoformat()}-{figures.period_end.isoformat()}.pdf")
        if target is None:
            return None
        try:
            write_atomic(target, figures.pdf)
        except OSError:
            set_message(self.message_label, tr("Het bestand kan niet worden geschreven."), "error")
            return None
        set_message(self.message_label, tr("Opgeslagen als {name}.").format(name=target.name), "ok")
        return target


# --- Bestand → Bundel inlezen… for the new kinds ---------------------------------------------------------------

def receive_meeting_kind(menu, team, opened):
    """A meeting bundle opens the received meetings; a result bundle lands in the cases (the message says what
    did not match); monitor figures open read-only. Returns the dialog opened, if any."""
    from ketenregie.domain.team.bundle import BundleKind
    from ketenregie.services.team_meeting import TeamMeetingService

    service = TeamMeetingService(team.register, team=team)
    kind = opened.header.kind
    if kind == BundleKind.MEETING:
        meeting_id = service.receive_meeting(opened)
        return menu.open_received_meetings(select=meeting_id)
    if kind == BundleKind.MEETING_RESULT:
        outcome = service.import_result(opened)
        messenger().information(menu.window, tr("Resultaat van het overleg"), outcome.message_nl())
        return None
    from ketenregie.services.team_monitor import TeamMonitorService

    TeamMonitorService(team.register, team=team).receive_monitor(opened)
    return menu.open_monitor_figures()
