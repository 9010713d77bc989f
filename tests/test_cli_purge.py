"""`ketenregie purge`: a preview by default, destruction only with --yes, counts only on stdout."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from ketenregie.cli import main
from ketenregie.config import Policy
from ketenregie.domain.cases import Case, Closing, ClosingReason, Household, IntakeRoute, Phase
from ketenregie.services.register import create_register, open_register
from ketenregie.store.case_repository import CaseRepository
from ketenregie.vault.kdf import KdfParams

PASSPHRASE = "een lange wachtwoordzin voor tests"
NAMES = ("Zwanhilde Kanarievogel", "Piet Puk", "Anna de Wit")


@pytest.fixture
def register_file(tmp_path):
    path = tmp_path / "register.krg"
    numbers = []
    reg, _, _ = create_register(path, PASSPHRASE, policy=Policy.defaults(), kdf=KdfParams.minimum())
    with reg:
        for name, reason, closed_on in ((NAMES[0], ClosingReason.RESOLVED, date(2020, 3, 2)),
                                        (NAMES[1], ClosingReason.NO_CONTACT, date(2021, 6, 1)),
                                        (NAMES[2], None, date.today())):
            day = [closed_on - timedelta(days=10)]
            cases = CaseRepository(reg.db, reg.audit, clock=lambda: day[0])
            number = cases.create(Case(household=Household(name=name), intake_route=IntakeRoute.SELF,
                                       help_request_date=day[0]))
            numbers.append(number)
            if reason is not None:
                day[0] = closed_on
                cases.update(replace(cases.get(number, audit=False), phase=Phase.CLOSED,
                                     closing=Closing(reason, closed_on)))
    secret = tmp_path / "pw"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path, secret, numbers


def case_count(path) -> int:
    with open_register(path, PASSPHRASE, policy=Policy.defaults(), origin="cli") as reg:
        return reg.db.query_one("SELECT count(*) FROM cases")[0]


def test_dry_run_and_no_flag_only_preview(register_file, capsys):
    path, secret, numbers = register_file
    for extra in (["--dry-run"], []):
        assert main(["purge", "--register", str(path), "--passphrase-file", str(secret), *extra]) == 0
        out = capsys.readouterr().out
        assert "2 casussen, 0 overleggen" in out
        assert "Niets verwijderd" in out
        assert case_count(path) == 3
        for name in NAMES:
            assert name not in out
        assert not any(number in out for number in numbers)  # no case numbers


def test_yes_purges_and_logs_counts_only(register_file, capsys):
    path, secret, numbers = register_file
    assert main(["purge", "--register", str(path), "--passphrase-file", str(secret), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Vernietigd: 2 casussen, 0 overleggen" in out
    assert not any(name in out for name in NAMES) and not any(number in out for number in numbers)
    # Backups are part of retention: the purge says until when backups can still hold what it destroyed.
    assert "Back-ups: Er zijn nog geen automatische back-ups." in out and "tot en met" in out
    assert case_count(path) == 1
    with open_register(path, PASSPHRASE, policy=Policy.defaults(), origin="cli") as reg:
        refs = [e.object_ref for e in reg.audit.recent(10) if e.action == "purge"]
        assert refs == ["purge:cases=2,meetings=0"]
    # a second run finds nothing
    assert main(["purge", "--register", str(path), "--passphrase-file", str(secret), "--yes"]) == 0
    assert "0 casussen, 0 overleggen" in capsys.readouterr().out


def test_policy_terms_apply(register_file, capsys, isolated_home):
    path, secret, numbers = register_file
    (isolated_home / "policy.toml").write_text("RetentionAbortedCaseYears = 10\n", encoding="utf-8")
    assert main(["purge", "--register", str(path), "--passphrase-file", str(secret), "--dry-run"]) == 0
    assert "1 casus, 0 overleggen" in capsys.readouterr().out


def test_usage_and_register_errors(tmp_path, register_file, capsys):
    path, secret, numbers = register_file
    with pytest.raises(SystemExit) as info:
        main(["purge", "--register", str(path), "--passphrase-file", str(secret), "--yes", "--dry-run"])
    assert info.value.code == 2
    wrong = tmp_path / "wrong"
    wrong.write_text("een andere wachtwoordzin die niet klopt\n", encoding="utf-8")
    assert main(["purge", "--register", str(path), "--passphrase-file", str(wrong), "--yes"]) == 3
    assert case_count(path) == 3


def test_form_drafts_older_than_a_day_are_counted_in_the_preview_and_destroyed_with_yes(register_file, capsys):
    """Issue 15 item 6: unsaved input kept at a lock lives 24 hours at most; `purge --yes` destroys what is older
    (counts only on stdout, never the text)."""
    from datetime import datetime, timezone

    from ketenregie.domain.form_drafts import DraftKind, FormDraft
    from ketenregie.store.form_draft_repository import FormDraftRepository

    path, secret, numbers = register_file
    typed = "Zwanhilde Kanarievogel, Kanaalweg 12"
    with open_register(path, PASSPHRASE, policy=Policy.defaults(), origin="cli") as reg:
        old = datetime.now(timezone.utc) - timedelta(hours=30)
        FormDraftRepository(reg.db, reg.audit, now=lambda: old).keep([FormDraft(DraftKind.SIGNAL, {"name": typed})])
        FormDraftRepository(reg.db, reg.audit).keep([FormDraft(DraftKind.CASE, {"name": typed})])  # fresh: stays

    def drafts() -> int:
        with open_register(path, PASSPHRASE, policy=Policy.defaults(), origin="cli") as reg:
            return reg.db.query_one("SELECT count(*) FROM form_drafts")[0]

    assert main(["purge", "--register", str(path), "--passphrase-file", str(secret), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Niet-opgeslagen invoer ouder dan 24 uur: 1 formulier (wordt met --yes vernietigd)." in out
    assert drafts() == 2
    assert main(["purge", "--register", str(path), "--passphrase-file", str(secret), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Niet-opgeslagen invoer ouder dan 24 uur: 1 formulier vernietigd." in out and typed not in out
    assert drafts() == 1
    assert main(["purge", "--register", str(path), "--passphrase-file", str(secret), "--yes"]) == 0
    assert "Niet-opgeslagen invoer" not in capsys.readouterr().out  # nothing more to destroy: not mentioned
