"""The team lead and the casuïstiekoverleg (issue 14 item 5) with two real registers: Anna (coordinator, demo
cases) sends a planned meeting to Bram (teamleider); Bram chairs it without any case and sends the agreements and
actions back; they land in the right cases of Anna's register, matched by the opaque item id only."""
from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from pypdf import PdfReader

from ketenregie.documents.meeting_agenda import MeetingDocumentOptions, render_agenda
from ketenregie.domain.cases import ActionOwner
from ketenregie.domain.meetings import ItemRecord, RecordKind
from ketenregie.services.team import TeamServiceError
from ketenregie.store.meeting_repository import MeetingValidationError
from ketenregie.store.team_repository import TeamRepository

from meeting_helpers import make_team_lead, meetings, plan_meeting, service
from team_helpers import introduce


def _case_facts(member, case_ids):
    rows = member.register.db.query_all(
        f"SELECT c.case_number, h.name FROM cases c JOIN households h ON h.case_id = c.id"
        f" WHERE c.id IN ({','.join('?' * len(case_ids))})", case_ids)
    return [r[0] for r in rows], [r[1] for r in rows]


def _send(anna, bram, count=3, **consent):
    bram_id, _ = make_team_lead(anna, bram)
    meeting_id = plan_meeting(anna, count, **consent)
    bundle_id, data, items = service(anna).make_meeting_bundle(bram_id, meeting_id)
    assert items == count
    return meeting_id, bundle_id, data


def _receive(bram, data):
    lead = service(bram)
    return lead, lead.receive_meeting(bram.team.open_bundle(data))


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_round_trip_actions_and_agreements_land_in_the_right_cases(anna, bram):
    meeting_id, _bid, data = _send(anna, bram, 3)
    lead, team_meeting = _receive(bram, data)
    # the team lead's register has the meeting without any case
    assert bram.register.db.query_one("SELECT count(*) FROM cases")[0] == 0
    chaired = lead.load(team_meeting)
    assert [i.case_id for i in chaired.items] == [None, None, None]
    partners = lead.partners(team_meeting)
    plan_ref = next(ref for ref, org in partners.items() if org == "PLANgroep")
    for n, item in enumerate(chaired.items):
        lead.record(team_meeting, item.id, ItemRecord(RecordKind.AGREEMENT, f"Afspraak voor punt {n + 1}"))
        lead.record(team_meeting, item.id, ItemRecord(RecordKind.ACTION, f"Actie voor punt {n + 1}",
                                                      owner=ActionOwner.PARTNER, partner_id=plan_ref,
                                                      due=date(2026, 4, 1)))
        lead.record(team_meeting, item.id, ItemRecord(RecordKind.DISCUSSION, f"Bespreekpunt {n + 1}"))
    lead.finish(team_meeting)
    _rid, result, agreements, actions = lead.make_result(team_meeting)
    assert (agreements, actions) == (3, 3)

    outcome = service(anna).import_result(anna.team.open_bundle(result))
    assert (outcome.agreements, outcome.actions, outcome.items, outcome.unmatched) == (3, 3, 3, 0)
    planned = meetings(anna).get(meeting_id, audit=False)
    db = anna.register.db
    for n, item in enumerate(planned.items):
        acts = db.query_all("SELECT description, owner, partner_id, due_date FROM actions WHERE case_id = ?"
                            " AND description LIKE 'Actie voor punt%'", (item.case_id,))
        assert acts == [(f"Actie voor punt {n + 1}", "partner", plan_ref, "2026-04-01")]
        journal = [r[0] for r in db.query_all("SELECT text FROM journal_entries WHERE case_id = ?",
                                              (item.case_id,))]
        assert f"Casuïstiekoverleg 20-03-2026: afspraak — Afspraak voor punt {n + 1}" in journal
        assert f"Casuïstiekoverleg 20-03-2026: actie afgesproken — Actie voor punt {n + 1}" in journal
        assert not any("Bespreekpunt" in t for t in journal)  # discussion points stay with the team lead
        # the coordinator's minutes show them too
        assert [r.kind for r in item.records] == [RecordKind.AGREEMENT, RecordKind.ACTION]
    # audit: one entry per action, counts and bundle id only
    anna_refs = [e.object_ref for e in anna.register.audit.recent(50)]
    assert any(re.fullmatch(r"team_meeting:items=3,id=[0-9a-f]{16}", r) for r in anna_refs)
    assert any(re.fullmatch(r"team_meeting_result:agreements=3,actions=3,unmatched=0,id=[0-9a-f]{12}", r)
               for r in anna_refs)
    bram_refs = [e.object_ref for e in bram.register.audit.recent(50)]
    assert any(re.fullmatch(r"team_meeting_received:items=3,id=[0-9a-f]{16}", r) for r in bram_refs)
    assert any(re.fullmatch(r"team_meeting_result:agreements=3,actions=3,id=[0-9a-f]{16}", r) for r in bram_refs)


