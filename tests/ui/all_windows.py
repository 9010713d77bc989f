"""Every window of the app on a register full of demo data, for the issue-15 walks (sizes, keyboard, screen
readers): `demo_register` (fixture), `dialogs(...)` (every dialog and extra window), `minimum_size`."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

from ketenregie.config import Policy
from ketenregie.demo import fill_demo_activity, fill_demo_cases
from ketenregie.services.register import open_register
from ui_helpers import unlock

# 1280×720 logical minus a window frame with title bar (about 8 + 31 px) and a task bar (48 px).
MAX_WIDTH = 1280 - 16
MAX_HEIGHT = 720 - 48 - 40


def minimum_size(window: QWidget) -> QSize:
    """The smallest size the window can really take: shown, resized to nothing, what Qt keeps."""
    window.show()
    QApplication.processEvents()
    if window.layout() is not None:
        window.layout().activate()
    window.resize(200, 150)
    QApplication.processEvents()
    size = window.size()
    hint = window.minimumSizeHint()
    return QSize(max(size.width(), window.minimumWidth()), max(size.height(), window.minimumHeight(),
                                                                 min(hint.height(), size.height())))


def assert_fits(window: QWidget, what: str) -> None:
    size = minimum_size(window)
    assert size.width() <= MAX_WIDTH and size.height() <= MAX_HEIGHT, (
        f"{what}: kleinste grootte {size.width()}×{size.height()}, past niet in {MAX_WIDTH}×{MAX_HEIGHT}")


@pytest.fixture
def demo_register(existing_register):
    register = open_register(existing_register.path, existing_register.passphrase, policy=Policy.defaults())
    fill_demo_cases(register, 60, today=date.today(), seed=3)
    fill_demo_activity(register, today=date.today(), seed=3)
    register.close("quit")
    return existing_register


def dialogs(context, register_path, policy, settings, kdf):
    """(what, window) for every dialog and extra window of the app, built on the unlocked demo register."""
    from ketenregie.domain.conversations import ConversationKind
    from ketenregie.services.referral import ReferralService
    from ketenregie.store.case_repository import CaseRepository
    from ketenregie.store.meeting_repository import MeetingRepository
    from ketenregie.ui.caseload.view import MeetingMarkDialog, SaveViewDialog
    from ketenregie.ui.cases.dialog import CaseDialog
    from ketenregie.ui.change_passphrase import ChangePassphraseDialog
    from ketenregie.ui.conversations.view import ConversationsView
    from ketenregie.ui.letters.dialogs import BasisDialog, PreviewDialog, SaveDialog
    from ketenregie.ui.meetings.meeting_mode import MeetingModeWindow
    from ketenregie.ui.meetings.planning import PlanningDialog
    from ketenregie.ui.recovery import RecoveryDialog
    from ketenregie.ui.settings_dialog import SettingsDialog
    from ketenregie.ui.wizard import FirstRunWizard

    register = context.register
    cases = CaseRepository(register.db, register.audit)
    number = cases.case_numbers()[0] if hasattr(cases, "case_numbers") else register.db.query_one(
        "SELECT case_number FROM cases ORDER BY id LIMIT 1")[0]
    meetings = MeetingRepository(register.db, register.audit)
    partners = {p.id: p.name for p in ReferralService(register).partners()}
    yield "Nieuwe hulpvraag", CaseDialog(context, None)
    yield "Casus", CaseDialog(context, number)
    yield "Weergave opslaan", SaveViewDialog("Mijn weergave")
    yield "Voor overleg", MeetingMarkDialog(number)
    yield "Overleg plannen", PlanningDialog(meetings, None, partners=partners, privacy_mode=False)
    meeting_id = meetings.list_meetings()[0].id
    yield "Overleg wijzigen", PlanningDialog(meetings, meetings.get(meeting_id), partners=partners,
                                             privacy_mode=False)
    yield "Overlegmodus", MeetingModeWindow(meetings, meeting_id, partners=partners)
    service = ReferralService(register)
    partner = next(p for p in service.partners() if service.profile_for(p) is not None)
    yield "Grondslag", BasisDialog(service, cases.get(number), partner, today=date.today())
    yield "Voorbeeld", PreviewDialog([])
    yield "Brief opslaan", SaveDialog(["verwijzing.pdf", "kopie-inwoner.pdf"])
    yield "Instellingen", SettingsDialog(settings)
    yield "Wachtwoordzin wijzigen", ChangePassphraseDialog(register, policy=policy, kdf=kdf)
    yield "Herstellen", RecoveryDialog(register_path, policy=policy, settings=settings, kdf=kdf)
    yield "Eerste start", FirstRunWizard(register_path.with_name("nieuw.ketenregie"), policy=policy,
                                         settings=settings, kdf=kdf)
    view = ConversationsView(context)
    view.open_mode(view.repository.start(number, ConversationKind.INTAKE), number)
    yield "Gespreksmodus", view


