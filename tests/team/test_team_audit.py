"""Item (c): every team action writes exactly one audit entry, with its own action and a Dutch label, and a
reference of counts, colleague numbers and a bundle id only. Item (d): a receipt can be made again; a handover can
be marked by hand. Two real registers."""
from __future__ import annotations

from datetime import date, timedelta

from ketenregie.domain.audit import AuditAction, action_label
from ketenregie.domain.audit_labels import describe_object
from ketenregie.domain.cases import JournalEntry
from ketenregie.store.case_repository import CaseRepository

from team_helpers import make_member


def _audit_count(member) -> int:
    return member.register.db.query_one("SELECT count(*) FROM audit_log")[0]


def _one(member, action: AuditAction, call):
    before = _audit_count(member)
    result = call()
    assert _audit_count(member) == before + 1, action
    entry = member.register.audit.recent(1)[0]
    assert entry.action == action.value
    label = action_label(entry.action)
    assert label and label not in ("Aangemaakt", "Gewijzigd", "Verwijderd", "Geëxporteerd")
    described = describe_object(entry.object_ref)
    assert described and described != entry.object_ref, entry.object_ref
    for name in ("Anna", "Bram", "Carla", "Vries", "Jansen"):
        assert name not in entry.object_ref
    return result


def _open_numbers(member, limit):
    return [r[0] for r in member.register.db.query_all(
        "SELECT case_number FROM cases WHERE closed_on IS NULL ORDER BY id LIMIT ?", (limit,))]


def test_each_team_action_has_its_own_audit_entry(anna, bram, carla, tmp_path):
    dirk = make_member(tmp_path / "dirk", "Dirk Bakker")
    try:
        assert [e.action for e in dirk.register.audit.recent(1)] == [AuditAction.TEAM_CARD_MADE.value]
    finally:
        dirk.register.close("quit")
    _one(bram, AuditAction.TEAM_CARD_CHANGED, lambda: bram.team.set_up_identity("Bram J.", "teamleider"))
    _one(anna, AuditAction.TEAM_CARD_SAVED, lambda: anna.team.write_my_card(tmp_path / "anna.teamkaart"))
    bram_id = _one(anna, AuditAction.TEAM_COLLEAGUE_ADDED,
                   lambda: anna.team.add_colleague(bram.team.identity().card(), verified=False)).id
    _one(anna, AuditAction.TEAM_COLLEAGUE_VERIFIED, lambda: anna.team.verify_colleague(bram_id))
    _one(anna, AuditAction.TEAM_COLLEAGUE_RENAMED, lambda: anna.team.rename_colleague(bram_id, "Bram (team)"))
    carla_id = anna.team.add_colleague(carla.team.identity().card(), verified=True).id
    _one(anna, AuditAction.TEAM_COLLEAGUE_REMOVED, lambda: anna.team.remove_colleague(carla_id))
    anna_id = bram.team.add_colleague(anna.team.identity().card(), verified=True).id

    first, second, third = _open_numbers(anna, 3)
    _bid, data, _n = _one(anna, AuditAction.TEAM_HANDOVER_SENT,
                          lambda: anna.team.make_handover(bram_id, case_numbers=[first]))
    opened = bram.team.open_bundle(data)
    _one(bram, AuditAction.TEAM_HANDOVER_RECEIVED, lambda: bram.team.receive_handover(opened))
    _rid, receipt = _one(bram, AuditAction.TEAM_RECEIPT_SENT, lambda: bram.team.make_receipt(opened))
    _one(anna, AuditAction.TEAM_RECEIPT_RECEIVED, lambda: anna.team.receive_receipt(anna.team.open_bundle(receipt)))

    until = date.today() + timedelta(days=7)
    cover_id, cover, _n = _one(anna, AuditAction.TEAM_COVER_SENT,
                               lambda: anna.team.make_cover(bram_id, case_numbers=[second], until=until))
    _one(bram, AuditAction.TEAM_COVER_RECEIVED, lambda: bram.team.receive_cover(bram.team.open_bundle(cover)))
    CaseRepository(bram.register.db, bram.register.audit).add_journal_entry(second, JournalEntry(date.today(), "x"))
    _rid, back, _n = _one(bram, AuditAction.TEAM_COVER_RETURN_SENT, lambda: bram.team.make_cover_return(cover_id))
    _one(anna, AuditAction.TEAM_COVER_RETURN_RECEIVED,
         lambda: anna.team.receive_cover_return(anna.team.open_bundle(back)))

    pending_id, _data, _n = anna.team.make_handover(bram_id, case_numbers=[third])
    assert [p[0] for p in anna.team.pending_handovers()] == [pending_id]
    assert _one(anna, AuditAction.TEAM_MARKED_HANDED_OVER, lambda: anna.team.mark_handed_over(pending_id)) == 1
    assert anna.team.pending_handovers() == []
    assert anna.team.handed_over_text(third).startswith("Overgedragen aan Bram (team) op ")
    assert anna_id


def test_a_lost_receipt_is_made_again(anna, bram):
    """The first receipt never arrives; Bram makes a new one (a new bundle id) from his list of handovers read.
    Anna's cases are marked with it; when the first one turns up after all, nothing changes (the day stays)."""
    bram_id = anna.team.add_colleague(bram.team.identity().card(), verified=True).id
    bram.team.add_colleague(anna.team.identity().card(), verified=True)
    numbers = _open_numbers(anna, 2)
    handover_id, data, _n = anna.team.make_handover(bram_id, case_numbers=numbers)
    opened = bram.team.open_bundle(data)
    bram.team.receive_handover(opened)
    _lost_id, lost = bram.team.make_receipt(opened)
    assert [h[0] for h in bram.team.received_handovers()] == [handover_id]
    assert bram.team.received_handovers()[0][1] == "Anna de Vries"
    again_id, again = _one(bram, AuditAction.TEAM_RECEIPT_SENT, lambda: bram.team.make_receipt_again(handover_id))
    assert again_id != _lost_id
    assert anna.team.receive_receipt(anna.team.open_bundle(again)) == 2
    marks = anna.register.db.query_all("SELECT case_id, handed_over_on FROM case_handed_over ORDER BY case_id")
    assert len(marks) == 2
    assert anna.team.receive_receipt(anna.team.open_bundle(lost)) == 0  # the late first one changes nothing
    assert anna.register.db.query_all("SELECT case_id, handed_over_on FROM case_handed_over ORDER BY case_id") \
        == marks
    import pytest

    from ketenregie.services.team import TeamServiceError

    with pytest.raises(TeamServiceError):
        bram.team.make_receipt_again("0" * 32)