def test_agenda_texts_in_the_bundle_equal_the_agenda_pdf(anna, bram):
    meeting_id, _bid, data = _send(anna, bram, 4, consent_all=1)
    repo = meetings(anna)
    meeting = repo.get(meeting_id, audit=False)
    pdf = render_agenda(meeting, MeetingDocumentOptions(names=repo.names_for_document(meeting)),
                        residents=repo.residents(meeting))
    pdf_text = _norm(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    payload = bram.team.open_bundle(data).payload
    for n, item in enumerate(payload["items"], start=1):
        line = f"{n}. {item['heading']} — {item['starts']}–{item['ends']} uur ({item['time_box_minutes']} min.)"
        assert _norm(line) in pdf_text
        assert _norm("Vraag aan het overleg: " + item["question"]) in pdf_text
        assert _norm(item["summary"]) in pdf_text and item["summary"]
    for key in ("purpose", "chair", "location"):
        assert _norm(payload["meeting"][key]) in pdf_text


def test_a_name_only_where_consent_covers_all_participants(anna, bram):
    meeting_id, _bid, data = _send(anna, bram, 3, consent_all=0, consent_some=1)
    meeting = meetings(anna).get(meeting_id, audit=False)
    _numbers, names = _case_facts(anna, [meeting.items[0].case_id])
    payload = bram.team.open_bundle(data).payload
    headings = [i["heading"] for i in payload["items"]]
    assert headings[0] == f"{names[0]} ({meeting.items[0].pseudonym})"
    assert headings[1] == meeting.items[1].pseudonym  # consent for one participant only: no name
    assert headings[2] == meeting.items[2].pseudonym  # no consent


def test_no_case_number_or_id_in_the_payload_and_no_plaintext_in_the_bytes(anna, bram):
    meeting_id, _bid, data = _send(anna, bram, 3)
    meeting = meetings(anna).get(meeting_id, audit=False)
    case_ids = [i.case_id for i in meeting.items]
    numbers, names = _case_facts(anna, case_ids)
    for secret in numbers + names + [i.question for i in meeting.items] + [i.pseudonym for i in meeting.items]:
        assert secret.encode("utf-8") not in data
    payload = json.dumps(bram.team.open_bundle(data).payload, ensure_ascii=False)
    assert not any(n in payload for n in numbers) and not any(n in payload for n in names)
    items = bram.team.open_bundle(data).payload["items"]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i["item_id"]) for i in items)
    assert set(items[0]) == {"item_id", "pseudonym", "heading", "question", "summary", "time_box_minutes", "starts",
                             "ends", "status_note"}  # no case reference of any kind


def test_only_a_verified_team_lead_receives_a_meeting_bundle(anna, bram, carla):
    carla_id, _ = introduce(anna, carla)  # carla is a ketenregisseur
    meeting_id = plan_meeting(anna, 2)
    with pytest.raises(TeamServiceError, match="rol teamleider"):
        service(anna).make_meeting_bundle(carla_id, meeting_id)
    bram.team.set_up_identity("Bram Jansen", "teamleider")
    unverified = anna.team.add_colleague(bram.team.identity().card(), verified=False).id
    with pytest.raises(TeamServiceError, match="nog niet gecontroleerd"):
        service(anna).make_meeting_bundle(unverified, meeting_id)
    assert anna.register.db.query_one("SELECT count(*) FROM team_meeting_sent")[0] == 0


