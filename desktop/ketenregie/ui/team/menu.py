"""Bestand → Mijn teamkaart…, Collega's…, Bundel inlezen…: actions enabled only while unlocked. The main window
adds them with one call (`TeamMenu(window, file_menu)`)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QWidget

from ketenregie.ui.messages import messenger


def tr(text: str) -> str:
    """ui.team.dialogs.tr (same context); the dialogs and the team code load on first use, not at start."""
    return QCoreApplication.translate("Team", text)


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
        self.cover_return_action = QAction(tr("Vervanging &terugsturen…"), window)
        self.ask_cover = self._ask_cover  # test seam: choose one of several covers
        self.ask_return_path = self._ask_return_path  # test seam
        self.card_action.triggered.connect(self.open_my_card)
        self.colleagues_action.triggered.connect(self.open_colleagues)
        self.receive_action.triggered.connect(self.receive_bundle)
        self.cover_return_action.triggered.connect(self.return_cover)
        menu.addSeparator()
        for action in self.actions:
            menu.addAction(action)
            action.setEnabled(not lock_manager.is_locked)
        lock_manager.unlocked.connect(self._on_unlocked)
        lock_manager.locked.connect(lambda *_args: self._set_enabled(False))

    @property
    def actions(self) -> list[QAction]:
        return [self.card_action, self.colleagues_action, self.receive_action, self.cover_return_action]

    def _on_unlocked(self, _register) -> None:
        self._set_enabled(True)
        self.purge_expired_covers()

    def purge_expired_covers(self) -> int:
        """Cover copies past their end date go at unlock (audited by count); a failure never blocks the app."""
        from ketenregie.errors import UserFacingError

        team = self._team()
        if team is None:
            return 0
        try:
            return team.purge_expired_covers()
        except UserFacingError:
            return 0

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
            if opened.header.kind == BundleKind.COVER_RETURN:
                notes, actions = team.receive_cover_return(opened)
                messenger().information(self.window, tr("Terug uit de vervanging"), tr(
                    "{notes} journaalnotitie(s) en {actions} actie(s) toegevoegd aan je casussen.").format(
                    notes=notes, actions=actions))
                return None
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

    def _ask_cover(self, labels: list[str]) -> int | None:
        from PySide6.QtWidgets import QInputDialog

        label, ok = QInputDialog.getItem(self.window, tr("Vervanging terugsturen"), tr("Welke vervanging?"), labels,
                                         0, False)
        return labels.index(label) if ok else None

    def _ask_return_path(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.window, tr("Terugbundel opslaan"), "vervanging-terug.ketenbundel",
                                              tr("Bundel (*.ketenbundel)"))
        return Path(name) if name else None

    def return_cover(self) -> Path | None:
        """Journal notes and actions added during a cover, as a return bundle for the colleague."""
        from ketenregie.atomic import write_atomic
        from ketenregie.errors import UserFacingError

        team = self._team()
        if team is None:
            return None
        covers = team.repo.cover_bundles()
        if not covers:
            messenger().information(self.window, tr("Vervanging terugsturen"),
                                    tr("Je vervangt op dit moment niemand."))
            return None
        names = {c.fingerprint: c.display_name for c in team.colleagues()}
        labels = [tr("{name}, tot en met {until} ({count} casussen)").format(
            name=names.get(fp, "?"), until=until, count=count) for _bid, fp, until, count in covers]
        index = 0 if len(covers) == 1 else self.ask_cover(labels)
        if index is None:
            return None
        target = self.ask_return_path()
        if target is None:
            return None
        try:
            _rid, data, count = team.make_cover_return(covers[index][0])
            write_atomic(target, data)
        except (UserFacingError, OSError) as exc:
            messenger().warning(self.window, tr("Vervanging terugsturen"), exc.user_message
                                if isinstance(exc, UserFacingError) else tr("Het bestand kan niet worden "
                                                                            "geschreven."))
            return None
        messenger().information(self.window, tr("Vervanging terugsturen"), tr(
            "Aanvullingen van {count} casus(sen) staan in {name}.").format(count=count, name=target.name))
        return target
