"""Outreach and feedback documents: the B1 invitation (PDF read back), the SMS text, feedback only 'picked up'."""
from __future__ import annotations

from datetime import date
from io import BytesIO

from pypdf import PdfReader

from ketenregie.domain.signals.codes import Outcome
from ketenregie.store.referral_repository import ReferralRepository

from signal_helpers import TODAY, row, write_csv


def text_of(data: bytes) -> tuple[str, dict, int]:
    reader = PdfReader(BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), dict(reader.metadata or {}), len(reader.pages)


def test_invitation_letter_is_b1_one_page_and_names_the_contact_person(service, tmp_path):
    from ketenregie.domain.referral import SenderInfo

    ReferralRepository(service.register.db, service.register.audit, clock=lambda: TODAY).save_sender(
        SenderInfo("Karin Regisseur", "ketenregisseur", "010 123 45 67", "k.regisseur@example.org"))
    service.import_parsed(service.read_file(write_csv(tmp_path / "s.csv", [row("S1", amount="1234")])))
    (only,) = service.repo.queue_rows()
    out = tmp_path / "uitnodiging.pdf"
    service.write_invitation(only.signal_case_id, out)
    text, meta, pages = text_of(out.read_bytes())
    assert pages == 1
    for expected in ("Zwanhilde Kanarievogel", "Zilveren Kruis", "gratis", "Karin Regisseur", "010 123 45 67"):
        assert expected in text
    assert "1234" not in text and "1.234" not in text  # never the amount
    assert "Zwanhilde" not in " ".join(str(v) for v in meta.values())  # neutral metadata
    sms = service.sms_text(only.signal_case_id)
    assert "Karin Regisseur" in sms and "Zilveren" not in sms and len(sms) <= 320


def test_feedback_says_only_whether_picked_up(service, tmp_path):
    service.import_parsed(service.read_file(write_csv(tmp_path / "s.csv", [
        row("Z1", day="2026-06-01"), row("Z2", day="2026-06-02", number="4", postcode="2652CD"),
        row("E1", "Energie", "Eneco", day="2026-06-03", number="6", postcode="2653EF")])))
    by_id = {c.signals[0].external_id: c.id for c in service.repo.all_cases()}
    service.close(by_id["Z1"], Outcome.ALREADY_PAID, date(2026, 6, 10))
    service.close(by_id["Z2"], Outcome.UNJUSTIFIED, date(2026, 6, 10))
    data, n = service.feedback_csv(date(2026, 6, 1), date(2026, 6, 30), "Zilveren Kruis")
    text = data.decode("utf-8-sig")
    assert n == 2 and "Z1;2026-06-01;ja" in text and "Z2;2026-06-02;nee" in text and "E1" not in text
    for secret in ("betaald", "onterecht", "Zwanhilde", "2651"):
        assert secret not in text
    out = tmp_path / "terugkoppeling.pdf"
    assert service.write_feedback_pdf(date(2026, 6, 1), date(2026, 6, 30), "Zilveren Kruis", out) == 2
    pdf_text, _meta, _pages = text_of(out.read_bytes())
    assert "Z1" in pdf_text and "onterecht" not in pdf_text.lower() and "Zwanhilde" not in pdf_text
