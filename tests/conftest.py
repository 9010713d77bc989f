"""Shared test set-up: headless Qt, an isolated app home per test, an in-memory OS keyring."""
from __future__ import annotations

import os

# Before any Qt import: no display exists in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import keyring.backend
import pytest


class InMemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend (keyring's own API) that keeps secrets in a dict."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.secrets[(service, username)]
        except KeyError:
            import keyring.errors

            raise keyring.errors.PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own data/log dir and policy, so nothing touches the developer's real files."""
    home = tmp_path_factory.mktemp("ketenregie-home")
    monkeypatch.setenv("KETENREGIE_HOME", str(home))
    monkeypatch.setenv("KETENREGIE_POLICY_FILE", str(home / "policy.toml"))
    (home / "policy.toml").write_text("", encoding="utf-8")
    return home


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    backend = InMemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
