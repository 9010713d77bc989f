"""Issue 15 item 6: form drafts in the register (migration 0012). One transaction and one audit entry (a count, no
content) for all drafts kept at a lock; a busy connection makes the keep give up at once instead of holding the
lock up; a draft of a case or meeting that is gone is left out; the values come back exactly."""
from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import pytest

from ketenregie.config import Policy
from ketenregie.domain.cases import Case, Household, IntakeRoute
from ketenregie.domain.form_drafts import (DraftError, DraftKind, FormDraft, decode_fields, encode_fields,
                                           owner_key, restored_at_label)
from ketenregie.services.form_drafts import FormDraftService
from ketenregie.services.register import create_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.store.form_draft_repository import FormDraftRepository
from ketenregie.vault.kdf import KdfParams

TYPED = "Gerrit belt maandag terug over de huurschuld"


@pytest.fixture
def register(tmp_path):
    reg, _, _ = create_register(tmp_path / "register.krg", "een lange wachtwoordzin voor tests",
                                policy=Policy.defaults(), kdf=KdfParams.minimum())
    yield reg
    reg.close()


@pytest.fixture
def case_id(register) -> int:
    repo = CaseRepository(register.db, register.audit)
    number = repo.create(Case(Household("Gerrit Test"), IntakeRoute.SELF, date.today() - timedelta(days=1)))
    return repo.get(number, audit=False).id


def test_drafts_round_trip_in_one_transaction_with_one_content_free_audit_entry(register, case_id):
    repo = FormDraftRepository(register.db, register.audit)
    before = register.audit.count()
    kept = repo.keep([FormDraft(DraftKind.CASE, {"help_request": TYPED, "adults": 2, "group.young": True,
                                                 "new_journal": [["2026-05-01", TYPED]]}, case_id=case_id),
                      FormDraft(DraftKind.SIGNAL, {"name": TYPED, "amount": 640})])
    assert kept == 2 and register.audit.count() == before + 1
    entry = register.audit.recent(1)[0]
    assert entry.object_ref == "form_drafts:kept=2" and TYPED not in entry.object_ref
    draft = repo.get(DraftKind.CASE, f"case:{case_id}")
    assert draft.fields == {"help_request": TYPED, "adults": 2, "group.young": True,
                            "new_journal": [["2026-05-01", TYPED]]}
    assert draft.case_id == case_id and draft.updated_at is not None and TYPED not in repr(draft)
    # keeping again replaces the form's draft (one per form)
    repo.keep([FormDraft(DraftKind.SIGNAL, {"name": "ander"})])
    assert repo.count() == 2 and repo.get(DraftKind.SIGNAL, "new").fields == {"name": "ander"}
    assert repo.delete(DraftKind.SIGNAL, "new") and not repo.delete(DraftKind.SIGNAL, "new")
    assert register.audit.recent(1)[0].object_ref == "form_draft:signal"
    assert register.audit.verify().ok


def test_a_draft_of_a_case_that_is_gone_is_left_out(register, case_id):
    repo = FormDraftRepository(register.db, register.audit)
    assert repo.keep([FormDraft(DraftKind.CASE, {"x": "y"}, case_id=case_id + 99),
                      FormDraft(DraftKind.MEETING, {"x": "y"}, meeting_id=12345),
                      FormDraft(DraftKind.CASE, {"x": "new case"})]) == 1
    assert [d.owner_key for d in repo.all()] == ["new"]


def test_keeping_at_lock_gives_up_at_once_when_another_thread_holds_the_register(register):
    service = FormDraftService(register)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with register.db.exclusive():
            holding.set()
            release.wait(10)

    worker = threading.Thread(target=hold)
    worker.start()
    try:
        assert holding.wait(5)
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            service.keep_at_lock([FormDraft(DraftKind.SIGNAL, {"name": TYPED})])
        assert time.monotonic() - started < 5  # bounded (LOCK_WAIT_SECONDS), not until the other thread is done
    finally:
        release.set()
        worker.join()
    assert service.repository.count() == 0  # nothing half-written


