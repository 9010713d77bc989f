"""Issue 14 follow-up (a): a colleague's new card with the SAME keys (same fingerprint: the same person) updates
the name and role in the list, keeps the verified state, and is audited with the colleague number only. A card
with OTHER keys is never an update: it is a new, unverified colleague, even under the same name. Two and three
real registers in tmp_path; the cards go through real files."""
from __future__ import annotations

import pytest

from ketenregie.domain.audit import AuditAction
from ketenregie.domain.audit_labels import describe_object
from ketenregie.domain.team.identity import TeamRole
from ketenregie.services.team import TeamService, TeamServiceError

from meeting_helpers import plan_meeting, service
from team_helpers import make_member


def _card_file(member, tmp_path, name="kaart.teamkaart"):
    return member.team.write_my_card(tmp_path / name)


def _audit(member):
    return [(e.action, e.object_ref) for e in member.register.audit.recent(3)]


def test_a_new_card_with_the_same_keys_updates_role_and_name_and_keeps_verified(anna, bram, tmp_path):
    bram_id = anna.team.add_colleague(TeamService.read_card(_card_file(bram, tmp_path)), verified=True).id
    # Bram becomes team lead and writes his name in full: a new card, the same keys
    bram.team.set_up_identity("Bram Jansen-de Wit", "teamleider")
    card = TeamService.read_card(_card_file(bram, tmp_path, "nieuw.teamkaart"))
    with pytest.raises(TeamServiceError, match="Werk de kaart bij"):  # adding it again is still refused
        anna.team.add_colleague(card, verified=False)
    update = anna.team.card_update(card)
    assert update is not None and update.colleague.id == bram_id and update.changed
    assert update.lines_nl() == ["Rol: Ketenregisseur → Teamleider", "Naam: Bram Jansen → Bram Jansen-de Wit"]
    updated = anna.team.update_colleague_card(card)
    assert (updated.id, updated.display_name, updated.card.role, updated.verified) == \
        (bram_id, "Bram Jansen-de Wit", TeamRole.TEAMLEIDER, True)
    assert updated.fingerprint == card.fingerprint
    assert len(anna.team.colleagues()) == 1
    action, ref = _audit(anna)[0]
    assert (action, ref) == (AuditAction.TEAM_COLLEAGUE_CARD_UPDATED.value, f"colleague:{bram_id},role,name")
    assert describe_object(ref) == f"Collega {bram_id} (rol gewijzigd, naam gewijzigd)"
    # the same card once more: nothing to change, refused with a clear message, no audit entry
    with pytest.raises(TeamServiceError, match="Er is niets gewijzigd"):
        anna.team.update_colleague_card(card)
    assert _audit(anna)[0][1] == ref


def test_an_unverified_colleague_stays_unverified_after_the_update(anna, bram, tmp_path):
    anna.team.add_colleague(bram.team.identity().card(), verified=False)
    bram.team.set_up_identity("Bram Jansen", "teamleider")
    updated = anna.team.update_colleague_card(bram.team.identity().card())
    assert updated.card.role == TeamRole.TEAMLEIDER and not updated.verified


def test_after_the_update_the_team_lead_can_receive_a_meeting_without_removing_the_card(anna, bram, tmp_path):
    bram_id = anna.team.add_colleague(bram.team.identity().card(), verified=True).id
    bram.team.add_colleague(anna.team.identity().card(), verified=True)  # both know each other
    meeting_id = plan_meeting(anna, 2)
    with pytest.raises(TeamServiceError, match="teamleider"):
        service(anna).make_meeting_bundle(bram_id, meeting_id)
    bram.team.set_up_identity("Bram Jansen", "teamleider")
    anna.team.update_colleague_card(bram.team.identity().card())
    _bid, data, items = service(anna).make_meeting_bundle(bram_id, meeting_id)
    assert items == 2 and service(bram).receive_meeting(bram.team.open_bundle(data))


def test_a_card_with_the_same_name_but_other_keys_is_a_new_unverified_colleague(anna, bram, tmp_path):
    anna.team.add_colleague(bram.team.identity().card(), verified=True)
    # someone (a new laptop, or an impostor) makes a card "Bram Jansen", teamleider, with new keys
    other = make_member(tmp_path / "other", "Bram Jansen", role="teamleider")
    try:
        card = other.team.identity().card()
        assert anna.team.card_update(card) is None
        with pytest.raises(TeamServiceError, match="niet bij je collega's"):
            anna.team.update_colleague_card(card)
        assert [c.display_name for c in anna.team.same_name_other_key(card)] == ["Bram Jansen"]
        added = anna.team.add_colleague(card, verified=False)
        assert not added.verified and added.card.role == TeamRole.TEAMLEIDER
        old = next(c for c in anna.team.colleagues() if c.id != added.id)
        assert old.verified and old.card.role == TeamRole.KETENREGISSEUR  # the old entry is untouched
        # bundles signed with the new keys are refused until its fingerprint is verified
        from ketenregie.domain.team import bundle as bundles
        _bid, data = bundles.seal({"x": 1}, kind=bundles.BundleKind.MONITOR, sender=other.team.identity(),
                                  recipient=anna.team.identity().card(), app_version="0")
        with pytest.raises(TeamServiceError, match="niet gecontroleerd"):
            anna.team.open_bundle(data)
    finally:
        other.register.close("quit")


def test_my_own_card_is_never_an_update(anna):
    with pytest.raises(TeamServiceError, match="eigen teamkaart"):
        anna.team.update_colleague_card(anna.team.identity().card())
