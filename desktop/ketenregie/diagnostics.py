"""Logging, crash handling and process hardening — all without personal data.

Log lines name events and counts only. As a second line of defence a filter masks anything that looks like a
BSN, phone number, IBAN or e-mail address. The excepthook writes a traceback of *locations only* (file, line,
function, exception type — never the exception's message or local values) and shows a generic Dutch message.
"""
from __future__ import annotations

import logging
import os
import re
import sys
import threading
import time
import traceback
from pathlib import Path
from types import TracebackType

from ketenregie.atomic import write_atomic
from ketenregie.paths import ensure_app_dir

LOG_FILE_NAME = "ketenregie.log"
_log = logging.getLogger("ketenregie")

_PATTERNS = [
    re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),  # e-mail
    re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b"),         # IBAN (NL and alike)
    re.compile(r"(?<![\w:.-])\+?\d[\d -]{7,}\d(?![\w:.-])"),         # BSN, phone numbers and other long numbers
]


def scrub(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub("[verwijderd]", text)
    return text


class ScrubbingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = ()
        record.exc_info = None  # exception messages may carry content; crashes go through the excepthook
        record.exc_text = None
        return True


LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5


class _PrivateRotatingFileHandler(logging.FileHandler):
    """The log file, user-only (0600), rotated like logging.handlers.RotatingFileHandler: before a line would take
    it to `max_bytes`, ketenregie.log becomes .log.1 (.1 becomes .2, ... up to `backups`). Written out here because
    importing logging.handlers loads socket, pickle and queue — several ms of every start (issue 15 item 13)."""

    def __init__(self, path: Path, *, max_bytes: int, backups: int) -> None:
        self.max_bytes = max_bytes
        self.backups = backups
        super().__init__(path, mode="a", encoding="utf-8")

    def _open(self):  # type: ignore[override]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._should_rotate(record):
                self._rotate()
        except Exception:  # noqa: BLE001 - logging never raises into the app (logging.Handler's own rule)
            self.handleError(record)
            return
        super().emit(record)

    def _should_rotate(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        line = self.format(record) + self.terminator
        self.stream.seek(0, os.SEEK_END)  # another Ketenregie process (the CLI) may have written meanwhile
        return self.stream.tell() + len(line.encode(self.encoding or "utf-8")) >= self.max_bytes > 0

    def _rotate(self) -> None:
        self.stream.close()
        self.stream = None
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{number}"):
                os.replace(f"{base}.{number}", f"{base}.{number + 1}")
        if self.backups > 0:
            os.replace(base, f"{base}.1")
        self.stream = self._open()


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    ensure_app_dir(log_dir)
    path = log_dir / LOG_FILE_NAME
    handler = _PrivateRotatingFileHandler(path, max_bytes=LOG_MAX_BYTES, backups=LOG_BACKUPS)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(ScrubbingFilter())
    root = logging.getLogger("ketenregie")
    for old in list(root.handlers):
        if isinstance(old, _PrivateRotatingFileHandler):
            root.removeHandler(old)
            old.close()
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False
    return path


def scrubbed_traceback(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Where it happened, never what the data was: frames and the exception's type name only."""
    # time, not datetime: the crash path needs no import, and datetime is not loaded before the first paint
    lines = [f"Ketenregie crash report {time.strftime('%Y-%m-%dT%H:%M:%S+00:00', time.gmtime())}",
             f"Exception type: {exc_type.__module__}.{exc_type.__qualname__}", "Traceback (locations only):"]
    for frame in traceback.extract_tb(tb):
        lines.append(f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}")
    return "\n".join(lines) + "\n"


def write_crash_report(log_dir: Path, exc_type: type[BaseException], tb: TracebackType | None) -> Path:
    ensure_app_dir(log_dir)
    now = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 1_000_000_000)) + f"{now // 1000 % 1_000_000:06d}Z"
    path = log_dir / f"crash-{stamp}.txt"
    write_atomic(path, scrubbed_traceback(exc_type, tb).encode("utf-8"))
    return path


def install_excepthook(log_dir: Path, show_dialog: bool = True) -> None:
    def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        path = write_crash_report(log_dir, exc_type, tb)
        _log.error("unhandled exception of type %s; report %s", exc_type.__name__, path.name)
        sys.stderr.write(f"Ketenregie: er ging iets mis. Foutrapport zonder persoonsgegevens: {path}\n")
        if show_dialog:
            _show_dialog(path)

    sys.excepthook = handle
    threading.excepthook = lambda args: handle(args.exc_type, args.exc_value, args.exc_traceback)


def _show_dialog(path: Path) -> None:
    try:
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is None:
            return
        from ketenregie.ui.crash_dialog import show_generic_error

        show_generic_error(path)
    except Exception:  # the crash handler itself must never raise
        pass


def harden_process() -> None:
    """No core dumps and (Linux) no ptrace by other processes of the user: memory holds the data key."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_DUMPABLE = 4
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def is_dumpable() -> bool | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    libc = ctypes.CDLL(None)
    PR_GET_DUMPABLE = 3
    return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
