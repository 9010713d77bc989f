"""The municipal letterhead from IT policy (LetterheadName, LetterheadAddress, LetterheadSender, LetterheadPhone,
LetterheadEmail, LetterheadWebsite, LetterheadLogoFile), and the letter templates in resources/templates/.

Every letter Ketenregie sends uses `letterhead_flowables`, so the house style is set in one place by IT and can be
checked with `ketenregie sample-documents`."""
from __future__ import annotations

import io
import tomllib
from dataclasses import dataclass
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, Paragraph, Spacer, Table, TableStyle

from ketenregie import bounded_read
from ketenregie.documents.pdf import SANS, Styles
from ketenregie.resources import resource_path

LOGO_MAX_WIDTH = 40 * mm
LOGO_MAX_HEIGHT = 22 * mm
LOGO_MAX_BYTES = bounded_read.MIB * 4


@dataclass(frozen=True)
class Letterhead:
    name: str
    sender: str = ""
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    website: str = ""
    logo_path: Path | None = None

    @classmethod
    def from_policy(cls, policy) -> "Letterhead":
        address = policy.get("LetterheadAddress") or ""
        logo = policy.get("LetterheadLogoFile") or ""
        return cls(
            name=policy.get("LetterheadName") or "",
            sender=policy.get("LetterheadSender") or "",
            address_lines=tuple(p.strip() for p in address.replace("\n", "|").split("|") if p.strip()),
            phone=policy.get("LetterheadPhone") or "",
            email=policy.get("LetterheadEmail") or "",
            website=policy.get("LetterheadWebsite") or "",
            logo_path=Path(logo) if logo else None,
        )

    def contact_line(self) -> str:
        return "  ·  ".join(part for part in (self.phone, self.email, self.website) if part)


def logo_problem(letterhead: Letterhead) -> str | None:
    """Dutch finding for `doctor` when the policy names a logo that cannot be used; None when fine or unset."""
    if letterhead.logo_path is None:
        return None
    try:
        _logo_image(letterhead.logo_path)
    except bounded_read.FileRefused as exc:
        return f"Het logo '{letterhead.logo_path}' (LetterheadLogoFile) is niet te gebruiken: {exc.reason} " \
               "Brieven krijgen geen logo."
    except Exception:  # noqa: BLE001 - any unreadable image is the same finding for IT
        return f"Het logo '{letterhead.logo_path}' (LetterheadLogoFile) is niet te lezen; brieven krijgen geen logo."
    return None


def _logo_image(path: Path) -> tuple[bytes, int, int]:
    """The logo's bytes (through the bounded reader: reportlab would block on a FIFO) and its size in pixels."""
    data = bounded_read.read_bytes(path, max_bytes=LOGO_MAX_BYTES)
    width, height = ImageReader(io.BytesIO(data)).getSize()
    return data, width, height


def _logo(letterhead: Letterhead):
    if letterhead.logo_path is None:
        return None
    try:
        data, width, height = _logo_image(letterhead.logo_path)
    except Exception:  # noqa: BLE001 - `doctor` reports it (logo_problem); the letter goes out without a logo
        return None
    scale = min(LOGO_MAX_WIDTH / width, LOGO_MAX_HEIGHT / height)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def letterhead_flowables(letterhead: Letterhead, s: Styles) -> list:
    """Logo at the left, organisation, department, address and contact at the right, and a thin rule."""
    right = [Paragraph(f"<b>{escape(letterhead.name)}</b>", s.body)]
    if letterhead.sender:
        right.append(Paragraph(escape(letterhead.sender), s.small))
    for line in letterhead.address_lines:
        right.append(Paragraph(escape(line), s.small))
    if letterhead.contact_line():
        right.append(Paragraph(escape(letterhead.contact_line()), s.small))
    logo = _logo(letterhead)
    if logo is None:
        table = Table([[right]], colWidths=[None])
    else:
        table = Table([[logo, right]], colWidths=[LOGO_MAX_WIDTH + 6 * mm, None])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.HexColor("#888888")),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return [table, Spacer(1, 8 * mm)]


# --- letter templates -----------------------------------------------------------------------------------------

class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class LetterTemplate:
    """Dutch texts from resources/templates/<name>.toml; `text(key, **values)` escapes the values."""

    name: str
    texts: dict[str, str]

    def text(self, key: str, **values: object) -> str:
        try:
            raw = self.texts[key]
        except KeyError:
            raise TemplateError(f"template {self.name}: missing text {key!r}") from None
        return Template(raw).safe_substitute({k: escape(str(v)) for k, v in values.items()})

    def plain(self, key: str, **values: object) -> str:
        """Without escaping: for PDF metadata and file names' neighbours, never for Paragraph markup."""
        return Template(self.texts[key]).safe_substitute({k: str(v) for k, v in values.items()})


_TEMPLATE_CACHE: dict[tuple[str, float], LetterTemplate] = {}


def load_template(name: str, *, required: tuple[str, ...] = ()) -> LetterTemplate:
    path = resource_path("templates", f"{name}.toml")
    try:
        key = (str(path), path.stat().st_mtime)
        cached = _TEMPLATE_CACHE.get(key)
        if cached is not None:
            return cached
        raw = bounded_read.read_toml(path)
    except (OSError, bounded_read.FileRefused, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"template {name}: unreadable ({exc})") from None
    if raw.get("version") != 1:
        raise TemplateError(f"template {name}: expected version = 1")
    texts = {k: v for k, v in raw.items() if isinstance(v, str)}
    missing = [k for k in required if k not in texts]
    if missing:
        raise TemplateError(f"template {name}: missing {', '.join(missing)}")
    template = LetterTemplate(name, texts)
    _TEMPLATE_CACHE[key] = template
    return template
