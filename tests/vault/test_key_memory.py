"""After a lock no copy of the data key (raw or hex) or the passphrase stays in the process (issue 10 item 7).

A child process (memory_probe.py) unlocks a real register — through the service, and through the real unlock
screen with the passphrase typed key by key — locks it, and reads its own memory (/proc/self/maps +
/proc/self/mem). Before this was fixed the service path left the hex key of `PRAGMA key` and a copy of the
passphrase (kept by the Argon2id library) behind."""
from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ketenregie.vault.datakey import wipe_immutable

HERE = Path(__file__).resolve().parent
PACKAGE_PARENT = HERE.parents[1] / "desktop"
PATTERNS = ("key-raw", "key-hex", "key-HEX", "passphrase-utf8", "passphrase-utf16")
linux_only = pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="reads /proc/self/mem (Linux)")


def _probe(mode: str, register: Path, home: Path) -> dict[str, int]:
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_PARENT), KETENREGIE_HOME=str(home), QT_QPA_PLATFORM="offscreen",
               KETENREGIE_POLICY_FILE=str(home / "policy.toml"))
    result = subprocess.run([sys.executable, str(HERE / "memory_probe.py"), mode, str(register)], env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    counts = dict(line.split() for line in result.stdout.splitlines() if line.split()[0] in PATTERNS)
    assert set(counts) == set(PATTERNS), result.stdout
    return {name: int(count) for name, count in counts.items()}


@pytest.fixture(scope="module")
def probe_register(tmp_path_factory) -> tuple[Path, Path]:
    home = tmp_path_factory.mktemp("probe-home")
    (home / "policy.toml").write_text("", encoding="utf-8")
    register = home / "r.ketenregie"
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_PARENT), KETENREGIE_HOME=str(home),
               KETENREGIE_POLICY_FILE=str(home / "policy.toml"))
    subprocess.run([sys.executable, str(HERE / "memory_probe.py"), "create", str(register)], env=env, check=True,
                   timeout=120)
    return register, home


@linux_only
def test_no_key_or_passphrase_in_memory_after_closing_through_the_service(probe_register):
    register, home = probe_register
    assert _probe("service", register, home) == dict.fromkeys(PATTERNS, 0)


@linux_only
def test_no_copy_of_the_new_key_after_a_rekey_and_close(tmp_path_factory):
    """A passphrase change gives the database a new key (`PRAGMA rekey`): its hex must not outlive the close."""
    home = tmp_path_factory.mktemp("rekey-home")
    (home / "policy.toml").write_text("", encoding="utf-8")
    register = home / "r.ketenregie"
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_PARENT), KETENREGIE_HOME=str(home),
               KETENREGIE_POLICY_FILE=str(home / "policy.toml"))
    subprocess.run([sys.executable, str(HERE / "memory_probe.py"), "create", str(register)], env=env, check=True,
                   timeout=120)
    found = _probe("rekey", register, home)
    assert {k: found[k] for k in ("key-raw", "key-hex", "key-HEX")} == dict.fromkeys(("key-raw", "key-hex",
                                                                                       "key-HEX"), 0)


@linux_only
def test_no_key_or_passphrase_in_memory_after_ctrl_l_in_the_gui(probe_register):
    register, home = probe_register
    assert _probe("gui", register, home) == dict.fromkeys(PATTERNS, 0)


# --- the wipe helper itself -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["abcdef0123456789", "café au lait", "Łódź wachtwoord", "emoji \U0001F600 sleutel"])
def test_wipe_immutable_overwrites_every_width_of_str(text):
    copy = "".join([text[:2], text[2:]])  # a fresh object, never the literal
    length = len(copy)
    wipe_immutable(copy)
    assert len(copy) == length and set(copy) == {"\0"}
    assert text != copy  # the literal itself is untouched


def test_wipe_immutable_also_clears_the_cached_utf8_copy():
    as_utf8 = ctypes.pythonapi.PyUnicode_AsUTF8
    as_utf8.restype, as_utf8.argtypes = ctypes.c_void_p, [ctypes.py_object]
    text = "".join(["wachtwoord ", "één twee"])
    cache = as_utf8(text)  # CPython now keeps a UTF-8 copy beside the (latin-1) characters
    size = len(text.encode("utf-8"))
    assert ctypes.string_at(cache, size) == "wachtwoord één twee".encode("utf-8")
    wipe_immutable(text)
    assert ctypes.string_at(cache, size) == bytes(size)


def test_wipe_immutable_overwrites_bytes_and_refuses_other_types():
    data = "".join(["0123", "4567"]).encode("ascii")
    wipe_immutable(data)
    assert data == bytes(8)
    with pytest.raises(TypeError):
        wipe_immutable(bytearray(b"mutable: use datakey.zero"))
