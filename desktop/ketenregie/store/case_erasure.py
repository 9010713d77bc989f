"""Destroying one case with everything that belongs to it: the ONE code path of the retention purge
(store/retention_repository.py) and of erasure on request (AVG art. 17, services/erasure.py).

The work is a registry of per-table steps (`ERASURE_STEPS`), run in order inside the caller's transaction. Each step
counts what it will destroy (for the preview) and destroys it. A feature that keeps data about a case in a table of
its own adds a step with `register_step` (before the final "case" step), e.g. the vroegsignalering work for its
signal tables:

    register_step(ErasureStep("signals", "Vroegsignalen", "SELECT count(*) FROM signals WHERE case_id = ?",
                              ("DELETE FROM signals WHERE case_id = ?",)))

Every statement takes the case id as its only parameter. Steps delete explicitly rather than trusting ON DELETE
CASCADE, so a table whose foreign key says SET NULL (agenda items: a meeting keeps its own record) still loses the
case's texts. secure_delete (set on every connection, store/connection.py) overwrites what is deleted; callers
checkpoint afterwards so no old page image stays in the WAL.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErasureStep:
    key: str                      # stable id ("journal")
    label_nl: str                 # what the preview calls it
    count_sql: str                # "SELECT count(*) ... WHERE case_id = ?"
    erase_sql: tuple[str, ...]    # statements, each with the case id as its one parameter

    def count(self, conn, case_id: int) -> int:
        return conn.execute(self.count_sql, (case_id,)).fetchone()[0]

    def erase(self, conn, case_id: int) -> None:
        for statement in self.erase_sql:
            conn.execute(statement, (case_id,))


_AGENDA_ITEMS = "SELECT id FROM agenda_items WHERE case_id = ?"

ERASURE_STEPS: list[ErasureStep] = [
    # Agenda items stay in their meeting under the meeting's pseudonym (the meeting has its own retention), but
    # lose everything written about the case: question, summary, consent, discussion points, agreements, actions.
    ErasureStep("agenda_texts", "Teksten bij agendapunten van overleggen (vraag, samenvatting, verslag)",
                "SELECT count(*) FROM agenda_items WHERE case_id = ?",
                (f"DELETE FROM agenda_item_records WHERE agenda_item_id IN ({_AGENDA_ITEMS})",
                 f"DELETE FROM agenda_item_consent_participants WHERE agenda_item_id IN ({_AGENDA_ITEMS})",
                 "UPDATE agenda_items SET question = '', summary = '', summary_final = 0, consent_given_on = NULL, "
                 "consent_scope = NULL, case_id = NULL WHERE case_id = ?")),
    ErasureStep("meeting_mark", "Markering 'voor overleg' met de vraag",
                "SELECT count(*) FROM case_meeting_marks WHERE case_id = ?",
                ("DELETE FROM case_meeting_marks WHERE case_id = ?",)),
    ErasureStep("conversations", "Gesprekken, ook concepten (checklist, brug, doelen en stappen)",
                "SELECT count(*) FROM conversations WHERE case_id = ?",
                ("DELETE FROM conversations WHERE case_id = ?",)),
    ErasureStep("referrals", "Verwijzingen (welke gegevens naar welke partner)",
                "SELECT count(*) FROM referrals WHERE case_id = ?",
                ("DELETE FROM referrals WHERE case_id = ?",)),
    ErasureStep("sharing_bases", "Grondslagen en toestemmingen",
                "SELECT count(*) FROM sharing_bases WHERE case_id = ?",
                ("DELETE FROM sharing_bases WHERE case_id = ?",)),
    ErasureStep("journal", "Journaalregels", "SELECT count(*) FROM journal_entries WHERE case_id = ?",
                ("DELETE FROM journal_entries WHERE case_id = ?",)),
    ErasureStep("actions", "Acties", "SELECT count(*) FROM actions WHERE case_id = ?",
                ("DELETE FROM actions WHERE case_id = ?",)),
    ErasureStep("partners", "Betrokken partners", "SELECT count(*) FROM case_partners WHERE case_id = ?",
                ("DELETE FROM case_partners WHERE case_id = ?",)),
    ErasureStep("target_groups", "Doelgroepen (met reden)",
                "SELECT count(*) FROM case_target_groups WHERE case_id = ?",
                ("DELETE FROM case_target_groups WHERE case_id = ?",)),
    ErasureStep("household", "Inwoner en huishouden (naam, geboortedatum, contactgegevens, adres)",
                "SELECT count(*) FROM households WHERE case_id = ?",
                ("DELETE FROM households WHERE case_id = ?",)),
    ErasureStep("audit_link", "Koppeling van de auditlog met de casus",
                "SELECT count(*) FROM audit_subjects WHERE case_id = ?",
                ("DELETE FROM audit_subjects WHERE case_id = ?",)),
    ErasureStep("case", "Casus (hulpvraag, verloop, termijnen, schuldbeeld)",
                "SELECT count(*) FROM cases WHERE id = ?",
                ("DELETE FROM cases WHERE id = ?",)),
]


def register_step(step: ErasureStep) -> None:
    """Add a feature's step; it runs before the final "case" step. Registering the same key twice is refused."""
    if any(s.key == step.key for s in ERASURE_STEPS):
        raise ValueError(f"erasure step {step.key!r} is already registered")
    ERASURE_STEPS.insert(len(ERASURE_STEPS) - 1, step)


def preview_case(conn, case_id: int) -> dict[str, int]:
    """step key -> rows that erasing the case would destroy (reads only)."""
    return {step.key: step.count(conn, case_id) for step in ERASURE_STEPS}


def erase_case(conn, case_id: int) -> dict[str, int]:
    """Destroy the case and everything of it, in the caller's transaction; returns rows per step key."""
    counts = preview_case(conn, case_id)
    for step in ERASURE_STEPS:
        step.erase(conn, case_id)
    return counts


def step_labels() -> dict[str, str]:
    return {step.key: step.label_nl for step in ERASURE_STEPS}


def case_id_of(conn, case_number: str) -> int | None:
    row = conn.execute("SELECT id FROM cases WHERE case_number = ?", (case_number,)).fetchone()
    return row[0] if row is not None else None