def test_values_must_be_plain_json_within_bounds():
    assert decode_fields(encode_fields({"a": [1, "b", None, True, {"c": 1.5}]})) == {"a": [1, "b", None, True,
                                                                                        {"c": 1.5}]}
    for bad in ({"a": object()}, {"a": date.today()}, {1: "x"}, {"a": float("nan")}):
        with pytest.raises(DraftError):
            encode_fields(bad)
    deep: dict = {}
    for _ in range(20):
        deep = {"d": deep}
    with pytest.raises(DraftError):
        encode_fields(deep)
    with pytest.raises(DraftError):
        encode_fields({"a": "x" * 2_100_000})
    for text in ("[1, 2]", "not json", "{\"a\": "):
        with pytest.raises(DraftError):
            decode_fields(text)
    message = ""
    try:
        encode_fields({"a": {TYPED}})
    except DraftError as exc:
        message = str(exc)
    assert TYPED not in message


def test_owner_keys_and_the_time_label():
    assert owner_key(DraftKind.CASE, case_id=7) == "case:7" and owner_key(DraftKind.CASE) == "new"
    assert owner_key(DraftKind.MEETING, meeting_id=3) == "meeting:3" and owner_key(DraftKind.SIGNAL) == "new"
    from datetime import datetime, timezone
    now = datetime.now(timezone.utc)
    assert restored_at_label(now) == now.astimezone().strftime("%H:%M")
    assert restored_at_label(now - timedelta(days=3)) == (now - timedelta(days=3)).astimezone().strftime(
        "%d-%m-%Y %H:%M")
    assert restored_at_label(None) == ""


# --- expiry (a draft is offered back once; 24 hours at most) ---------------------------------------------------------

def test_drafts_older_than_a_day_are_destroyed_with_a_count_only_audit_entry(register):
    from datetime import datetime, timezone

    now = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)

    def kept_at(moment, kind):
        FormDraftRepository(register.db, register.audit, now=lambda: moment).keep([FormDraft(kind, {"name": TYPED})])

    kept_at(now - timedelta(hours=25), DraftKind.SIGNAL)
    kept_at(now - timedelta(hours=23), DraftKind.CASE)
    repo = FormDraftRepository(register.db, register.audit, now=lambda: now)
    assert repo.count_expired() == 1 and repo.count() == 2  # counting deletes nothing
    before = register.audit.count()
    assert repo.purge_expired() == 1
    assert [d.kind for d in repo.all()] == [DraftKind.CASE]  # the draft of 23 hours ago stays
    assert register.audit.count() == before + 1
    entry = register.audit.recent(1)[0]
    assert (entry.action, entry.object_ref) == ("purge", "form_drafts:expired=1")
    assert repo.purge_expired() == 0 and register.audit.count() == before + 1  # nothing due: no audit entry
    later = FormDraftRepository(register.db, register.audit, now=lambda: now + timedelta(hours=2))
    assert later.purge_expired() == 1 and later.count() == 0
    assert register.audit.verify().ok


def test_keeping_at_lock_also_removes_restored_drafts_left_untouched_in_one_transaction(register, case_id):
    repo = FormDraftRepository(register.db, register.audit)
    repo.keep([FormDraft(DraftKind.SIGNAL, {"name": TYPED}), FormDraft(DraftKind.CASE, {"x": 1}, case_id=case_id)])
    before = register.audit.count()
    assert repo.keep([FormDraft(DraftKind.CASE, {"x": 2}, case_id=case_id)], drop=[("signal", "new")]) == 1
    assert register.audit.count() == before + 1
    assert register.audit.recent(1)[0].object_ref == "form_drafts:kept=1,dropped=1"
    assert [(d.kind, d.fields) for d in repo.all()] == [(DraftKind.CASE, {"x": 2})]
    assert repo.keep([], drop=[("case", f"case:{case_id}")]) == 0 and repo.count() == 0
    assert register.audit.recent(1)[0].object_ref == "form_drafts:kept=0,dropped=1"
    before = register.audit.count()
    assert repo.keep([], drop=[("case", "new")]) == 0 and register.audit.count() == before  # nothing: no entry


def test_audit_references_of_drafts_read_as_dutch_counts():
    from ketenregie.domain.audit_labels import describe_object

    assert describe_object("form_drafts:kept=2") == "Niet-opgeslagen invoer: 2 bewaard bij vergrendelen"
    assert describe_object("form_drafts:kept=0,dropped=1") == \
        "Niet-opgeslagen invoer: 1 niet opnieuw bewaard (onaangeroerd teruggezet)"
    assert describe_object("form_drafts:expired=3") == "Niet-opgeslagen invoer: 3 ouder dan 24 uur vernietigd"
