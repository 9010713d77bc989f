"""The resident's summary "Wat hebben we afgesproken?": read back with pypdf — at most three steps, only the
fields of its catalogue profile, the objection route only when a decision was discussed, neutral metadata."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from io import BytesIO
from types import MappingProxyType

from pypdf import PdfReader

from ketenregie.documents.resident_summary import (SUMMARY_PROFILE, TICK_BOX, ResidentSummary, file_name,
                                                   render_resident_summary, sample_summary)
from ketenregie.domain.cases import ActionOwner
from ketenregie.domain.conversations import ChecklistTick, Conversation, Goal, GoalStep, Recognition
from ketenregie.domain.privacy_catalogue import CATALOGUE_RESOURCE, load_catalogue
from ketenregie.resources import resource_path

CANARIES = ("Kanarievogel-notitie", "Zwanhilde-doel", "Geheimdoel", "ErkenningCanary")


def _text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _conversation(**changes) -> Conversation:
    steps = lambda prefix: tuple(GoalStep(f"{prefix} stap {i}", ActionOwner.RESIDENT, date(2026, 3, 20 + i))
                                 for i in range(1, 3))
    base = Conversation(
        case_id=1, held_on=date(2026, 3, 17), participants=("u", "uw zus", "Sanne Bakker (ketenregisseur)"),
        ticks=MappingProxyType({"calm_setting": ChecklistTick("calm_setting", True, "Kanarievogel-notitie")}),
        placements=MappingProxyType({"debts": 1, "health": 2}),
        goals=(Goal("Zwanhilde-doel", None, steps("Eerste")), Goal("Geheimdoel", None, steps("Tweede")),
               Goal("Derde doel", None, (GoalStep("Bellen met PLANgroep", ActionOwner.SELF, date(2026, 3, 19)),))),
        recognitions=(Recognition(5, "ErkenningCanary"),),
        next_appointment=datetime(2026, 3, 31, 10, 0), next_appointment_place="in het gemeentehuis",
        contact_name="Sanne Bakker", contact_phone="010 - 000 00 00", decision_discussed=True)
    return replace(base, **changes)


def test_summary_holds_date_people_three_steps_appointment_contact_and_objection_route():
    summary = ResidentSummary.from_conversation("2026-0042", _conversation(), organisation="de gemeente Lansingerland")
    text = _text(render_resident_summary(summary))
    assert "Wat hebben we afgesproken?" in text
    assert "dinsdag 17 maart 2026" in text
    assert "uw zus" in text
    assert "Bellen met PLANgroep" in text and "Eerste stap 1" in text and "Tweede stap 1" in text
    assert "Eerste stap 2" not in text  # one action at a time: per goal only the next step
    assert text.count("Wie:") == 3
    assert "Wie: Sanne Bakker" in text and "Wie: U" in text
    assert "dinsdag 31 maart 2026 om 10.00 uur" in text
    assert "010 - 000 00 00" in text
    assert "bezwaar" in text and "6 weken" in text and "klacht" in text
    assert "Kenmerk: 2026-0042" in text


def test_summary_never_holds_more_than_three_steps():
    goals = tuple(Goal(f"Doel {g}", None, (GoalStep(f"Stap{g}", ActionOwner.RESIDENT, date(2026, 3, 20)),))
                  for g in range(3))
    summary = ResidentSummary.from_conversation("2026-0042", _conversation(goals=goals))
    assert len(summary.steps) == 3
    text = _text(render_resident_summary(summary))
    assert text.count("Wie:") == 3


def test_summary_holds_no_data_outside_its_catalogue_profile():
    text = _text(render_resident_summary(ResidentSummary.from_conversation("2026-0042", _conversation())))
    for canary in CANARIES:
        assert canary not in text
    assert "trede" not in text.lower()


def test_profile_matches_the_privacy_catalogue():
    catalogue = load_catalogue(resource_path(*CATALOGUE_RESOURCE))
    # Only the conversation tables: the recipient id is also used by the referral section for what the resident
    # is told about sharing, which is not part of this document.
    listed = {f.key for f in catalogue.fields_for_recipient("resident_summary")
              if f.table in {"conversations", "conversation_goal_steps"}}
    assert SUMMARY_PROFILE == listed
    summary_fields = set(ResidentSummary.__dataclass_fields__) - {"case_number", "organisation"}
    assert summary_fields == {"held_on", "participants", "steps", "next_appointment", "next_appointment_place",
                              "contact_name", "contact_phone", "decision_discussed", "documents"}


def test_no_objection_route_without_a_decision_and_a_plain_line_without_appointment():
    summary = ResidentSummary.from_conversation(
        "2026-0042", _conversation(decision_discussed=False, next_appointment=None))
    text = _text(render_resident_summary(summary))
    assert "bezwaar" not in text
    assert "nog geen nieuwe afspraak" in text


def test_metadata_and_file_name_carry_no_personal_data():
    pdf = render_resident_summary(ResidentSummary.from_conversation("2026-0042", _conversation()))
    meta = PdfReader(BytesIO(pdf)).metadata
    assert meta.title == "Samenvatting gesprek 2026-0042" and meta.author == "Ketenregie"
    assert b"Sanne" not in pdf.split(b"stream")[0]
    assert file_name("2026-0042", date(2026, 3, 17)) == "2026-0042_samenvatting-gesprek_2026-03-17.pdf"
    assert render_resident_summary(sample_summary()) == render_resident_summary(sample_summary())  # deterministic


def test_sample_summary_fits_one_page_and_reads_as_b1():
    pdf = render_resident_summary(sample_summary())
    assert len(PdfReader(BytesIO(pdf)).pages) == 1
    assert sample_summary().readability().ok


def test_readability_warns_about_a_long_step_but_still_renders():
    long_step = ("De brieven van alle schuldeisers die de komende weken binnenkomen ongeopend verzamelen en "
                 "meenemen naar de volgende afspraak")
    summary = replace(sample_summary(), steps=sample_summary().steps[:1] + (
        replace(sample_summary().steps[1], description=long_step),))
    report = summary.readability()
    assert not report.ok and any(w.kind == "long_sentence" for w in report.warnings)
    assert "schuldeisers" in _text(render_resident_summary(summary))


def test_documents_appear_as_a_tick_box_list_and_steps_stay_at_most_three():
    documents = ("loonstrook of uitkering", "brief van de deurwaarder", "kopie huurcontract")
    summary = ResidentSummary.from_conversation("2026-0042", _conversation(documents=documents))
    assert summary.documents == documents
    pdf = render_resident_summary(summary)
    text = _text(pdf)
    assert "Meenemen of opsturen" in text
    for item in documents:
        assert f"{TICK_BOX}  {item}" in text or f"{TICK_BOX}\u00a0 {item}" in text
    assert text.count(TICK_BOX) == 3
    assert text.count("Wie:") == 3  # still at most three steps
    assert len(PdfReader(BytesIO(pdf)).pages) == 1  # one A4 with decision, three steps and documents
    assert summary.readability().ok


def test_no_documents_section_without_documents_and_eight_still_fit_one_page():
    text = _text(render_resident_summary(ResidentSummary.from_conversation("2026-0042", _conversation())))
    assert "Meenemen" not in text and TICK_BOX not in text
    eight = tuple(f"papier nummer {i} voor de afspraak" for i in range(8))
    pdf = render_resident_summary(ResidentSummary.from_conversation("2026-0042", _conversation(documents=eight)))
    assert _text(pdf).count(TICK_BOX) == 8
    assert len(PdfReader(BytesIO(pdf)).pages) == 1


def test_shipped_document_list_validates_and_reads_as_b1():
    from ketenregie.checklist_source import active_document_list
    from ketenregie.domain.checklists import MAX_DOCUMENT_TEXT
    from ketenregie.domain.conversations import MAX_DOCUMENT
    from ketenregie.domain.readability import check_texts

    documents = active_document_list()
    assert MAX_DOCUMENT_TEXT == MAX_DOCUMENT
    assert "brief van de deurwaarder" in documents.texts and len(documents.texts) >= 5
    assert check_texts(list(documents.texts)).ok
