"""Turning exceptions into Dutch text for the user without ever showing exception text (DESIGN §3)."""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from ketenregie.errors import UserFacingError

log = logging.getLogger(__name__)


def user_message(exc: BaseException, action: str = "") -> str:
    """A UserFacingError's own `user_message` (register, store, vault); for anything else a generic Dutch
    sentence. Logs the type only."""
    if isinstance(exc, UserFacingError):
        text = getattr(exc, "user_message", "")
        if text:
            return text
    log.error("unexpected error%s (%s)", f" while {action}" if action else "", type(exc).__name__)
    return QCoreApplication.translate(
        "Errors", "Er ging iets mis. Probeer het opnieuw; lukt het dan nog niet, neem contact op met uw "
                  "IT-afdeling.")
