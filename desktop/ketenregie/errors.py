"""The one base for errors a user may see. Its Dutch `user_message` is safe to show and to log: it never holds a
resident's data, a passphrase, a recovery code or a key. `str(exc)` is the same text."""
from __future__ import annotations


class UserFacingError(Exception):
    user_message = "Er ging iets mis."

    def __init__(self, user_message: str | None = None) -> None:
        if user_message:
            self.user_message = user_message
        super().__init__(self.user_message)
