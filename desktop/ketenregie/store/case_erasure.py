"""Destroying one case with everything that belongs to it: the ONE code path of the retention purge
(store/retention_repository.py) and of erasure on request (AVG art. 17, services/erasure.py).

The work is a registry of per-table steps (`ERASURE_STEPS`), run in order inside the caller's transaction. Each step
counts what it will destroy (for the preview) and destroys it. A feature that keeps data about a case in a table of
its own adds a step with `register_step` (before the final "case" step), e.g. the vroegsignalering work for its
signal tables:

    register_step(ErasureStep("signals", "Vroegsignalen",
                              f"SELECT count(*) FROM signals WHERE case_id IN ({CASE_IDS})",
                              (f"DELETE FROM signals WHERE case_id IN ({CASE_IDS})",)))

Statements name the cases through `CASE_IDS` (an in-memory temp table filled for the call), so one erasure and a
purge of thousands of cases run the same statements — the purge once for all its cases. Steps delete explicitly rather than trusting ON DELETE
CASCADE, so a table whose foreign key says SET NULL (agenda items: a meeting keeps its own record) still loses the
case's texts. secure_delete (set on every connection, store/connection.py) overwrites what is deleted; callers
checkpoint afterwards so no old page image stays in the WAL.
"""
from __future__ import annotations

from dataclasses import dataclass


# Every step names the cases it works on through this in-memory temp table (temp_store = MEMORY: never on disk),
# so a purge of thousands of cases runs each statement once instead of once per case.
CASE_IDS = "SELECT id FROM temp.erase_ids"


@dataclass(frozen=True)
class ErasureStep:
    key: str                      # stable id ("journal")
    label_nl: str                 # what the preview calls it
    count_sql: str                # "SELECT count(*) ... WHERE case_id IN (CASE_IDS)"
    erase_sql: tuple[str, ...]    # statements over the cases in CASE_IDS

    def count(self, conn) -> int:
        return conn.execute(self.count_sql).fetchone()[0]

    def erase(self, conn) -> int:
        """Run the statements; returns the rows the last one changed."""
        changed = 0
        for statement in self.erase_sql:
            changed = conn.execute(statement).rowcount
        return changed


def _step(key: str, label_nl: str, table: str, column: str = "case_id") -> ErasureStep:
    """The common step: every row of `table` whose `column` is one of the cases."""
    where = f"WHERE {column} IN ({CASE_IDS})"
    return ErasureStep(key, label_nl, f"SELECT count(*) FROM {table} {where}", (f"DELETE FROM {table} {where}",))


_AGENDA_ITEMS = f"SELECT id FROM agenda_items WHERE case_id IN ({CASE_IDS})"
# Form drafts (issue 15) of the cases: the case dialog's, a planning draft whose agenda names one of the cases, and
# meeting mode's record typed at an agenda item of one of them.
_DRAFTS_OF_CASES = (f"case_id IN ({CASE_IDS}) OR (kind = 'meeting' AND EXISTS (SELECT 1 FROM "
                    "json_each(form_drafts.fields, '$.items') AS item WHERE "
                    f"json_extract(item.value, '$.case_id') IN ({CASE_IDS}))) OR (kind = 'meeting_record' AND "
                    f"json_extract(form_drafts.fields, '$.case_id') IN ({CASE_IDS}))")