def test_unmatched_items_are_reported_by_position_not_guessed(anna, bram):
    meeting_id, _bid, data = _send(anna, bram, 4)
    lead, team_meeting = _receive(bram, data)
    for n, item in enumerate(lead.load(team_meeting).items):
        lead.record(team_meeting, item.id, ItemRecord(RecordKind.ACTION, f"Actie {n + 1}", owner=ActionOwner.SELF,
                                                      due=date(2026, 4, 1)))
    _rid, result, _a, _b = lead.make_result(team_meeting)
    # meanwhile at the coordinator: item 2 comes off the agenda, case 3 is erased, case 4 handed over
    repo = meetings(anna)
    meeting = repo.get(meeting_id, audit=False)
    item_cases = [i.case_id for i in meeting.items]
    from dataclasses import replace
    repo.save(replace(meeting, items=tuple(i for n, i in enumerate(meeting.items) if n != 1)))
    team_repo = TeamRepository(anna.register.db)
    team_repo.delete_cases([item_cases[2]])
    team_repo.mark_handed_over([item_cases[3]], "Carla Smit", "2026-03-17")
    before = anna.register.db.query_one("SELECT count(*) FROM actions")[0]
    outcome = service(anna).import_result(anna.team.open_bundle(result))
    assert outcome.unmatched_positions == [2, 3, 4] and outcome.actions == 1
    assert "punt 2, 3, 4" in outcome.message_nl()
    assert anna.register.db.query_one("SELECT count(*) FROM actions")[0] == before + 1
    assert anna.register.db.query_one("SELECT count(*) FROM actions WHERE case_id = ? AND description = 'Actie 1'",
                                      (item_cases[0],))[0] == 1


def test_a_result_cannot_be_imported_twice(anna, bram):
    _mid, _bid, data = _send(anna, bram, 2)
    lead, team_meeting = _receive(bram, data)
    item = lead.load(team_meeting).items[0]
    lead.record(team_meeting, item.id, ItemRecord(RecordKind.AGREEMENT, "Regie blijft bij PLANgroep"))
    _rid, result, _a, _b = lead.make_result(team_meeting)
    service(anna).import_result(anna.team.open_bundle(result))
    with pytest.raises(TeamServiceError, match="al eerder ingelezen"):
        anna.team.open_bundle(result)
    # a second, newly made result for the same meeting is refused as well (it would double the actions)
    _rid2, again, _a, _b = lead.make_result(team_meeting)
    with pytest.raises(TeamServiceError, match="al eerder ingelezen"):
        service(anna).import_result(anna.team.open_bundle(again))
    # and the meeting bundle itself cannot be received twice
    with pytest.raises(TeamServiceError, match="al eerder ingelezen"):
        bram.team.open_bundle(data)


def test_a_result_for_a_meeting_this_register_did_not_send_is_refused(anna, bram, carla):
    from ketenregie import __version__
    from ketenregie.domain.team import bundle as bundles

    _mid, _bid, data = _send(anna, bram, 2)
    lead, team_meeting = _receive(bram, data)
    lead.make_result(team_meeting)
    # Bram seals a result to Carla, who never sent him a meeting
    introduce(bram, carla)
    _fid, forged = bundles.seal({"meeting_bundle_id": "0" * 32, "items": []},
                                kind=bundles.BundleKind.MEETING_RESULT, sender=bram.team.identity(),
                                recipient=carla.team.identity().card(), app_version=__version__)
    with pytest.raises(TeamServiceError, match="hoort niet bij een overleg"):
        service(carla).import_result(carla.team.open_bundle(forged))
    # a meeting bundle is not a result
    bram_id = anna.team.find_colleague_for_card(bram.team.identity().card()).id
    _bid2, second, _n = service(anna).make_meeting_bundle(bram_id, plan_meeting(anna, 1))
    with pytest.raises(TeamServiceError, match="andere soort"):
        service(bram).import_result(bram.team.open_bundle(second))


