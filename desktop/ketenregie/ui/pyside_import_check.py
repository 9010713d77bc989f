"""A faster form of one check PySide6 makes on every import (a fast start, issue 15).

Once PySide6.QtCore is loaded, PySide6 looks at every module imported after it, to know which modules may use its
opt-in `from __feature__ import snake_case, true_property` switches (Ketenregie uses none). It decides that with
`inspect.getsource(module)` and a search for the text "PySide6". inspect resolves the module again, goes through
linecache and decodes the whole file, for each of the ~100 modules loaded before the unlock screen is painted:
about 10 ms of the start. `install()` makes the same test on the file's bytes, and leaves every other module
(built-in, frozen, compiled or without a source file) to PySide's own check. When PySide6 no longer has this hook
in this form, nothing is replaced.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"
_MARK = "_ketenregie_bytes_check"


def uses_pyside(module: ModuleType, fallback: Callable[[ModuleType], bool]) -> bool:
    """PySide's test ("does the source say PySide6?") on the source file's bytes; `fallback` for anything else."""
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None)
    if not (isinstance(origin, str) and origin.endswith(".py")):
        return fallback(module)
    try:
        with open(origin, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return fallback(module)


def install() -> bool:
    """Replace PySide's check once PySide6.QtCore is loaded. True when the faster check is in place."""
    import PySide6.QtCore  # noqa: F401, PLC0415 - loads PySide's import hook (and its feature module)

    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, _CHECK, None)
    if feature is None or not callable(original):
        return False
    if getattr(original, _MARK, False):
        return True

    def check(module: ModuleType) -> bool:
        return uses_pyside(module, original)

    setattr(check, _MARK, True)
    check.original = original  # what PySide had (tests compare the two)
    setattr(feature, _CHECK, check)
    return True
