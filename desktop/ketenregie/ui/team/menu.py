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
        # Alt letters unique in the Bestand menu (h z v w b t i a are taken there)
        self.card_action = QAction(tr("Mijn teamkaa&rt…"), window)
        self.colleagues_action = QAction(tr("&Collega's…"), window)
        self.receive_action = QAction(tr("Bundel in&lezen…"), window)
        self.cover_return_action = QAction(tr("Vervanging terug&sturen…"), window)
        self.receipt_again_action = QAction(tr("Ontvangstbevestiging opnieuw &maken…"), window)
        self.mark_handed_over_action = QAction(tr("&Overdracht als overgedragen markeren…"), window)
        self.ask_choice = self._ask_choice  # test seam: (title, question, labels) -> index or None
        self.ask_cover = self._ask_cover  # test seam: choose one of several covers
        self.ask_return_path = self._ask_return_path  # test seam
        self.card_action.triggered.connect(self.open_my_card)
        self.colleagues_action.triggered.connect(self.open_colleagues)
        self.receive_action.triggered.connect(self.receive_bundle)
        self.cover_return_action.triggered.connect(self.return_cover)
        # issue 14 item 5: the team lead's received meetings and monitor figures (ui/team/meeting_dialogs.py)
        self.meetings_action = QAction(tr("Ontvangen overle&ggen…"), window)
        self.figures_action = QAction(tr("Ontvangen mo&nitorcijfers…"), window)
        self.meetings_action.triggered.connect(lambda: self.open_received_meetings())
        self.figures_action.triggered.connect(lambda: self.open_monitor_figures())
        self.receipt_again_action.triggered.connect(self.make_receipt_again)
        self.mark_handed_over_action.triggered.connect(self.mark_handed_over)
        menu.addSeparator()
        for action in self.actions:
            menu.addAction(action)
            action.setEnabled(not lock_manager.is_locked)
        lock_manager.unlocked.connect(self._on_unlocked)
        lock_manager.locked.connect(lambda *_args: self._set_enabled(False))

    @property
    def actions(self) -> list[QAction]:
        return [self.card_action, self.colleagues_action, self.receive_action, self.cover_return_action,
                self.receipt_again_action, self.mark_handed_over_action, self.meetings_action, self.figures_action]

    def _on_unlocked(self, _register) -> None:
        self._set_enabled(True)
        self.purge_expired_covers()

    @staticmethod
    def load_team_code() -> None:
        """Import what the purge at unlock needs (the team code and its crypto, ~35 ms): the main window does this
        with its views, while the passphrase is typed, so the first view after unlock does not wait for it."""
        import ketenregie.services.team  # noqa: F401, PLC0415
        import ketenregie.services.team_meeting  # noqa: F401, PLC0415

    def purge_expired_covers(self) -> int:
        """Cover copies past their end date go at unlock (audited by count); a failure never blocks the app."""
        from ketenregie.errors import UserFacingError

        team = self._team()
        if team is None:
            return 0
        try:
            count = team.purge_expired_covers()
        except UserFacingError:
            return 0
        try:  # issue 14 item 5: received meetings past their retention term go too
            from ketenregie.services.team_meeting import TeamMeetingService

            TeamMeetingService(team.register, team=team).purge_expired_meetings()
        except UserFacingError:
            pass
        return count

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
                back = team.receive_cover_return(opened)
                text = tr("{notes} journaalnotitie(s) en {actions} actie(s) toegevoegd aan je casussen.").format(
                    notes=back.notes, actions=back.actions)
                if back.already:
                    text += " " + tr("{n} regel(s) had je al uit een eerdere terugbundel; die zijn overgeslagen."
                                     ).format(n=back.already)
                messenger().information(self.window, tr("Terug uit de vervanging"), text)
                _cases_changed()
                return None
            if opened.header.kind in (BundleKind.MEETING, BundleKind.MEETING_RESULT, BundleKind.MONITOR):
                from ketenregie.ui.team.meeting_dialogs import receive_meeting_kind

                return receive_meeting_kind(self, team, opened)
            if opened.header.kind == BundleKind.RECEIPT:
                count = team.receive_receipt(opened)
                messenger().information(self.window, tr("Ontvangstbevestiging ingelezen"), tr(
                    "{count} casus(sen) staan nu als overgedragen (alleen-lezen).").format(count=count) if count
                    else tr("Deze overdracht was al bevestigd of als overgedragen gemarkeerd; er is niets "
                            "veranderd."))
                _cases_changed()
                return None
            preview = team.preview_handover(opened)
        except UserFacingError as exc:
            messenger().warning(self.window, tr("Bundel inlezen"), exc.user_message)
            return None
        return self._show(ReceiveDialog(team, preview, self.window,
                                        privacy=getattr(self.window, "privacy_mode", None)))

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
            "Aanvullingen van {count} casus(sen) staan in {name}. De bundel bevat alles wat je tijdens de "
            "vervanging hebt toegevoegd: raakt hij kwijt, maak hem dan gewoon opnieuw; je collega krijgt niets "
            "dubbel.").format(count=count, name=target.name))
        return target

    # --- issue 14 item 5: the team lead's meetings and monitor figures ------------------------------------------

    def open_received_meetings(self, select: int | None = None):
        from ketenregie.services.team_meeting import TeamMeetingService
        from ketenregie.ui.team.meeting_dialogs import ReceivedMeetingsDialog

        register = self.lock_manager.register
        if register is None:
            return None
        privacy = getattr(self.window, "privacy_mode", None)
        dialog = ReceivedMeetingsDialog(TeamMeetingService(register), privacy_mode=bool(privacy and privacy.enabled),
                                        lock_manager=self.lock_manager, parent=self.window, select=select)
        if privacy is not None:
            privacy.changed.connect(dialog.set_privacy_mode)
        return self._show(dialog)

    def open_monitor_figures(self):
        from ketenregie.services.team_monitor import TeamMonitorService
        from ketenregie.ui.team.meeting_dialogs import MonitorFiguresDialog

        register = self.lock_manager.register
        if register is None:
            return None
        return self._show(MonitorFiguresDialog(TeamMonitorService(register).monitor_figures(), self.window))

    def _ask_choice(self, title: str, question: str, labels: list[str]) -> int | None:
        from PySide6.QtWidgets import QInputDialog

        label, ok = QInputDialog.getItem(self.window, title, question, labels, 0, False)
        return labels.index(label) if ok else None

    def _ask_receipt_path(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.window, tr("Ontvangstbevestiging opslaan"),
                                              "ontvangstbevestiging.ketenbundel", tr("Bundel (*.ketenbundel)"))
        return Path(name) if name else None

    def make_receipt_again(self) -> Path | None:
        """A new receipt for a handover read earlier (the first one got lost)."""
        from ketenregie.atomic import write_atomic
        from ketenregie.errors import UserFacingError

        team = self._team()
        if team is None:
            return None
        title = tr("Ontvangstbevestiging opnieuw maken")
        received = team.received_handovers()
        if not received:
            messenger().information(self.window, title, tr("Je hebt nog geen overdracht ingelezen."))
            return None
        labels = [tr("Van {name}, ingelezen op {day} (bundel {id})").format(name=name, day=at[:10], id=bid[:8])
                  for bid, name, at in received]
        index = self.ask_choice(title, tr("Voor welke overdracht?"), labels)
        if index is None:
            return None
        target = getattr(self, "ask_receipt_path", self._ask_receipt_path)()
        if target is None:
            return None
        try:
            _rid, data = team.make_receipt_again(received[index][0])
            write_atomic(target, data)
        except (UserFacingError, OSError) as exc:
            messenger().warning(self.window, title, exc.user_message if isinstance(exc, UserFacingError)
                                else tr("Het bestand kan niet worden geschreven."))
            return None
        messenger().information(self.window, title, tr(
            "De nieuwe ontvangstbevestiging staat in {name}. Stuur hem naar de afzender.").format(name=target.name))
        return target

    def mark_handed_over(self) -> int | None:
        """Mark the cases of a sent handover handed over without its receipt (e.g. the receipt got lost)."""
        team = self._team()
        if team is None:
            return None
        title = tr("Overdracht als overgedragen markeren")
        pending = team.pending_handovers()
        if not pending:
            messenger().information(self.window, title, tr("Er wacht geen overdracht op een ontvangstbevestiging."))
            return None
        labels = [tr("Aan {name}, gemaakt op {day}: {count} casus(sen)").format(name=name, day=made[:10], count=n)
                  for _bid, name, made, n in pending]
        index = self.ask_choice(title, tr("Welke overdracht heeft je collega ontvangen?"), labels)
        if index is None:
            return None
        count = team.mark_handed_over(pending[index][0])
        _cases_changed()
        messenger().information(self.window, title, tr(
            "{count} casus(sen) staan nu als overgedragen (alleen-lezen).").format(count=count))
        return count


def _cases_changed() -> None:
    """Open lists read the team states again (an empty number makes the caseload reload)."""
    from ketenregie.ui.caseload.data import case_events

    case_events().caseChanged.emit("")
