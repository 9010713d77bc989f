"""Bewaartermijnen view with a real register: the preview shows counts and case number + closing date + rule with
initials only; destroying needs the typed number of cases, runs in the background, shows the result and leaves one
counts-only audit entry; presentatiemodus does not rebuild the view or lose the typed confirmation."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ketenregie.config import MemorySettingsBackend, Policy, Settings
from ketenregie.domain.cases import Case, Closing, ClosingReason, Household, IntakeRoute, Phase
from ketenregie.domain.meetings import CaseMeeting, MeetingKind, Participant, ParticipantRole
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.meeting_repository import MeetingRepository
from ketenregie.ui.accessibility import name_qt_internals, unnamed_controls
from ketenregie.ui.privacy_mode import EXTRAS_KEY, PrivacyMode
from ketenregie.ui.retention.view import RetentionView
from ketenregie.ui.views import VIEWS
from ketenregie.ui.views.registry import ViewContext
from ketenregie.vault.kdf import KdfParams

TODAY = date(2026, 5, 12)
DUE = [("Zwanhilde Kanarievogel", ClosingReason.RESOLVED, date(2021, 4, 30)),
       ("Bartholomeus Pietersma", ClosingReason.NO_CONTACT, date(2024, 2, 29))]
KEPT = [("Anouk de Wildeman", ClosingReason.WITHDRAWN, date(2025, 9, 1))]


@pytest.fixture
def register(tmp_path):
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests",
                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    for name, reason, closed_on in DUE + KEPT:
        day = [closed_on - timedelta(days=20)]
        cases = CaseRepository(reg.db, reg.audit, clock=lambda: day[0])
        number = cases.create(Case(household=Household(name=name), intake_route=IntakeRoute.SELF,
                                   help_request_date=day[0]))
        day[0] = closed_on
        cases.update(replace(cases.get(number, audit=False), phase=Phase.CLOSED, closing=Closing(reason, closed_on)))
    MeetingRepository(reg.db, reg.audit, clock=lambda: date(2025, 1, 7)).save(CaseMeeting(
        starts_at=datetime(2025, 1, 7, 9, 0), purpose="Intern casuïstiekoverleg", chair="Teamleider",
        location="Raadhuis", kind=MeetingKind.INTERNAL,
        participants=(Participant("Gemeente", ParticipantRole.CHAIR), Participant("Team", ParticipantRole.MEMBER))))
    yield reg
    if reg.is_open:
        reg.close()


@pytest.fixture
def view(qtbot, register):
    settings = Settings(Policy.defaults(), MemorySettingsBackend())
    context = ViewContext(register=register, settings=settings, policy=Policy.defaults(),
                          extras={EXTRAS_KEY: PrivacyMode(settings)})
    widget = RetentionView(context, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def all_texts(root: QWidget, model) -> str:
    texts = [label.text() for label in root.findChildren(QLabel)]
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            texts.append(str(model.index(row, column).data()))
    return "\n".join(texts)


def test_registered_as_a_view():
    assert "retention" in VIEWS and VIEWS.get("retention").display_title == "Bewaartermijnen"


def test_preview_shows_counts_and_initials_only(view):
    plan = view.preview.plan
    assert len(plan.cases) == 2 and len(plan.meetings) == 1
    summary = view.summary_label.text()
    assert "2 casussen en 1 overleg" in summary
    assert "Afgebroken: 1 jaar na afsluiten: 1" in summary
    rows = [[view.proxy.index(r, c).data() for c in range(view.proxy.columnCount())]
            for r in range(view.proxy.rowCount())]
    case_rows = [r for r in rows if r[0] == "Casus"]
    assert {r[2] for r in case_rows} == {"Z.K.", "B.P."}
    assert {r[3] for r in case_rows} == {"30-04-2021", "29-02-2024"}
    assert any(r[4] == "Afgebroken: 1 jaar na afsluiten" and r[5] == "28-02-2025" for r in case_rows)
    text = all_texts(view, view.model)
    for name, *_ in DUE + KEPT:
        for part in name.split():
            if len(part) > 2:
                assert part not in text
    name_qt_internals(view)
    assert unnamed_controls(view) == []


def test_destroy_needs_the_typed_number_and_reports_counts(qtbot, view, register):
    assert not view.purge_button.isEnabled()
    assert "(2)" in view.confirm_label.text()
    qtbot.keyClicks(view.confirm_edit, "3")
    assert not view.purge_button.isEnabled()
    assert view.purge() is None  # Enter with a wrong number does nothing
    assert register.db.query_one("SELECT count(*) FROM cases")[0] == 3
    view.confirm_edit.setText("2")
    assert view.purge_button.isEnabled()
    qtbot.mouseClick(view.purge_button, Qt.MouseButton.LeftButton)
    assert view.task is not None and not view.purge_button.isEnabled()  # running: no second purge
    qtbot.waitUntil(lambda: view.task is None and view.last_result is not None, timeout=5000)
    assert (view.last_result.cases, view.last_result.meetings) == (2, 1)
    assert "Vernietigd: 2 casussen en 1 overleg" in view.message_label.text()
    assert register.db.query_one("SELECT count(*) FROM cases")[0] == 1
    assert register.db.query_one("SELECT count(*) FROM meetings")[0] == 0
    entry = register.audit.recent(1)[0]
    assert (entry.action, entry.object_ref) == ("purge", "purge:cases=2,meetings=1")
    # the preview is fresh: nothing left, nothing to confirm
    assert view.preview.plan.is_empty and not view.purge_button.isEnabled() and not view.confirm_edit.isEnabled()


def test_privacy_mode_keeps_the_view_and_the_typed_confirmation(view):
    assert hasattr(view, "set_privacy_mode")
    view.confirm_edit.setText("2")
    view._context.extras[EXTRAS_KEY].set_enabled(True)
    assert view.confirm_edit.text() == "2" and view.purge_button.isEnabled()
    assert {view.model.index(r, 2).data() for r in range(view.model.rowCount())} >= {"Z.K.", "B.P."}


def test_release_drops_the_list(view):
    view.release()
    assert view.model.rowCount() == 0 and view.preview is None and view.summary_label.text() == ""


class CountingOperations:
    """Stands in for the lock manager's operation counter (the lock manager itself is tested in test_lock.py)."""

    def __init__(self) -> None:
        self.begun = self.ended = 0

    def begin_operation(self) -> None:
        self.begun += 1

    def end_operation(self) -> None:
        self.ended += 1


