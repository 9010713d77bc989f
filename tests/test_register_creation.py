"""Creation is atomic (issue 10.12): a kill -9 at any moment leaves the register and its key file together or
not at all; half a register (e.g. from an older version's crash) is named with a clear Dutch message and can be
cleared, from the CLI and from the GUI, after which a new register can be made."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from ketenregie.cli import main
from ketenregie.services.register import (LeftoverFound, RegisterFiles, create_register, leftover_kind,
                                          open_register, register_exists)
from ketenregie.vault.kdf import KdfParams
from ketenregie.vault.keyslots import KeySlotFile
from ketenregie.vault.keyslots import KeySlotFile
from register_faults import PASS, POLICY, create_fresh, make_register, run_child

_CREATE = """
    from ketenregie.config import Policy
    from ketenregie.services.register import create_register
    from ketenregie.vault.kdf import KdfParams
    register, _, _ = create_register({path!r}, {pw!r}, policy=Policy.defaults(), kdf=KdfParams.minimum())
    register.close()
"""


def _final_files(path) -> tuple[bool, bool]:
    files = RegisterFiles(path)
    return files.register.exists(), files.keyslots.exists()


def _assert_together_or_not_at_all(path, *, use_it: bool = True) -> bool:
    """After a kill: either no register (and a new one can be made) or a whole one that opens. `use_it=False`
    checks the files only (both final files, or neither) — cheaper, for the many-kills test."""
    assert leftover_kind(path) is None
    if register_exists(path):
        if use_it:
            open_register(path, PASS, policy=POLICY).close()
            assert _final_files(path) == (True, True)
        else:
            assert KeySlotFile.load(RegisterFiles(path).keyslots).damaged == ()
        return True
    assert _final_files(path) == (False, False)
    if use_it:
        create_fresh(path)  # staging files of the interrupted try are no obstacle
    return False


def _killed_at(path, patch: str) -> None:
    """Create in a child that kills itself with SIGKILL at the point `patch` picks."""
    run_child(patch + textwrap.dedent(_CREATE.format(path=str(path), pw=PASS)), expect_killed=True)


def test_kill_before_the_commit_leaves_no_register(tmp_path):
    path = tmp_path / "data" / "register.ketenregie"
    # Both files are complete under their staging names; the process dies before the first rename.
    _killed_at(path, """
import ketenregie.services.register as service
def die(*_a, **_k):
    os.kill(os.getpid(), signal.SIGKILL)
service.write_attempts = die
""")
    assert RegisterFiles(path).staged_register.exists()  # the crash really happened mid-creation
    assert _assert_together_or_not_at_all(path) is False


def test_kill_between_the_two_renames_is_finished_by_the_next_open(tmp_path):
    path = tmp_path / "data" / "register.ketenregie"
    _killed_at(path, """
import os as _os
_real = _os.replace
def replace_then_die(src, dst):
    _real(src, dst)
    if str(dst).endswith(".ketenregie.keys"):  # the key file's final rename: the commit point
        os.kill(os.getpid(), signal.SIGKILL)
_os.replace = replace_then_die
""")
    assert _final_files(path) == (False, True)  # the key file is in place, the register still staged
    assert register_exists(path)
    assert _assert_together_or_not_at_all(path) is True


def test_kill_at_moments_spread_over_the_creation_never_leaves_half_a_register(tmp_path):
    """Real kill -9 from outside: once the staged register appears (the database is being built), after a
    growing pause — so the kills land in the migrations, the key file, the renames and after, whatever the load."""
    script = "import os, signal, sys\n" + textwrap.dedent(_CREATE.format(path="PATH", pw=PASS))
    outcomes = []
    for index, pause in enumerate([0, 0.01, 0.04, 0.16, 0.5]):
        path = tmp_path / f"run{index}" / "register.ketenregie"
        child = subprocess.Popen([sys.executable, "-c", script.replace("'PATH'", repr(str(path)))],
                                 env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        staged = RegisterFiles(path).staged_register
        while not staged.exists() and not path.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        assert staged.exists() or path.exists(), "the creation never started"
        time.sleep(pause)
        child.send_signal(signal.SIGKILL)
        child.wait()
        outcomes.append(_assert_together_or_not_at_all(path, use_it=False))
    assert False in outcomes  # some kills landed before the commit point (the rest after it: both allowed)


def test_register_without_its_key_file_is_a_leftover_that_the_cli_clears(tmp_path, capsys):
    path = tmp_path / "data" / "register.ketenregie"
    make_register(path)
    RegisterFiles(path).keyslots.unlink()  # as an older version left it after a crash
    assert leftover_kind(path) == "register_without_keys"
    with pytest.raises(LeftoverFound) as caught:
        open_register(path, PASS, policy=POLICY)
    assert "onvolledig register" in caught.value.user_message and "clear-leftover" in caught.value.user_message
    with pytest.raises(LeftoverFound):
        create_register(path, PASS, policy=POLICY, kdf=KdfParams.minimum())
    assert main(["clear-leftover", "--register", str(path)]) == 0
    out = capsys.readouterr().out
    assert "leftovers" in out
    moved = list((path.parent / "leftovers").iterdir())
    assert len(moved) == 1 and (moved[0] / path.name).exists()  # set aside, not deleted
    create_fresh(path)
    open_register(path, PASS, policy=POLICY).close()


def test_key_file_without_its_register_is_a_leftover_too(tmp_path):
    path = tmp_path / "data" / "register.ketenregie"
    make_register(path)
    path.unlink()
    assert leftover_kind(path) == "keys_without_register"
    with pytest.raises(LeftoverFound):
        open_register(path, PASS, policy=POLICY)
    assert main(["clear-leftover", "--register", str(path)]) == 0
    create_fresh(path)


def test_clear_leftover_with_nothing_to_clear_changes_nothing(tmp_path, capsys):
    path = tmp_path / "data" / "register.ketenregie"
    make_register(path)
    assert main(["clear-leftover", "--register", str(path)]) == 0
    assert "niets opgeruimd" in capsys.readouterr().out
    open_register(path, PASS, policy=POLICY).close()
