"""Bestand → Mijn teamkaart…, Collega's…, Bundel inlezen…: actions enabled only while unlocked. The main window
adds them with one call (`TeamMenu(window, file_menu)`)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QWidget

from ketenregie.ui.messages import messenger
from ketenregie.ui.team.dialogs import tr


class TeamMenu(QObject):
    def __init__(self, window: QWidget, menu: QMenu, lock_manager) -> None:
        super().__init__(window)
        self.window = window
        self.lock_manager = lock_manager
        self.dialog: QDialog | None = None
        self.ask_bundle_path = self._ask_bundle_path  # test seam
        self.card_action = QAction(tr("Mijn &teamkaart…"), window)
        self.colleagues_action = QAction(tr("&Collega's…"), window)
        self.receive_action = QAction(tr("Bundel &inlezen…"), window)
        self.card_action.triggered.connect(self.open_my_card)
        self.colleagues_action.triggered.connect(self.open_colleagues)
        self.receive_action.triggered.connect(self.receive_bundle)
        menu.addSeparator()
        for action in self.actions:
            menu.addAction(action)
            action.setEnabled(not lock_manager.is_locked)
        lock_manager.unlocked.connect(lambda _register: self._set_enabled(True))
        lock_manager.locked.connect(lambda *_args: self._set_enabled(False))

    @property
    def actions(self) -> list[QAction]:
        return [self.card_action, self.colleagues_action, self.receive_action]

    def _set_enabled(self, enabled: bool) -> None:
        for action in self.actions:
            action.setEnabled(enabled)

    def _team(self):
        from ketenregie.services.team import TeamService  # the team code (and its crypto) loads on first use

        register = self.lock_manager.register
        return TeamService(register) if register is not None else None

    def _show(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._forget)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, _result: int) -> None:
        if self.sender() is self.dialog:
            self.dialog = None

    def open_my_card(self):
        from ketenregie.ui.team.dialogs import MyCardDialog

        team = self._team()
        return self._show(MyCardDialog(team, self.window)) if team else None

    def open_colleagues(self):
        from ketenregie.ui.team.dialogs import ColleaguesDialog

        team = self._team()
        return self._show(ColleaguesDialog(team, self.window)) if team else None

    def _ask_bundle_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.window, tr("Bundel inlezen"), "", tr("Bundel (*.ketenbundel)"))
        return Path(name) if name else None

    def receive_bundle(self):
        """A handover opens the preview dialog; a receipt is applied at once (it only marks cases)."""
        from ketenregie.domain.team.bundle import BundleKind
        from ketenregie.errors import UserFacingError
        from ketenregie.ui.team.dialogs import ReceiveDialog

        team = self._team()
        if team is None:
            return None
        path = self.ask_bundle_path()
        if path is None:
            return None
        try:
            opened = team.read_bundle(path)
            if opened.header.kind == BundleKind.RECEIPT:
                count = team.receive_receipt(opened)
                messenger().information(self.window, tr("Ontvangstbevestiging ingelezen"), tr(
                    "{count} casus(sen) staan nu als overgedragen (alleen-lezen).").format(count=count))
                return None
            preview = team.preview_handover(opened)
        except UserFacingError as exc:
            messenger().warning(self.window, tr("Bundel inlezen"), exc.user_message)
            return None
        return self._show(ReceiveDialog(team, preview, self.window))
