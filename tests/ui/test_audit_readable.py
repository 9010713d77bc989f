"""Issue 15 item 8: the audit view is readable for a coordinator or FG — Dutch object labels instead of raw
references, and the coordinator's own name instead of the OS account (the raw values stay in the tooltip)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ketenregie.domain.audit_labels import describe_object
from ketenregie.domain.referral import SenderInfo
from ketenregie.store.audit_log import current_actor
from ketenregie.store.referral_repository import ReferralRepository
from ketenregie.ui.views.audit_log import AuditLogView
from case_helpers import open_with_context


def test_references_read_as_words():
    assert describe_object("referral:2026-0138,to=1,f=597f") == "Verwijzing, casus 2026-0138, aan partner 1"
    assert describe_object("case:2026-0042") == "Casus 2026-0042"
    assert describe_object("conversation:2026-0042.7") == "Gesprek 7, casus 2026-0042"
    assert describe_object("meeting:5.agenda") == "Overleg 5, agenda"
    assert describe_object("reason:idle") == "Reden: geen gebruik"
    assert describe_object("settings:letter-sender") == "Instelling: afzender van brieven"
    assert describe_object("something-new") == "something-new"


def test_the_audit_view_shows_names_and_labels(qtbot, existing_register, settings):
    register, context = open_with_context(existing_register, settings)
    try:
        ReferralRepository(register.db, register.audit).save_sender(SenderInfo("Sanne Bakker"))
        view = AuditLogView(context)
        qtbot.addWidget(view)
        model = view.model
        qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
        columns = [key for key, _title in model.COLUMNS]
        actors = {model.data(model.index(r, columns.index("actor"))) for r in range(model.rowCount())}
        assert "Sanne Bakker" in actors and current_actor() not in actors
        row = next(r for r in range(model.rowCount())
                   if model.entry(r).object_ref == "settings:letter-sender")
        assert model.data(model.index(row, columns.index("object_ref"))) == "Instelling: afzender van brieven"
        assert model.data(model.index(row, columns.index("object_ref")), Qt.ItemDataRole.ToolTipRole) == \
            "settings:letter-sender"
    finally:
        register.close("quit")
