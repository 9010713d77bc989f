"""Child process for tests/vault/test_key_memory.py: unlock a real register (services or the real unlock screen),
lock it, then read this process's own memory (/proc/self/maps + /proc/self/mem) for the data key (raw and hex) and
the passphrase (UTF-8 and UTF-16). Prints one line per pattern with the number of copies found.

The patterns are never whole in this process on purpose: each is held as two halves (separate objects), and a hit
is the first half directly followed by the second — so the probe itself cannot be what it finds."""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

# Two halves of the passphrase, joined only inside the app (the unlock widget's text, the service's argument).
PASS_A, PASS_B = "Fietsbel wolk pann", "enkoek ladder Qz7"


def regions():
    with open("/proc/self/maps", encoding="ascii") as maps:
        for line in maps:
            parts = line.split()
            perms, name = parts[1], parts[5] if len(parts) > 5 else ""
            if not perms.startswith("r") or name in ("[vvar]", "[vsyscall]", "[vvar_vclock]"):
                continue
            low, high = (int(x, 16) for x in parts[0].split("-"))
            yield low, high


def count_split(first: bytes, second: bytes) -> int:
    hits = 0
    fd = os.open("/proc/self/mem", os.O_RDONLY)
    try:
        for low, high in regions():
            pos = low
            while pos < high:
                size = min(high - pos, 32 << 20)
                try:
                    chunk = os.pread(fd, size + len(first) + len(second), pos)
                except OSError:
                    break
                start = chunk.find(first)
                while 0 <= start < size:
                    if chunk[start + len(first):start + len(first) + len(second)] == second:
                        hits += 1
                    start = chunk.find(first, start + 1)
                pos += size
    finally:
        os.close(fd)
    return hits


def report(key_a: bytes, key_b: bytes) -> None:
    gc.collect()
    hex_a, hex_b = key_a.hex(), key_b.hex()
    patterns = {
        "key-raw": (key_a, key_b),
        "key-hex": (hex_a.encode(), hex_b.encode()),
        "key-HEX": (hex_a.upper().encode(), hex_b.upper().encode()),
        "passphrase-utf8": (PASS_A.encode(), PASS_B.encode()),
        "passphrase-utf16": (PASS_A.encode("utf-16-le"), PASS_B.encode("utf-16-le")),
    }
    for name, (first, second) in patterns.items():
        print(f"{name} {count_split(first, second)}", flush=True)


def via_service(register_path: Path) -> None:
    from ketenregie.config import Policy
    from ketenregie.services.register import open_register
    from ketenregie.vault.datakey import wipe_immutable

    passphrase = "".join([PASS_A, PASS_B])
    register = open_register(register_path, passphrase, policy=Policy.defaults(), origin="cli")
    wipe_immutable(passphrase)  # the caller's own copy: what the unlock screen does with the text it read
    del passphrase
    key_a, key_b = bytes(register._key[:16]), bytes(register._key[16:])
    register.close("manual")
    del register
    report(key_a, key_b)


def via_rekey(register_path: Path) -> None:
    """Change the passphrase (a re-key: `PRAGMA rekey` with the NEW data key), close, look for the new key."""
    from ketenregie.config import Policy
    from ketenregie.services.register import open_register
    from ketenregie.vault.kdf import KdfParams

    register = open_register(register_path, "".join([PASS_A, PASS_B]), policy=Policy.defaults(), origin="cli")
    register.change_passphrase("".join([PASS_A, PASS_B]), "".join(["Nieuwe wachtwoord", "zin voor de probe 9"]),
                               kdf=KdfParams.minimum())
    key_a, key_b = bytes(register._key[:16]), bytes(register._key[16:])
    register.close("manual")
    del register
    report(key_a, key_b)


def via_gui(register_path: Path) -> None:
    from PySide6.QtTest import QTest

    from ketenregie.config import MemorySettingsBackend, Policy, Settings
    from ketenregie.ui.app import build_gui

    policy = Policy.defaults()
    controller = build_gui(register_path, policy=policy, settings=Settings(policy, MemorySettingsBackend()),
                           check_interval_ms=60_000)
    edit = controller.main_window.unlock_widget.ui.passphraseEdit
    QTest.keyClicks(edit, PASS_A)  # typed, key by key, like a user
    QTest.keyClicks(edit, PASS_B)
    controller.main_window.unlock_widget.ui.unlockButton.click()
    for _ in range(1200):  # at most 60 s
        QTest.qWait(50)
        if not controller.lock_manager.is_locked:
            break
    assert not controller.lock_manager.is_locked, "unlock did not finish"
    key = controller.lock_manager._register._key
    key_a, key_b = bytes(key[:16]), bytes(key[16:])
    del key
    controller.lock_manager.lock("manual")  # Ctrl+L
    QTest.qWait(200)
    report(key_a, key_b)
    controller.shutdown()


if __name__ == "__main__":
    mode, path = sys.argv[1], Path(sys.argv[2])
    if mode == "create":
        from ketenregie.config import Policy
        from ketenregie.services.register import create_register
        from ketenregie.vault.kdf import KdfParams

        register, _code, _notices = create_register(path, "".join([PASS_A, PASS_B]), policy=Policy.defaults(),
                                                    kdf=KdfParams.minimum(), origin="cli")
        register.close("quit")
    elif mode == "service":
        via_service(path)
    elif mode == "rekey":
        via_rekey(path)
    else:
        via_gui(path)
