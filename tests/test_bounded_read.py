"""Every file read from outside goes through one bounded reader (DESIGN.md §8): regular files only (a FIFO,
/dev/zero or a directory is refused without hanging), a size limit, a nesting limit for TOML and JSON, BOM-safe.
The loaders are tested through their own entry points with real files; the ones that hung before run in a
subprocess with a timeout, so a regression fails instead of hanging the suite."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from ketenregie import bounded_read
from ketenregie.bounded_read import FileMissing, FileRefused

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desktop" / "ketenregie"
DEEP_ARRAYS = "a = " + "[" * 100_000 + "]" * 100_000 + "\n"  # 200 KB: tomllib raises RecursionError on it
DEEP_TABLES = "a = " + "{b = " * 40_000 + "1" + "}" * 40_000 + "\n"
LONG_DOTTED_KEY = "a" + ".a" * 100_000 + " = 1\n"  # 200 KB: tomllib needs minutes and gigabytes for it
LONG_HEADER = "[" + "a." * 100_000 + "a]\nx = 1\n"
NESTED = {"arrays": DEEP_ARRAYS, "tables": DEEP_TABLES, "dotted": LONG_DOTTED_KEY, "header": LONG_HEADER}
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")


def _run(code: str, env_extra: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PACKAGE.parent), **env_extra)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=timeout)


# --- the reader itself ----------------------------------------------------------------------------------------

def test_regular_file_is_read_and_a_bom_is_dropped(tmp_path):
    path = tmp_path / "policy.toml"
    path.write_bytes(b"\xef\xbb\xbfDeviceSecret = true\n")
    assert bounded_read.read_toml(path) == {"DeviceSecret": True}
    assert bounded_read.read_text(path) == "DeviceSecret = true\n"


@posix_only
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "policy.toml"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused) as info:
        bounded_read.read_bytes(fifo)
    assert "FIFO" in info.value.reason


@posix_only
def test_dev_zero_is_refused_as_a_device():
    with pytest.raises(FileRefused) as info:
        bounded_read.read_bytes("/dev/zero")
    assert "apparaat" in info.value.reason


def test_directory_missing_file_and_size_limit(tmp_path):
    with pytest.raises(FileRefused, match="map"):
        bounded_read.read_bytes(tmp_path)
    with pytest.raises(FileMissing):
        bounded_read.read_bytes(tmp_path / "nope.toml")
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * 1025)
    with pytest.raises(FileRefused, match="te groot"):
        bounded_read.read_bytes(big, max_bytes=1024)
    assert len(bounded_read.read_bytes(big, max_bytes=1025)) == 1025


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes("naam = 'café'".encode("latin-1"))
    with pytest.raises(FileRefused, match="UTF-8"):
        bounded_read.read_toml(path)


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_deeply_nested_toml_is_refused_before_parsing(tmp_path, kind):
    path = tmp_path / "deep.toml"
    path.write_text(NESTED[kind], encoding="utf-8")
    assert path.stat().st_size >= 160_000
    with pytest.raises(FileRefused, match="te diep genest"):
        bounded_read.read_toml(path)


def test_nesting_check_accepts_every_shipped_toml_file_and_tricky_syntax():
    shipped = sorted((ROOT / "resources").rglob("*.toml")) + [ROOT / "pyproject.toml"]
    assert len(shipped) >= 8
    for path in shipped:
        text = path.read_text(encoding="utf-8")
        assert bounded_read.parse_toml(path, text) == tomllib.loads(text)
    tricky = ('a = [[1, 2], [3, [4]]]\nb = {c = {d = 1}, e = "}]]][{{"}\n[t.u]\nv = """x]]] \\" ""\n"""\n'
              "w = '''[[[['''\n[[arr]]\n\"k.k.k\" = 1.5e3\nd = 1979-05-27T07:32:00.999 # [[[[ a comment\n")
    assert bounded_read.parse_toml("x", tricky) == tomllib.loads(tricky)
    assert bounded_read.toml_nesting_depth(tricky) <= 5


def test_nesting_depth_is_an_upper_bound_of_the_parsed_depth():
    for depth in range(1, 12):
        text = "a = " + "[" * depth + "1" + "]" * depth + "\n" + "b" + ".c" * depth + " = 1\n"
        assert bounded_read.toml_nesting_depth(text) >= bounded_read._data_depth(tomllib.loads(text))