ERASURE_STEPS: list[ErasureStep] = [
    # Agenda items stay in their meeting under the meeting's pseudonym (the meeting has its own retention), but
    # lose everything written about the case: question, summary, consent, discussion points, agreements, actions.
    ErasureStep("agenda_texts", "Teksten bij agendapunten van overleggen (vraag, samenvatting, verslag)",
                f"SELECT count(*) FROM agenda_items WHERE case_id IN ({CASE_IDS})",
                (f"DELETE FROM agenda_item_records WHERE agenda_item_id IN ({_AGENDA_ITEMS})",
                 f"DELETE FROM agenda_item_consent_participants WHERE agenda_item_id IN ({_AGENDA_ITEMS})",
                 "UPDATE agenda_items SET question = '', summary = '', summary_final = 0, consent_given_on = NULL, "
                 f"consent_scope = NULL, case_id = NULL WHERE case_id IN ({CASE_IDS})")),
    _step("meeting_mark", "Markering 'voor overleg' met de vraag", "case_meeting_marks"),
    _step("conversations", "Gesprekken, ook concepten (checklist, brug, doelen en stappen)", "conversations"),
    _step("referrals", "Verwijzingen (welke gegevens naar welke partner)", "referrals"),
    _step("sharing_bases", "Grondslagen en toestemmingen", "sharing_bases"),
    _step("journal", "Journaalregels", "journal_entries"),
    _step("actions", "Acties", "actions"),
    _step("partners", "Betrokken partners", "case_partners"),
    _step("target_groups", "Doelgroepen (met reden)", "case_target_groups"),
    _step("household", "Inwoner en huishouden (naam, geboortedatum, contactgegevens, adres)", "households"),
    # Issue 13: the monitor facts of the case (route dates, solutions, guidance, moratoria, crisis interventions).
    _step("trajectory", "Monitorgegevens (trajectdata, oplossing, begeleiding, moratoria, crisisinterventies)",
          "case_trajectories"),
    _step("solutions", "Oplossingen", "case_solutions"),
    _step("guidance", "Begeleiding", "case_guidance"),
    _step("moratoria", "Moratoria", "case_moratoria"),
    _step("crisis_interventions", "Crisisinterventies", "case_crisis_interventions"),
    # Issue 12: the vroegsignaalzaak the case came from, with its signals, contact attempts and the signalled
    # household (name, address, contact details) — unless that household has other signal cases of its own.
    # The foreign key says SET NULL, so this must be explicit; signals and attempts go by their CASCADE.
    ErasureStep("signal_cases", "Vroegsignaalzaak met signalen, contactpogingen en gegevens van het huishouden",
                f"SELECT count(*) FROM signal_cases WHERE case_id IN ({CASE_IDS})",
                ("DELETE FROM signal_households WHERE id IN (SELECT household_id FROM signal_cases WHERE case_id IN "
                 f"({CASE_IDS})) AND id NOT IN (SELECT household_id FROM signal_cases WHERE case_id IS NULL OR "
                 f"case_id NOT IN ({CASE_IDS}))",
                 f"DELETE FROM signal_cases WHERE case_id IN ({CASE_IDS})")),
    # Issue 15: what was typed but not saved when the register locked — the case dialog's draft, and a meeting's
    # planning draft whose agenda names the case (its texts are about the case; the rest of the draft goes too).
    ErasureStep("form_drafts", "Niet-opgeslagen invoer (concepten van formulieren)",
                f"SELECT count(*) FROM form_drafts WHERE {_DRAFTS_OF_CASES}",
                (f"DELETE FROM form_drafts WHERE {_DRAFTS_OF_CASES}",)),
    _step("audit_link", "Koppeling van de auditlog met de casus", "audit_subjects"),
    _step("case", "Casus (hulpvraag, verloop, termijnen, schuldbeeld)", "cases", "id"),
]


def register_step(step: ErasureStep) -> None:
    """Add a feature's step; it runs before the final "case" step. Registering the same key twice is refused."""
    if any(s.key == step.key for s in ERASURE_STEPS):
        raise ValueError(f"erasure step {step.key!r} is already registered")
    ERASURE_STEPS.insert(len(ERASURE_STEPS) - 1, step)


def _load(conn, case_ids) -> None:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS erase_ids (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.erase_ids")
    conn.executemany("INSERT OR IGNORE INTO temp.erase_ids (id) VALUES (?)", [(int(i),) for i in case_ids])


def preview_cases(conn, case_ids) -> dict[str, int]:
    """step key -> rows that erasing the cases would destroy (reads only)."""
    _load(conn, case_ids)
    try:
        return {step.key: step.count(conn) for step in ERASURE_STEPS}
    finally:
        conn.execute("DELETE FROM temp.erase_ids")


def erase_cases(conn, case_ids, *, count: bool = True) -> dict[str, int]:
    """Destroy the cases and everything of them, in the caller's transaction; returns rows per step key (with
    `count=False`, as the retention purge of many cases uses it, only how many case rows went: {"case": n})."""
    _load(conn, case_ids)
    try:
        counts = {step.key: step.count(conn) for step in ERASURE_STEPS} if count else {}
        for step in ERASURE_STEPS:
            changed = step.erase(conn)
            if not count and step.key == "case":
                counts["case"] = changed
        return counts
    finally:
        conn.execute("DELETE FROM temp.erase_ids")


def preview_case(conn, case_id: int) -> dict[str, int]:
    return preview_cases(conn, [case_id])


def erase_case(conn, case_id: int, *, count: bool = True) -> dict[str, int]:
    return erase_cases(conn, [case_id], count=count)


def step_labels() -> dict[str, str]:
    return {step.key: step.label_nl for step in ERASURE_STEPS}


def case_id_of(conn, case_number: str) -> int | None:
    row = conn.execute("SELECT id FROM cases WHERE case_number = ?", (case_number,)).fetchone()
    return row[0] if row is not None else None
