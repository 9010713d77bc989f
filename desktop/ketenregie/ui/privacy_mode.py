"""Privacy mode (presentatiemodus): one switch that makes every view show initials instead of names, for screen
sharing (DESIGN.md §4). The state is the user setting "privacy_mode" (a flag, never personal data).

The main window owns one `PrivacyMode` and hands it to views in `ViewContext.extras["privacy_mode"]`. A view that
can re-render on the spot implements `set_privacy_mode(enabled)` (or connects to `changed`); the main window
rebuilds views that cannot, so they read the setting afresh. Widgets that show a name use `display_name(...)`.

    mode = privacy_mode_for(context)   # the window's service, or a private one for a view built on its own
    label.setText(mode.display_name(case.household.name))
    mode.changed.connect(self.set_privacy_mode)
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from ketenregie.domain.privacy_display import display_name as _display_name

EXTRAS_KEY = "privacy_mode"
SETTING = "privacy_mode"
# Contact details (phone, e-mail, postcode, house number, date of birth) in privacy mode.
MASK = "••••"


class PrivacyMode(QObject):
    changed = Signal(bool)

    def __init__(self, settings: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._enabled = bool(settings.get(SETTING)) if settings is not None else False

    @property
    def enabled(self) -> bool:
        return self._enabled

    @Slot(bool)
    def set_enabled(self, enabled: bool) -> None:
        enabled = bool(enabled)
        if enabled == self._enabled:
            return
        self._enabled = enabled
        if self._settings is not None:
            self._settings.set(SETTING, enabled)
        self.changed.emit(enabled)

    @Slot()
    def toggle(self) -> None:
        self.set_enabled(not self._enabled)

    def display_name(self, name: str) -> str:
        """The name in full, or its initials in privacy mode."""
        return _display_name(name, self._enabled)

    def mask(self, value: str | None) -> str:
        """A contact detail as shown: itself, or a neutral mask in privacy mode ("" stays "")."""
        if not value:
            return ""
        return MASK if self._enabled else value


def privacy_mode_for(context: Any) -> PrivacyMode:
    """The main window's service from a ViewContext; a view built without a window gets one of its own that reads
    (and writes) the same setting. Stored in the context so all widgets of one view share it."""
    extras = getattr(context, "extras", None)
    if extras is not None and isinstance(extras.get(EXTRAS_KEY), PrivacyMode):
        return extras[EXTRAS_KEY]
    mode = PrivacyMode(getattr(context, "settings", None))
    if extras is not None:
        extras[EXTRAS_KEY] = mode
    return mode
