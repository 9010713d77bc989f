"""`ketenregie team ...` end to end on two real registers, as two new colleagues would: cards, fingerprints,
verification, a handover of three cases, receiving with a receipt, the receipt back at the sender."""
from __future__ import annotations

import shutil

import pytest

from ketenregie.cli import main

from team_helpers import PASSPHRASE, open_member


@pytest.fixture
def files(templates, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    out = {}
    for key in ("anna", "bram"):
        shutil.copytree(templates[key], tmp_path / key, ignore=shutil.ignore_patterns("*.lock", "backups"))
        out[key] = tmp_path / key / "register.ketenregie"
    return out, secret


def _team(register, secret, *args):
    return main(["team", *args[:1], "--register", str(register), "--passphrase-file", str(secret), *args[1:]])


def test_two_colleagues_hand_over_three_cases_by_command_line(files, tmp_path, capsys):
    (regs, secret) = files
    anna_card, bram_card = tmp_path / "anna.teamkaart", tmp_path / "bram.teamkaart"
    assert _team(regs["anna"], secret, "card", "--out", str(anna_card)) == 0
    anna_out = capsys.readouterr().out
    assert _team(regs["bram"], secret, "card", "--out", str(bram_card), "--role", "teamleider") == 0
    assert "Teamleider" in capsys.readouterr().out
    # Bram adds Anna's card: the fingerprint he reads out is the one Anna's card command printed
    assert _team(regs["bram"], secret, "add", str(anna_card), "--verified") == 0
    fingerprint_lines = [line for line in anna_out.splitlines() if line.replace(" ", "").isdigit()]
    bram_sees = capsys.readouterr().out
    assert len(fingerprint_lines) == 3 and all(line in bram_sees for line in fingerprint_lines)
    # Anna adds Bram without checking: he cannot receive case data yet
    assert _team(regs["anna"], secret, "add", str(bram_card)) == 0
    assert "NIET gecontroleerd" in capsys.readouterr().out
    member = open_member(regs["anna"])
    numbers = [r[0] for r in member.register.db.query_all(
        "SELECT case_number FROM cases WHERE closed_on IS NULL ORDER BY id LIMIT 3")]
    member.register.close("quit")
    bundle = tmp_path / "overdracht.ketenbundel"
    cases = [a for n in numbers for a in ("--case", n)]
    assert _team(regs["anna"], secret, "handover", "--to", str(bram_card), *cases, "--out", str(bundle)) == 1
    assert "nog niet gecontroleerd" in capsys.readouterr().err and not bundle.exists()
    assert _team(regs["anna"], secret, "list") == 0
    colleague_id = capsys.readouterr().out.split()[0]
    assert _team(regs["anna"], secret, "verify", colleague_id) == 0
    assert _team(regs["anna"], secret, "handover", "--to", str(bram_card), *cases, "--out", str(bundle)) == 0
    capsys.readouterr()
    receipt = tmp_path / "ontvangst.ketenbundel"
    assert _team(regs["bram"], secret, "receive", str(bundle), "--receipt-out", str(receipt)) == 0
    out = capsys.readouterr().out
    assert "3 casus(sen)" in out and "Ingelezen: 3 nieuw" in out
    assert not any(n in out for n in numbers)  # counts only, no case numbers for new cases
    assert _team(regs["bram"], secret, "receive", str(bundle)) == 1
    assert "al eerder ingelezen" in capsys.readouterr().err
    assert _team(regs["anna"], secret, "receive", str(receipt)) == 0
    assert "3 casus(sen) staan nu als overgedragen" in capsys.readouterr().out
    member = open_member(regs["anna"])
    try:
        assert member.team.handed_over_text(numbers[0]).startswith("Overgedragen aan Bram Jansen op ")
    finally:
        member.register.close("quit")
    assert _team(regs["anna"], secret, "rename", colleague_id, "Bram J.") == 0
    assert _team(regs["anna"], secret, "list") == 0
    assert "Bram J. (Teamleider, gecontroleerd)" in capsys.readouterr().out
    assert _team(regs["anna"], secret, "remove", colleague_id) == 0
    assert _team(regs["anna"], secret, "remove", colleague_id) == 1


def test_card_without_identity_needs_a_name_and_bad_files_are_refused(tmp_path, capsys):
    from team_helpers import make_member

    member = make_member(tmp_path / "new", "X")
    member.register.db.execute("DELETE FROM team_identity")
    member.register.close("quit")
    secret = tmp_path / "s"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    assert _team(member.path, secret, "card", "--out", str(tmp_path / "k")) == 2
    assert "--name" in capsys.readouterr().err
    junk = tmp_path / "junk.teamkaart"
    junk.write_bytes(b"\x00" * 100)
    assert _team(member.path, secret, "add", str(junk)) == 1
    assert "geen geldige teamkaart" in capsys.readouterr().err
    assert _team(member.path, secret, "receive", str(junk)) == 1
    assert "Maak eerst je teamkaart aan" in capsys.readouterr().err


def test_cover_by_command_line_and_the_purge_removes_the_expired_copy(files, tmp_path, capsys):
    from datetime import date, timedelta

    (regs, secret) = files
    anna_card, bram_card = tmp_path / "anna.teamkaart", tmp_path / "bram.teamkaart"
    assert _team(regs["anna"], secret, "card", "--out", str(anna_card)) == 0
    assert _team(regs["bram"], secret, "card", "--out", str(bram_card)) == 0
    assert _team(regs["anna"], secret, "add", str(bram_card), "--verified") == 0
    assert _team(regs["bram"], secret, "add", str(anna_card), "--verified") == 0
    member = open_member(regs["anna"])
    number = member.register.db.query_one("SELECT case_number FROM cases WHERE closed_on IS NULL LIMIT 1")[0]
    member.register.close("quit")
    until = date.today() + timedelta(days=1)
    bundle = tmp_path / "vervanging.ketenbundel"
    assert _team(regs["anna"], secret, "cover", "--to", str(bram_card), "--case", number, "--until",
                 until.isoformat(), "--out", str(bundle)) == 0
    assert _team(regs["bram"], secret, "receive", str(bundle)) == 0
    assert "1 casus(sen) als kopie ingelezen" in capsys.readouterr().out
    back = tmp_path / "terug.ketenbundel"
    assert _team(regs["bram"], secret, "cover-return", "--out", str(back)) == 0
    assert _team(regs["anna"], secret, "receive", str(back)) == 0
    assert "0 journaalnotitie(s)" in capsys.readouterr().out  # nothing was added during the cover
    # `purge --yes` keeps the copy up to and including its end date, and deletes it the day after
    from ketenregie.cli import _purge

    assert _purge(regs["bram"], secret, confirmed=True, today=until) == 0
    assert "Vervanging afgelopen" not in capsys.readouterr().out
    assert _purge(regs["bram"], secret, confirmed=True, today=until + timedelta(days=1)) == 0
    assert "Vervanging afgelopen: 1 casus (kopieën) vernietigd." in capsys.readouterr().out
    member = open_member(regs["bram"])
    try:
        assert member.register.db.query_one("SELECT count(*) FROM cases")[0] == 0
    finally:
        member.register.close("quit")


def test_a_lost_receipt_and_a_lost_return_are_made_again_by_command_line(files, tmp_path, capsys):
    """Item (d) by command line: `team receipt` lists the handovers read and makes a new receipt; `team
    mark-handed-over` marks a handover without one; `team cover-return` can simply be run again."""
    from datetime import date, timedelta

    (regs, secret) = files
    anna_card, bram_card = tmp_path / "anna.teamkaart", tmp_path / "bram.teamkaart"
    assert _team(regs["anna"], secret, "card", "--out", str(anna_card)) == 0
    assert _team(regs["bram"], secret, "card", "--out", str(bram_card)) == 0
    assert _team(regs["anna"], secret, "add", str(bram_card), "--verified") == 0
    assert _team(regs["bram"], secret, "add", str(anna_card), "--verified") == 0
    member = open_member(regs["anna"])
    first, second, third = [r[0] for r in member.register.db.query_all(
        "SELECT case_number FROM cases WHERE closed_on IS NULL ORDER BY id LIMIT 3")]
    member.register.close("quit")
    bundle = tmp_path / "overdracht.ketenbundel"
    assert _team(regs["anna"], secret, "handover", "--to", str(bram_card), "--case", first, "--out",
                 str(bundle)) == 0
    assert _team(regs["bram"], secret, "receive", str(bundle), "--receipt-out", str(tmp_path / "kwijt")) == 0
    capsys.readouterr()
    assert _team(regs["bram"], secret, "receipt") == 0
    listed = capsys.readouterr().out
    assert "van Anna de Vries" in listed
    prefix = listed.split()[0]
    again = tmp_path / "opnieuw.ketenbundel"
    assert _team(regs["bram"], secret, "receipt", prefix, "--out", str(again)) == 0
    assert _team(regs["bram"], secret, "receipt", "ffffffff", "--out", str(again)) == 1
    assert _team(regs["anna"], secret, "receive", str(again)) == 0
    assert "1 casus(sen) staan nu als overgedragen" in capsys.readouterr().out
    # a second handover whose receipt never comes: marked by hand
    other = tmp_path / "tweede.ketenbundel"
    assert _team(regs["anna"], secret, "handover", "--to", str(bram_card), "--case", second, "--out",
                 str(other)) == 0
    capsys.readouterr()
    assert _team(regs["anna"], secret, "mark-handed-over") == 0
    pending = capsys.readouterr().out
    assert "aan Bram Jansen" in pending
    assert _team(regs["anna"], secret, "mark-handed-over", pending.split()[0]) == 0
    assert "1 casus(sen) staan nu als overgedragen" in capsys.readouterr().out
    # a cover whose return bundle gets lost: run cover-return again, nothing lands twice
    cover = tmp_path / "vervanging.ketenbundel"
    until = (date.today() + timedelta(days=5)).isoformat()
    assert _team(regs["anna"], secret, "cover", "--to", str(bram_card), "--case", third, "--until", until,
                 "--out", str(cover)) == 0
    assert _team(regs["bram"], secret, "receive", str(cover)) == 0
    member = open_member(regs["bram"])
    from ketenregie.domain.cases import JournalEntry
    from ketenregie.store.case_repository import CaseRepository

    CaseRepository(member.register.db, member.register.audit).add_journal_entry(
        third, JournalEntry(date.today(), "Gebeld"))
    member.register.close("quit")
    lost, made_again = tmp_path / "terug1.ketenbundel", tmp_path / "terug2.ketenbundel"
    assert _team(regs["bram"], secret, "cover-return", "--out", str(lost)) == 0
    assert _team(regs["bram"], secret, "cover-return", "--out", str(made_again)) == 0
    capsys.readouterr()
    assert _team(regs["anna"], secret, "receive", str(made_again)) == 0
    assert "1 journaalnotitie(s)" in capsys.readouterr().out
    assert _team(regs["anna"], secret, "receive", str(lost)) == 0
    out = capsys.readouterr().out
    assert "0 journaalnotitie(s)" in out and "1 regel(s) stonden er al" in out


def test_meeting_round_trip_and_monitor_figures_by_command_line(files, tmp_path, capsys):
    """Issue 14 item 5 by command line: Anna (coordinator) sends a planned meeting to Bram (teamleider), Bram sends
    the result back, the action lands in Anna's case; a ketenregisseur is refused; monitor figures reach Bram."""
    from datetime import date

    from ketenregie.domain.cases import ActionOwner
    from ketenregie.domain.meetings import ItemRecord, RecordKind

    from meeting_helpers import plan_meeting, service

    (regs, secret) = files
    anna_card, bram_card = tmp_path / "anna.teamkaart", tmp_path / "bram.teamkaart"
    assert _team(regs["anna"], secret, "card", "--out", str(anna_card)) == 0
    assert _team(regs["bram"], secret, "card", "--out", str(bram_card), "--role", "ketenregisseur") == 0
    assert _team(regs["bram"], secret, "add", str(anna_card), "--verified") == 0
    assert _team(regs["anna"], secret, "add", str(bram_card), "--verified") == 0
    member = open_member(regs["anna"])
    meeting_id = plan_meeting(member, 2)
    first_case = member.register.db.query_one(
        "SELECT case_id FROM agenda_items WHERE meeting_id = ? ORDER BY position", (meeting_id,))[0]
    member.register.close("quit")
    capsys.readouterr()
    bundle = tmp_path / "overleg.ketenbundel"
    send = ("meeting-send", "--to", str(bram_card), "--meeting", str(meeting_id), "--out", str(bundle))
    assert _team(regs["anna"], secret, *send) == 1  # Bram's card says ketenregisseur
    assert "rol teamleider" in capsys.readouterr().err and not bundle.exists()
    # Bram becomes team lead: a new card (same keys, so the same fingerprint); Anna replaces the old one
    assert _team(regs["bram"], secret, "card", "--out", str(bram_card), "--role", "teamleider") == 0
    assert _team(regs["anna"], secret, "list") == 0
    colleague_id = capsys.readouterr().out.split("\n")[-2].split()[0]
    assert _team(regs["anna"], secret, "remove", colleague_id) == 0
    assert _team(regs["anna"], secret, "add", str(bram_card), "--verified") == 0
    assert _team(regs["anna"], secret, "meetings") == 0
    assert f"{meeting_id:4d}  20-03-2026 09:30  2 agendapunt(en)" in capsys.readouterr().out
    assert _team(regs["anna"], secret, *send) == 0
    assert "2 agendapunt(en)" in capsys.readouterr().out
    assert _team(regs["bram"], secret, "receive", str(bundle)) == 0
    out = capsys.readouterr().out
    assert "Overleg ontvangen van Anna de Vries: 2 agendapunt(en)" in out
    received = int(out.split("nummer ")[1].split()[0])
    lead = open_member(regs["bram"])
    try:
        chair = service(lead)
        item = chair.load(received).items[0]
        chair.record(received, item.id, ItemRecord(RecordKind.ACTION, "Bewindvoerder bellen", owner=ActionOwner.SELF,
                                                   due=date(2026, 4, 3)))
    finally:
        lead.register.close("quit")
    result = tmp_path / "resultaat.ketenbundel"
    assert _team(regs["bram"], secret, "meeting-result", "--meeting", str(received), "--out", str(result)) == 0
    assert "0 afspraak/afspraken en 1 actie(s)" in capsys.readouterr().out
    assert _team(regs["anna"], secret, "receive", str(result)) == 0
    assert "1 actie(s) staan nu bij 1 casus(sen)" in capsys.readouterr().out
    assert _team(regs["anna"], secret, "receive", str(result)) == 1
    assert "al eerder ingelezen" in capsys.readouterr().err
    member = open_member(regs["anna"])
    try:
        assert member.register.db.query_one("SELECT count(*) FROM actions WHERE case_id = ? AND description = ?",
                                            (first_case, "Bewindvoerder bellen"))[0] == 1
    finally:
        member.register.close("quit")
    figures = tmp_path / "cijfers.ketenbundel"
    assert _team(regs["anna"], secret, "monitor-send", "--to", str(bram_card), "--from", "2026-01-01", "--until",
                 "2026-03-31", "--out", str(figures)) == 0
    assert "alleen onderdrukte totalen" in capsys.readouterr().out
    assert _team(regs["bram"], secret, "receive", str(figures)) == 0
    assert "Monitor schuldhulpverlening" in capsys.readouterr().out
    assert _team(regs["anna"], secret, "monitor-send", "--to", str(bram_card), "--from", "2026-03-31", "--until",
                 "2026-01-01", "--out", str(figures)) == 2


def test_team_add_with_a_known_fingerprint_shows_the_change_and_updates_with_yes(files, tmp_path, capsys):
    """A colleague who became team lead sends a new card (same keys): `team add` shows old → new role, changes
    nothing without --yes, and with --yes updates the colleague, who stays verified; the list shows the new role."""
    (regs, secret) = files
    bram_card = tmp_path / "bram.teamkaart"
    assert _team(regs["bram"], secret, "card", "--out", str(bram_card)) == 0
    assert _team(regs["anna"], secret, "add", str(bram_card), "--verified") == 0
    assert _team(regs["bram"], secret, "card", "--out", str(bram_card), "--role", "teamleider") == 0
    capsys.readouterr()
    assert _team(regs["anna"], secret, "add", str(bram_card)) == 1
    out = capsys.readouterr()
    assert "Rol: Ketenregisseur → Teamleider" in out.out and "blijft gecontroleerd" in out.out
    assert "--yes" in out.err and "niets gewijzigd" in out.err
    assert _team(regs["anna"], secret, "list") == 0
    assert "Bram Jansen (Ketenregisseur, gecontroleerd)" in capsys.readouterr().out
    assert _team(regs["anna"], secret, "add", str(bram_card), "--yes") == 0
    assert "bijgewerkt" in capsys.readouterr().out
    assert _team(regs["anna"], secret, "list") == 0
    listed = capsys.readouterr().out
    assert "Bram Jansen (Teamleider, gecontroleerd)" in listed and len(listed.strip().splitlines()) == 1
    # the very same card again: nothing to change, refused
    assert _team(regs["anna"], secret, "add", str(bram_card), "--yes") == 1
    assert "staat al bij je collega's" in capsys.readouterr().err


def test_team_add_warns_about_a_same_name_card_with_other_keys(files, tmp_path, capsys):
    from team_helpers import make_member

    (regs, secret) = files
    bram_card, other_card = tmp_path / "bram.teamkaart", tmp_path / "ander.teamkaart"
    assert _team(regs["bram"], secret, "card", "--out", str(bram_card)) == 0
    assert _team(regs["anna"], secret, "add", str(bram_card), "--verified") == 0
    other = make_member(tmp_path / "other", "Bram Jansen")
    other.team.write_my_card(other_card)
    other.register.close("quit")
    capsys.readouterr()
    assert _team(regs["anna"], secret, "add", str(other_card), "--yes") == 0
    out = capsys.readouterr().out
    assert "andere vingerafdruk" in out and "NIET gecontroleerd" in out