def test_deep_json_is_refused(tmp_path):
    path = tmp_path / "import.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(FileRefused, match="te diep genest"):
        bounded_read.read_json(path)
    path.write_text('{"a": ["[[[[", {"b": 1}]}', encoding="utf-8")
    assert bounded_read.read_json(path) == {"a": ["[[[[", {"b": 1}]}


def test_first_line_of_an_endless_stream_is_bounded():
    import io

    with pytest.raises(FileRefused, match="te lang"):
        bounded_read.read_first_line(io.BytesIO(b"\0" * 10_000), max_bytes=4096)
    assert bounded_read.read_first_line(io.BytesIO(b"\xef\xbb\xbfgeheim\nrest"), max_bytes=4096) == "geheim"


def test_bounded_read_uses_the_standard_library_only():
    tree = ast.parse((PACKAGE / "bounded_read.py").read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    assert roots <= set(sys.stdlib_module_names) | {"__future__"}, roots


# --- every loader goes through it -----------------------------------------------------------------------------

def _write_policy(home: Path, text: str, **keys: str) -> Path:
    policy = home / "policy.toml"
    policy.write_text(text + "".join(f'{k} = "{v}"\n' for k, v in keys.items()), encoding="utf-8")
    return policy


@pytest.mark.parametrize("kind", ["arrays", "dotted"])
def test_deeply_nested_policy_gives_a_finding_not_a_crash(isolated_home, kind):
    from ketenregie.config import load_policy

    _write_policy(isolated_home, NESTED[kind])
    policy = load_policy()
    assert policy.has_errors
    assert any("te diep genest" in p.message for p in policy.problems)


def test_deeply_nested_calendar_bridge_and_directory_files_give_dutch_findings(isolated_home):
    from ketenregie.calendar_source import CalendarUnavailable, load_calendar
    from ketenregie.checklist_source import active_bridge
    from ketenregie.config import load_policy
    from ketenregie.domain.partner_directory import DirectoryDataError, load_directory

    deep = isolated_home / "deep.toml"
    deep.write_text(DEEP_ARRAYS, encoding="utf-8")
    _write_policy(isolated_home, "", EquatedDaysFile=str(deep), BridgeDefinitionFile=str(deep),
                  PartnerDirectoryFile=str(deep))
    policy = load_policy()
    with pytest.raises(CalendarUnavailable, match="te diep genest"):
        load_calendar(policy)
    assert load_calendar(policy, strict=False).covered_years  # the UI goes on with the shipped data
    bridge = active_bridge(policy)
    assert bridge.warning and "te diep genest" in bridge.warning and bridge.bridge.pillars
    with pytest.raises(DirectoryDataError, match="te diep genest"):
        load_directory(deep)


@posix_only
def test_fifo_and_dev_zero_as_policy_or_data_files_neither_hang_nor_exhaust_memory(tmp_path):
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    code = ("import os, resource\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))\n"  # 2 GiB: /dev/zero would exceed it
            "from ketenregie.config import load_policy\n"
            "from ketenregie.calendar_source import load_calendar\n"
            "from ketenregie.checklist_source import active_bridge\n"
            "from ketenregie.documents.letterhead import Letterhead, logo_problem\n"
            "from ketenregie.domain.partner_directory import DirectoryDataError, load_directory\n"
            "for source in (os.environ['FIFO'], '/dev/zero'):\n"
            "    os.environ['KETENREGIE_POLICY_FILE'] = source\n"
            "    p = load_policy()\n"
            "    assert p.has_errors and p.get('IdleLockMaxMinutes') == 1, p.problems\n"
            "    from ketenregie.config import Policy\n"
            "    p = Policy.from_mapping({'EquatedDaysFile': source, 'BridgeDefinitionFile': source,\n"
            "                             'LetterheadLogoFile': source}, 'test')\n"
            "    assert load_calendar(p, strict=False).covered_years\n"
            "    assert active_bridge(p).warning\n"
            "    assert 'gewoon bestand' in logo_problem(Letterhead.from_policy(p)) or "
            "'apparaat' in logo_problem(Letterhead.from_policy(p))\n"
            "    try:\n"
            "        load_directory(source)\n"
            "    except DirectoryDataError:\n"
            "        pass\n"
            "    else:\n"
            "        raise AssertionError('directory accepted')\n"
            "print('OK')\n")
    result = _run(code, {"FIFO": str(fifo), "KETENREGIE_HOME": str(tmp_path / "home")}, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "OK"