def test_team_lead_records_follow_the_meeting_rules(anna, bram):
    _mid, _bid, data = _send(anna, bram, 1)
    lead, team_meeting = _receive(bram, data)
    item = lead.load(team_meeting).items[0]
    with pytest.raises(MeetingValidationError):  # an action needs a due date on or after the meeting
        lead.record(team_meeting, item.id, ItemRecord(RecordKind.ACTION, "Bellen", owner=ActionOwner.SELF,
                                                      due=date(2026, 1, 1)))
    with pytest.raises(MeetingValidationError):  # no identifiers in a text that goes back
        lead.record(team_meeting, item.id, ItemRecord(RecordKind.AGREEMENT, "BSN 111222333 opvragen"))
    with pytest.raises(MeetingValidationError):  # a partner that is not in this meeting
        lead.record(team_meeting, item.id, ItemRecord(RecordKind.ACTION, "Bellen", owner=ActionOwner.PARTNER,
                                                      partner_id=987654, due=date(2026, 4, 1)))
    assert lead.load(team_meeting).items[0].records == ()


def test_monitor_figures_reach_the_team_lead_without_any_case_data(anna, bram):
    from ketenregie.domain.monitor.period import custom

    from ketenregie.services.team_monitor import TeamMonitorService

    bram_id, _ = make_team_lead(anna, bram)
    _bid, data, rows = TeamMonitorService(anna.register, team=anna.team).make_monitor_bundle(bram_id, custom(date(2025, 1, 1), date(2026, 12, 31)))
    assert rows > 10
    opened = bram.team.open_bundle(data)
    numbers = [r[0] for r in anna.register.db.query_all("SELECT case_number FROM cases")]
    names = [r[0] for r in anna.register.db.query_all("SELECT name FROM households")]
    text = json.dumps({k: v for k, v in opened.payload.items() if k != "pdf"}, ensure_ascii=False)
    assert numbers and not any(n in text for n in numbers) and not any(n in text for n in names)
    assert not any(f"case_{field}" in text for field in ("number", "id"))
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        __import__("base64").b64decode(opened.payload["pdf"]))).pages)
    assert not any(n in pdf_text for n in numbers) and not any(n in pdf_text for n in names)
    figures = TeamMonitorService(bram.register, team=bram.team).receive_monitor(opened)
    assert len(figures.rows) == rows and figures.period_start == date(2025, 1, 1)
    assert figures.pdf.startswith(b"%PDF-")
    # the suppression travels as the council sees it: no count from 1 to 4 (the minimum is 5), markers instead
    counts = [int(r[3]) for r in figures.rows if r[3].isdigit() and r[1]]  # table cells, not statistics
    assert counts and not [c for c in counts if 0 < c < 5]
    assert any(r[3] == "<5" for r in figures.rows)
    with pytest.raises(TeamServiceError, match="al eerder ingelezen"):
        bram.team.open_bundle(data)
    assert any(re.fullmatch(r"team_monitor:rows=\d+,id=[0-9a-f]{16}", e.object_ref)
               for e in anna.register.audit.recent(20))


def test_received_meetings_go_after_their_retention_term(anna, bram):
    _mid, _bid, data = _send(anna, bram, 2)
    lead, team_meeting = _receive(bram, data)
    item = lead.load(team_meeting).items[0]
    lead.record(team_meeting, item.id, ItemRecord(RecordKind.AGREEMENT, "Regie blijft bij PLANgroep"))
    # a meeting with partners: 5 years from the meeting day (20-03-2026)
    assert lead.purge_expired_meetings(date(2031, 3, 19)) == 0
    assert lead.purge_expired_meetings(date(2031, 3, 20)) == 1
    db = bram.register.db
    assert [db.query_one(f"SELECT count(*) FROM {t}")[0] for t in (
        "team_meetings", "team_meeting_items", "team_meeting_participants", "team_meeting_records")] == [0, 0, 0, 0]
    assert any(e.object_ref == "team_meeting:meetings=1" for e in bram.register.audit.recent(5))


