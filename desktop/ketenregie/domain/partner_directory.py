"""The partner directory: the chain's organisations with what a letter needs — address, contact person, channel
and partner type (DOMAIN.md §4). The directory is data: seeded from resources/partners/, editable in the app, or
shipped by IT (policy `PartnerDirectoryFile`), in which case the user cannot edit it.

A directory file (TOML):

    [[partner]]
    code = "plangroep"                # stable id: lowercase letters, digits and '_' (never changes once shipped)
    name = "PLANgroep"
    type = "debt_help"                # a PartnerType code (domain/cases.py)
    address = ["Postbus 1", "2600 AA Delft"]
    contact_person = "Intaketeam schuldhulp"
    phone = "015 000 0000"
    email = "intake@example.nl"
    channel = "secure_email"          # how letters go: secure_email | post | portal | in_person
    channel_detail = "Zivver"         # e.g. which secure mail or portal
    active = true

Only code, name and type are required: resources/partners/default_partners.toml (which seeds every new register)
is a valid directory file. These are the organisations' business details, not residents' personal data.

Pure domain: no Qt, no database.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from ketenregie import bounded_read
from pathlib import Path

from ketenregie.domain.cases import PartnerType


class Channel(StrEnum):
    SECURE_EMAIL = "secure_email"
    POST = "post"
    PORTAL = "portal"
    IN_PERSON = "in_person"

    @property
    def label_nl(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.SECURE_EMAIL: "Beveiligde e-mail",
    Channel.POST: "Post",
    Channel.PORTAL: "Portaal van de partner",
    Channel.IN_PERSON: "Persoonlijk overhandigen",
}

_CODE = re.compile(r"^[a-z0-9_]{1,40}$")  # as store/partner_repository.py
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
MAX_ADDRESS_LINES = 4


class DirectoryDataError(ValueError):
    """A directory file is unusable; the message (English) names the file and the entry."""


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    code: str
    name: str
    type: PartnerType
    address_lines: tuple[str, ...] = ()
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    channel: Channel = Channel.SECURE_EMAIL
    channel_detail: str = ""
    active: bool = True
    id: int | None = None
    editable: bool = True

    @property
    def address_text(self) -> str:
        return "\n".join(self.address_lines)


def address_lines(text: str) -> tuple[str, ...]:
    """Lines from a multi-line text field (empty lines dropped)."""
    return tuple(line.strip() for line in text.replace("\r", "").split("\n") if line.strip())


def validate_entry(entry: DirectoryEntry, existing_codes: Iterable[str] = ()) -> list[str]:
    """Dutch problems; empty when the entry may be saved."""
    problems = []
    if not _CODE.match(entry.code):
        problems.append("De code bestaat uit kleine letters, cijfers en '_' (hoogstens 40 tekens).")
    elif entry.code in set(existing_codes):
        problems.append("Er is al een partner met deze code.")
    if not entry.name.strip():
        problems.append("Vul de naam van de organisatie in.")
    if len(entry.address_lines) > MAX_ADDRESS_LINES:
        problems.append(f"Het adres heeft hoogstens {MAX_ADDRESS_LINES} regels.")
    if entry.email and not _EMAIL.match(entry.email):
        problems.append("Het e-mailadres lijkt niet te kloppen.")
    if entry.channel == Channel.POST and not entry.address_lines:
        problems.append("Voor verzending per post is een adres nodig.")
    return problems


def parse_directory(raw: Mapping, *, source: str = "directory") -> list[DirectoryEntry]:
    if raw.get("version", 1) != 1:
        raise DirectoryDataError(f"{source}: expected version = 1")
    items = raw.get("partner")
    if not isinstance(items, list) or not items:
        raise DirectoryDataError(f"{source}: no [[partner]] entries")
    entries: list[DirectoryEntry] = []
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        where = f"{source}: partner {index}"
        if not isinstance(item, Mapping):
            raise DirectoryDataError(f"{where}: not a table")
        try:
            address = item.get("address", ())
            lines = address_lines(address) if isinstance(address, str) else tuple(str(a).strip() for a in address)
            entry = DirectoryEntry(
                code=str(item["code"]), name=str(item["name"]).strip(), type=PartnerType.from_code(item["type"]),
                address_lines=tuple(line for line in lines if line),
                contact_person=str(item.get("contact_person", "")).strip(),
                phone=str(item.get("phone", "")).strip(), email=str(item.get("email", "")).strip(),
                channel=Channel(item.get("channel", Channel.SECURE_EMAIL.value)),
                channel_detail=str(item.get("channel_detail", "")).strip(),
                active=bool(item.get("active", True)))
        except KeyError as exc:
            raise DirectoryDataError(f"{where}: missing {exc.args[0]!r}") from None
        except ValueError:
            raise DirectoryDataError(f"{where}: unknown type or channel") from None
        problems = validate_entry(entry, seen)
        if problems:
            raise DirectoryDataError(f"{where} ({entry.code}): {' '.join(problems)}")
        seen.add(entry.code)
        entries.append(entry)
    return entries


def load_directory(path: Path) -> list[DirectoryEntry]:
    try:
        raw = bounded_read.read_toml(path)
    except bounded_read.FileRefused as exc:
        raise DirectoryDataError(f"{path}: {exc.reason}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DirectoryDataError(f"{path}: geen geldige TOML ({exc})") from None
    return parse_directory(raw, source=str(path))