def test_purge_holds_the_register_open_until_it_ends(qtbot, view):
    operations = CountingOperations()
    view._context.lock_manager = operations
    view.confirm_edit.setText("2")
    task = view.purge()
    assert operations.begun == 1
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert operations.ended == 1 and view.last_result.cases == 2


def test_the_view_says_until_when_backups_hold_what_is_destroyed(qtbot, register):
    """Backups are part of retention: the view counts the backups and says until when a backup of today (which
    holds the cases about to be destroyed) can exist under the rotation policy."""
    from ketenregie.services.backup import automatic_backup

    policy = Policy.from_mapping({"BackupDailyCount": 3, "BackupWeeklyCount": 2}, "test")
    register.policy = policy
    automatic_backup(register, now=datetime(2026, 5, 11, 12, 0).astimezone())
    settings = Settings(policy, MemorySettingsBackend())
    view = RetentionView(ViewContext(register=register, settings=settings, policy=policy,
                                     extras={EXTRAS_KEY: PrivacyMode(settings)}), today=lambda: TODAY)
    qtbot.addWidget(view)
    text = view.backup_label.text()
    assert "Er is 1 back-up, de oudste van 11-05-2026" in text
    # Tuesday 12 May 2026: daily until 14 May, weekly (2 weeks, this one included) until Sunday 24 May.
    assert "tot en met 24-05-2026" in text
    assert "elders" in text  # backups the user keeps elsewhere are outside the rotation
def test_only_old_audit_rows_due_asks_for_their_count(qtbot, tmp_path):
    """Issue 11: the audit log's own term. A register whose only due data are old audit rows asks for their number
    and removes them; the chain still verifies."""
    from datetime import timezone

    from ketenregie.domain.audit import AuditAction
    from ketenregie.store.audit_log import AuditLog

    reg, _, _ = create_register(tmp_path / "audit.krg", "een lange wachtwoordzin voor tests",
                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    try:
        settings = Settings(Policy.defaults(), MemorySettingsBackend())
        context = ViewContext(register=reg, settings=settings, policy=Policy.defaults(),
                              extras={EXTRAS_KEY: PrivacyMode(settings)})
        later = date.today().replace(year=date.today().year + 6)  # the register's own rows are then 6 years old
        old = AuditLog(reg.db, origin="gui", actor="medewerker",
                       clock=lambda: datetime.now(timezone.utc).replace(year=date.today().year + 6))
        old.record(AuditAction.VIEW, "meeting:1")  # a row that is young on `later`
        widget = RetentionView(context, today=lambda: later)
        qtbot.addWidget(widget)
        widget.show()
        due = widget.preview.plan.audit_rows
        assert due == reg.audit.count() - 1 and due > 0
        assert f"auditregels ({due})" in widget.confirm_label.text()
        widget.confirm_edit.setText(str(due))
        assert widget.purge_button.isEnabled()
        qtbot.mouseClick(widget.purge_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: widget.task is None and widget.last_result is not None, timeout=5000)
        assert widget.last_result.audit_rows == due
        assert reg.audit.count() == 2 and reg.audit.verify().ok
    finally:
        reg.close()


def test_the_terms_name_the_rule_for_unsaved_input(view):
    """Issue 15 item 6: the 24-hour limit and "offered once" of form drafts are stated where the terms are, and in the
    privacy catalogue (the art. 30 record) that the Privacy view shows."""
    from ketenregie.domain.privacy_catalogue import CATALOGUE_RESOURCE, load_catalogue
    from ketenregie.resources import resource_path

    assert "Niet-opgeslagen invoer" in view.terms_label.text() and "24 uur" in view.terms_label.text()
    term = load_catalogue(resource_path(*CATALOGUE_RESOURCE)).retention_rules["form_draft"].term
    assert "24 uur" in term and "Eén keer teruggeboden" in term
