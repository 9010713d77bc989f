"""The printable recovery-code sheet shown once at set-up (and after the recovery code was used)."""
from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph, Spacer

from ketenregie.documents.pdf import PdfMetadata, render_pdf, styles
from ketenregie.domain import recovery_code as recovery_codes


GROUPS_PER_ROW = 4  # as on screen: two rows of four groups, read aloud and copied by hand group by group


def code_rows_markup(code: str) -> str:
    """The code as rows of whole groups ("7KQ2M  4XH9D  ..." / "..."): a line never breaks inside a group."""
    groups = [g for g in recovery_codes.format_code(code).split("-") if g]
    rows = ["&nbsp;&nbsp;".join(escape(g) for g in groups[i:i + GROUPS_PER_ROW])
            for i in range(0, len(groups), GROUPS_PER_ROW)]
    return "<br/>".join(rows)


def render_recovery_sheet(code: str, register_name: str, created: date | None = None) -> bytes:
    s = styles()
    created = created or date.today()
    story = [
        Paragraph("Herstelcode voor uw Ketenregie-register", s.heading),
        Paragraph(f"Register: <b>{escape(register_name)}</b> — aangemaakt op {created.strftime('%d-%m-%Y')}", s.body),
        Paragraph("Met deze code opent u het register als u de wachtwoordzin kwijt bent. Er is geen andere "
                  "manier: zonder wachtwoordzin én zonder deze code zijn de gegevens niet meer te openen.", s.body),
        Spacer(1, 6),
        Paragraph(code_rows_markup(code), s.code),
        Paragraph("Bewaar dit blad op een veilige, afgesloten plek, apart van de laptop. Maak er geen foto of "
                  "kopie van en zet de code niet in een e-mail of op een netwerkschijf.", s.body),
        Paragraph("Na gebruik van de code kiest u een nieuwe wachtwoordzin en krijgt u een nieuwe herstelcode; "
                  "deze code werkt dan niet meer.", s.body),
        Spacer(1, 12),
        Paragraph("Elke groep van vijf tekens heeft een controleteken: een tikfout wordt direct gemeld.", s.small),
    ]
    return render_pdf(story, PdfMetadata(title="Ketenregie herstelcode", subject="Herstelcode register"))


def samples():
    from ketenregie.documents.samples import SampleDocument

    fictitious = "7KQ2M-4XH9D-C3TWA-Y8P6R-0NB5E-JF2VS-9MGQZ-KD4HX"
    return [SampleDocument("herstelcode.pdf", "Herstelcodeblad (fictieve code)",
                           lambda: render_recovery_sheet(fictitious, "register"))]
