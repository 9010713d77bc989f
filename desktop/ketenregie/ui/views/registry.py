"""How views plug into the main window.

A view is a QWidget built by a factory from a `ViewContext` when the register unlocks, and destroyed when it locks
(never merely hidden: a locked window holds no personal data). Register one with

    VIEWS.register(ViewSpec("caseload", QT_TRANSLATE_NOOP("Views", "Caseload"), CaseloadView, order=10))

or the `@register_view(...)` decorator. A real view replaces the placeholder with the same key. The main window
adds a navigation entry, a Beeld-menu action and Ctrl+<position> for each spec, in `order`.

View widgets may implement `release()`: called just before destruction on lock, to drop model data at once.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget


@dataclass
class ViewContext:
    """What a view may use while the register is unlocked. Do not keep it (or the register) beyond the view."""

    register: Any  # ketenregie.services.register.Register
    settings: Any  # ketenregie.config.Settings
    policy: Any  # ketenregie.config.Policy
    clipboard: Any = None  # ketenregie.ui.clipboard_guard.ClipboardGuard
    lock_manager: Any = None  # ketenregie.ui.lock_manager.LockManager (begin_operation/end_operation)
    extras: dict[str, Any] = field(default_factory=dict)


ViewFactory = Callable[[ViewContext], QWidget]


@dataclass(frozen=True)
class ViewSpec:
    key: str  # stable id, stored in Settings("last_view")
    title: str  # Dutch source text in translation context "Views" (mark it with QT_TRANSLATE_NOOP)
    factory: ViewFactory
    order: int = 100
    description: str = ""  # Dutch, context "Views": accessible description of the navigation entry
    placeholder: bool = False

    @property
    def display_title(self) -> str:
        return QCoreApplication.translate("Views", self.title)

    @property
    def display_description(self) -> str:
        return QCoreApplication.translate("Views", self.description) if self.description else ""


class ViewRegistry:
    """`loader` (optional) imports the view modules, which register themselves: it runs once, on the first
    question about the registry (`specs`, `get`, `keys`, `in`) or on `ensure_loaded()`. The main window builds
    its unlock screen from `loaded_specs()` (no import) and loads the views after the window is shown, so the
    app starts at once (issue 15 item 13)."""

    def __init__(self, loader: Callable[[], None] | None = None) -> None:
        self._specs: dict[str, ViewSpec] = {}
        self._loader = loader

    def ensure_loaded(self) -> bool:
        """Import the views now if that has not happened yet. Returns True when this call loaded them."""
        loader, self._loader = self._loader, None
        if loader is None:
            return False
        loader()
        return True

    @property
    def is_loaded(self) -> bool:
        return self._loader is None

    def loaded_spec(self, key: str) -> ViewSpec | None:
        """The spec registered for `key` so far (perhaps still a placeholder), without loading the views."""
        return self._specs.get(key)

    def loaded_specs(self) -> list[ViewSpec]:
        """The specs registered so far, without loading the views."""
        return sorted(self._specs.values(), key=lambda spec: (spec.order, spec.key))

    def register(self, spec: ViewSpec, *, replace: bool = False) -> ViewSpec:
        existing = self._specs.get(spec.key)
        if existing is not None and not (replace or existing.placeholder):
            raise ValueError(f"view {spec.key!r} is already registered")
        self._specs[spec.key] = spec
        return spec

    def unregister(self, key: str) -> None:
        self._specs.pop(key, None)

    def get(self, key: str) -> ViewSpec | None:
        self.ensure_loaded()
        return self._specs.get(key)

    def specs(self) -> list[ViewSpec]:
        self.ensure_loaded()
        return self.loaded_specs()

    def keys(self) -> list[str]:
        return [spec.key for spec in self.specs()]

    def __contains__(self, key: str) -> bool:
        self.ensure_loaded()
        return key in self._specs


VIEWS = ViewRegistry()


def register_view(key: str, title: str, *, order: int = 100, description: str = "",
                  registry: ViewRegistry | None = None) -> Callable[[ViewFactory], ViewFactory]:
    """Decorator form: `@register_view("caseload", QT_TRANSLATE_NOOP("Views", "Caseload"), order=10)`."""

    def decorate(factory: ViewFactory) -> ViewFactory:
        (registry or VIEWS).register(ViewSpec(key, title, factory, order, description))
        return factory

    return decorate
