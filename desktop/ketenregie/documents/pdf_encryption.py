"""Optional password protection of a saved PDF with AES-256 (PDF 2.0 security handler, revision 6).

reportlab's own encryption is RC4/weak and is never used. The finished, deterministic PDF is encrypted afterwards
with pypdf, whose AES implementation comes from `cryptography`. The owner password is random and thrown away:
nobody can lift the restrictions with it, the reader only needs the user password. Printing stays allowed.

The password is never stored, logged or put in the file name; the caller keeps it only as long as needed.
"""
from __future__ import annotations

import secrets
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions

ALGORITHM = "AES-256"
MIN_PASSWORD_LENGTH = 8


class PasswordTooShort(ValueError):
    user_message = f"Kies een wachtwoord van minstens {MIN_PASSWORD_LENGTH} tekens."


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """The same document, encrypted with AES-256; it opens only with `password`."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(PasswordTooShort.user_message)
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    permissions = UserAccessPermissions.PRINT | UserAccessPermissions.PRINT_TO_REPRESENTATION
    writer.encrypt(user_password=password, owner_password=secrets.token_urlsafe(32),
                   permissions_flag=permissions, algorithm=ALGORITHM)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def encryption_algorithm(data: bytes) -> str | None:
    """"AES-256" (V5/R6 with AESV3), another description, or None when not encrypted (for tests and doctor)."""
    reader = PdfReader(BytesIO(data))
    if not reader.is_encrypted:
        return None
    encrypt = reader.trailer["/Encrypt"].get_object()
    version, revision = int(encrypt.get("/V", 0)), int(encrypt.get("/R", 0))
    filters = encrypt.get("/CF", {})
    cfm = str(filters.get("/StdCF", {}).get("/CFM", "")) if filters else ""
    if version == 5 and revision in (5, 6) and cfm == "/AESV3":
        return ALGORITHM
    return f"V{version}/R{revision}{' ' + cfm if cfm else ''}"
