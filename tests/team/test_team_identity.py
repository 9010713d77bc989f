"""Team identity and card: key pairs inside the encrypted register, a self-signed card, the fingerprint."""
from __future__ import annotations

import json

import pytest

from ketenregie.config import load_policy
from ketenregie.domain.team.errors import CardInvalid
from ketenregie.domain.team.identity import TeamIdentity, fingerprint, format_fingerprint, parse_card
from ketenregie.services.register import open_register
from ketenregie.services.team import TeamService, TeamServiceError
from ketenregie.vault.kdf import KdfParams

from team_helpers import PASSPHRASE, make_member


def test_fingerprint_is_twelve_groups_of_five_digits_and_depends_on_both_keys():
    me = TeamIdentity.generate("Anna", "ketenregisseur")
    card = me.card()
    digits = card.fingerprint
    assert len(digits) == 60 and digits.isdigit()
    lines = format_fingerprint(digits).splitlines()
    assert len(lines) == 3 and all(len(line.split()) == 4 for line in lines)
    other = TeamIdentity.generate("Anna", "ketenregisseur").card()
    assert fingerprint(card.encryption_public, other.signing_public) != digits
    assert fingerprint(other.encryption_public, card.signing_public) != digits


def test_card_holds_public_keys_name_and_role_only_and_round_trips():
    me = TeamIdentity.generate("Anna de Vries", "teamleider")
    raw = me.card_bytes()
    body = json.loads(raw)
    assert set(body) == {"format", "version", "display_name", "role", "encryption_key", "signing_key", "signature"}
    assert me.encryption_private.hex() not in raw.hex() and me.signing_private.hex() not in raw.hex()
    card = parse_card(raw)
    assert card == me.card() and card.fingerprint == me.fingerprint


@pytest.mark.parametrize("edit", [
    lambda b: b.update(display_name="Iemand Anders"),
    lambda b: b.update(role="ketenregisseur"),
    lambda b: b.update(extra="x"),
    lambda b: b.pop("signature"),
])
def test_an_edited_card_is_refused(edit):
    body = json.loads(TeamIdentity.generate("Anna", "teamleider").card_bytes())
    edit(body)
    with pytest.raises(CardInvalid):
        parse_card(json.dumps(body).encode())


def test_garbage_and_oversized_cards_are_refused():
    for data in (b"", b"not json", b"[]", b"{" + b" " * 20000 + b"}"):
        with pytest.raises(CardInvalid):
            parse_card(data)


def test_keys_live_in_the_register_and_survive_a_passphrase_change(tmp_path):
    member = make_member(tmp_path / "a", "Anna de Vries")
    before = member.team.identity()
    member.register.change_passphrase(PASSPHRASE, "Een heel andere wachtwoordzin voor later",
                                      kdf=KdfParams.minimum())
    member.register.close("quit")
    raw = member.path.read_bytes()
    assert before.encryption_private not in raw and before.signing_private not in raw  # encrypted at rest
    again = open_register(member.path, "Een heel andere wachtwoordzin voor later", policy=load_policy())
    try:
        assert TeamService(again).identity() == before
    finally:
        again.close("quit")


def test_setting_up_again_changes_name_and_role_but_keeps_the_keys(tmp_path):
    member = make_member(tmp_path / "a", "Anna")
    first = member.team.identity()
    second = member.team.set_up_identity("Anna de Vries", "teamleider")
    assert second.fingerprint == first.fingerprint and second.display_name == "Anna de Vries"
    with pytest.raises(TeamServiceError):
        member.team.set_up_identity("", "ketenregisseur")
    with pytest.raises(TeamServiceError):
        member.team.set_up_identity("Anna", "baas")
    member.register.close("quit")


def test_my_card_is_written_to_a_file_and_audited(tmp_path):
    member = make_member(tmp_path / "a", "Anna")
    target = member.team.write_my_card(tmp_path / "kaart.teamkaart")
    assert TeamService.read_card(target) == member.team.identity().card()
    assert member.register.audit.recent(1)[0].object_ref == "team:card"
    member.register.close("quit")