def test_a_result_that_does_not_fit_the_cases_is_refused_whole(anna, bram):
    from ketenregie import __version__
    from ketenregie.domain.team import bundle as bundles

    meeting_id, meeting_bundle_id, data = _send(anna, bram, 2)
    items = bram.team.open_bundle(data).payload["items"]
    lead, team_meeting = _receive(bram, data)
    item = lead.load(team_meeting).items[0]
    with pytest.raises(MeetingValidationError, match="hoogstens 300 tekens"):  # the case's own limit, at once
        lead.record(team_meeting, item.id, ItemRecord(RecordKind.ACTION, "Bellen " * 60, owner=ActionOwner.SELF,
                                                      due=date(2026, 4, 1)))
    # a result made elsewhere (not through record) with one action too long: nothing of it is imported
    payload = {"meeting_bundle_id": meeting_bundle_id, "items": [
        {"item_id": items[0]["item_id"], "agreements": ["Goed"], "actions": []},
        {"item_id": items[1]["item_id"], "agreements": [],
         "actions": [{"text": "x" * 400, "owner": "self", "partner": None, "due": "2026-04-01"}]}]}
    _rid, result = bundles.seal(payload, kind=bundles.BundleKind.MEETING_RESULT, sender=bram.team.identity(),
                                recipient=anna.team.identity().card(), app_version=__version__)
    before = anna.register.db.query_one("SELECT count(*) FROM journal_entries")[0]
    with pytest.raises(TeamServiceError, match="Er is niets ingelezen"):
        service(anna).import_result(anna.team.open_bundle(result))
    assert anna.register.db.query_one("SELECT count(*) FROM journal_entries")[0] == before
    assert anna.register.db.query_one("SELECT result_at FROM team_meeting_sent")[0] is None
    # ... and the meeting stays planned (marking it held is part of the same transaction)
    assert anna.register.db.query_one("SELECT status FROM meetings WHERE id = ?", (meeting_id,))[0] == "planned"


def _result_for(anna, bram, count=2):
    meeting_id, _bid, data = _send(anna, bram, count)
    lead, team_meeting = _receive(bram, data)
    item = lead.load(team_meeting).items[0]
    lead.record(team_meeting, item.id, ItemRecord(RecordKind.AGREEMENT, "Budgetcoach vraagt een afspraak aan"))
    lead.finish(team_meeting)
    _rid, result, _agreements, _actions = lead.make_result(team_meeting)
    return meeting_id, result


def test_importing_the_result_marks_the_coordinators_meeting_held_in_the_same_transaction(anna, bram):
    from ketenregie.domain.meetings import MeetingStatus
    from ketenregie.store.meeting_repository import MeetingRepository

    meeting_id, result = _result_for(anna, bram)
    db = anna.register.db
    on_agenda = [r[0] for r in db.query_all("SELECT case_id FROM agenda_items WHERE meeting_id = ?", (meeting_id,))]
    db.conn.executemany("INSERT OR IGNORE INTO case_meeting_marks (case_id, marked_on) VALUES (?, '2026-03-01')",
                        [(c,) for c in on_agenda])
    assert meetings(anna).get(meeting_id, audit=False).status == MeetingStatus.PLANNED
    opened = anna.team.open_bundle(result)
    audit_before = len(anna.register.audit.recent(500))
    service(anna).import_result(opened)
    meeting = meetings(anna).get(meeting_id, audit=False)
    assert (meeting.status, meeting.minutes_final) == (MeetingStatus.HELD, True)
    # it left the "gepland" lists: not offered to send to the team lead again, in Geweest (not Komend)
    assert meeting_id not in [m.id for m in service(anna).planned_meetings()]
    listed = {m.id: m for m in MeetingRepository(db, anna.register.audit).list_meetings()}
    assert listed[meeting_id].status == MeetingStatus.HELD and listed[meeting_id].minutes_final
    # marked held with the result's date (the time the team lead made it), the agenda's cases discussed
    stamp = db.query_one("SELECT updated_at FROM meetings WHERE id = ?", (meeting_id,))[0]
    assert stamp[:19] == opened.header.created_at[:19]
    assert db.query_one("SELECT count(*) FROM case_meeting_marks WHERE case_id IN (%s)"
                        % ",".join("?" * len(on_agenda)), on_agenda)[0] == 0
    # one audit entry for the import, as before
    assert len(anna.register.audit.recent(500)) == audit_before + 1


def test_a_meeting_already_held_stays_as_it_is(anna, bram):
    meeting_id, result = _result_for(anna, bram)
    db = anna.register.db
    db.conn.execute("UPDATE meetings SET status = 'held', minutes_final = 0, updated_at = '2026-03-20T12:00:00+00:00'"
                    " WHERE id = ?", (meeting_id,))
    service(anna).import_result(anna.team.open_bundle(result))
    assert db.query_one("SELECT status, minutes_final, updated_at FROM meetings WHERE id = ?", (meeting_id,)) == \
        ("held", 0, "2026-03-20T12:00:00+00:00")
