"""GUI entry point and the factory tests use without `exec()`.

    run_gui(register_path=None, *, policy=None, settings=None, notice=None) -> exit code

No register at the path: the first-run wizard; otherwise the main window on its unlock screen. `build_gui(...)`
returns a started `GuiController` (windows shown, no event loop) with seams for tests: `session_events`, `clock`,
`kdf`, `check_interval_ms`, `views`.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (QCoreApplication, QLibraryInfo, QLocale, QLockFile, QObject, Qt, QTranslator,
                            Signal, Slot)
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from ketenregie import APP_NAME, ORG_NAME, __version__
from ketenregie.config import Policy, QSettingsBackend, Settings, load_policy
from ketenregie.paths import AppPaths, FolderNotUsable, ensure_private_dir
from ketenregie.resources import resource_path
from ketenregie.store.instance_lock import lock_path_for
from ketenregie.ui.background import wait_for_all
from ketenregie.ui.clipboard_guard import ClipboardGuard
from ketenregie.ui.first_paint import defer_until_shown
from ketenregie.ui.lock_manager import Clock, LockManager
from ketenregie.ui.main_window import MainWindow
from ketenregie.ui.session_events import DeferredSessionEvents, SessionEvents, create_session_events

if TYPE_CHECKING:
    from ketenregie.ui.views import ViewRegistry

UI_LANGUAGE = "nl"
log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None, *, conventions_after_first_paint: bool = False) -> QApplication:
    """The QApplication (created once), configured for Ketenregie. `conventions_after_first_paint`: the caller
    installs ui.conventions itself once its first window is painted (run_gui)."""
    app = QApplication.instance()
    if app is None:
        # HiDPI: Qt 6 always scales; pass fractional factors through (125 %, 150 % laptops) instead of rounding.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app._ketenregie_conventions_later = conventions_after_first_paint
    configure_application(app)
    return app


def configure_application(app: QCoreApplication, language: str = UI_LANGUAGE) -> None:
    """Names (QSettings location), Dutch locale and translations, window icon. The style and palette stay the
    system's, so light and dark mode are respected."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    if isinstance(app, QGuiApplication):
        app.setApplicationDisplayName(APP_NAME)
        app.setDesktopFileName("ketenregie")
        icon = resource_path("icons", "ketenregie.svg")
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    install_translations(app, language)
    if isinstance(app, QApplication) and not getattr(app, "_ketenregie_conventions_later", False):
        install_conventions(app)  # wheel never changes data; Tab leaves lists; focus visible; labels read by text


def messenger():
    from ketenregie.ui.messages import messenger as the_messenger  # noqa: PLC0415 - only when there is a message

    return the_messenger()


def install_conventions(app: QApplication) -> None:
    from ketenregie.ui.conventions import install_conventions as install  # noqa: PLC0415 - see run_gui

    install(app)


def install_translations(app: QCoreApplication, language: str = UI_LANGUAGE) -> list[str]:
    """Load Qt's own translations (standard buttons, dialogs) and ours for `language`. Returns what loaded."""
    if getattr(app, "_ketenregie_translators", None):
        return [t.objectName() for t in app._ketenregie_translators]
    loaded: list[QTranslator] = []
    from ketenregie.ui.qt_translations import EXTRA, qt_translations_dir  # noqa: PLC0415

    qt_dir = str(qt_translations_dir(language) or QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for name, folder in ((f"qtbase_{language}", qt_dir),
                         (f"{EXTRA}_{language}", str(resource_path("translations"))),  # what qtbase leaves English
                         (f"ketenregie_{language}", str(resource_path("translations")))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            translator.setObjectName(name)
            app.installTranslator(translator)
            loaded.append(translator)
    app._ketenregie_translators = loaded  # keep them alive as long as the application
    return [t.objectName() for t in loaded]


class GuiController(QObject):
    """Owns the long-lived pieces: lock manager, clipboard guard, session events, wizard, main window."""

    finished = Signal()  # the user is done (main window closed or first run cancelled): quit

    def __init__(self, register_path: Path, *, policy: Policy, settings: Settings, notice: str | None = None,
                 session_events: SessionEvents | None = None, clock: Clock | None = None, kdf=None,
                 check_interval_ms: int = 1000, views: ViewRegistry | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.register_path = Path(register_path)
        self.policy = policy
        self.settings = settings
        self.notice = notice
        self.kdf = kdf
        self.views = views
        self.session_events = session_events if session_events is not None else create_session_events(self)
        self.clipboard_guard = ClipboardGuard(policy, parent=self)
        self.lock_manager = LockManager(settings, clock=clock, session_events=self.session_events,
                                        clipboard_guard=self.clipboard_guard,
                                        check_interval_ms=check_interval_ms, parent=self)
        self.wizard = None  # FirstRunWizard, imported only on a first start
        self.main_window: MainWindow | None = None

    def register_exists(self) -> bool:
        from ketenregie.store.register_files import register_exists  # noqa: PLC0415 - light: paths only

        return register_exists(self.register_path)

    def start(self) -> QWidget:
        """Show the first-run wizard or the main window (locked). Returns the window shown. Half a register (an
        interrupted creation, a lost file) is named first and can be cleared (moved aside) right here."""
        notice = self._offer_to_clear_leftover()
        if notice is not None:
            return self.show_main_window(notice=notice)
        if self.register_exists():
            window = self.show_main_window()
            defer_until_shown(window, self.clean_leftovers)  # loads services.backup: after the window is shown
            return window
        from ketenregie.ui.wizard import FirstRunWizard  # noqa: PLC0415 - only on a first start

        self.wizard = FirstRunWizard(self.register_path, policy=self.policy, settings=self.settings, kdf=self.kdf,
                                     notice=self.notice)
        self.wizard.finished.connect(self._wizard_finished)
        self.wizard.show()
        return self.wizard

    def clean_leftovers(self) -> int:
        """At start: remove `.tmp-*` files a killed write (e.g. a backup) left behind, when no process has the
        register open. Never fatal: the app starts anyway."""
        from ketenregie.services.backup import clean_leftovers

        try:
            return clean_leftovers(self.register_path, self.policy)
        except OSError as exc:
            log.warning("leftover clean-up skipped (%s)", type(exc).__name__)
            return 0
    def _offer_to_clear_leftover(self) -> str | None:
        """None when there is no leftover (or it was cleared); else the message to keep showing."""
        from ketenregie.store.register_files import leftover_kind  # noqa: PLC0415 - light: the vault loads later

        if leftover_kind(self.register_path) is None:
            return None
        from ketenregie.services.register import LeftoverFound, RegisterError, clear_leftover  # noqa: PLC0415

        question = LeftoverFound.user_message + "\n\n" + QCoreApplication.translate(
            "App", "Wilt u de resten nu opzij zetten en een nieuw register maken?")
        if not messenger().question(None, APP_NAME, question):
            return LeftoverFound.user_message
        try:
            clear_leftover(self.register_path)
        except RegisterError as exc:
            messenger().warning(None, APP_NAME, exc.user_message)
            return exc.user_message
        except OSError:
            text = QCoreApplication.translate("App", "De resten konden niet opzij worden gezet. Er is niets "
                                                     "verwijderd.")
            messenger().warning(None, APP_NAME, text)
            return text
        return None

    def show_main_window(self, notice: str | None = None) -> MainWindow:
        if self.main_window is None:
            self.main_window = MainWindow(self.register_path, lock_manager=self.lock_manager, policy=self.policy,
                                          settings=self.settings, clipboard_guard=self.clipboard_guard,
                                          views=self.views, kdf=self.kdf,
                                          notice=notice if notice is not None else self.notice)
            self.main_window.closed.connect(self.finished)
            self.session_events.attach_window(self.main_window)
            # The views (and reportlab, pypdf, ...) load just after the unlock screen is on screen, while the
            # user types the passphrase; unlocking loads them at the latest.
            defer_until_shown(self.main_window, self.main_window.preload_views)
        self.main_window.show()
        return self.main_window

    @Slot(int)
    def _wizard_finished(self, result: int) -> None:
        wizard, self.wizard = self.wizard, None
        register = wizard.register if wizard is not None else None
        if wizard is not None:
            wizard.register = None
            wizard.deleteLater()
        if result and register is not None:
            window = self.show_main_window(notice="")
            self.lock_manager.unlock_with(register)
            window.activateWindow()
        else:
            self.finished.emit()

    def shutdown(self) -> None:
        """Quit: close the register, clear our clipboard text, disconnect from the OS."""
        if self.wizard is not None and self.wizard.register is not None:
            self.wizard.register.close("quit")
            self.wizard.register = None
        self.lock_manager.shutdown()
        self.session_events.close()


def build_gui(register_path: Path | None = None, *, policy: Policy | None = None, settings: Settings | None = None,
              notice: str | None = None, session_events: SessionEvents | None = None, clock: Clock | None = None,
              kdf=None, check_interval_ms: int = 1000, views: ViewRegistry | None = None) -> GuiController:
    """Create and start the GUI without entering the event loop (tests, and run_gui)."""
    create_application()
    policy = policy or load_policy()
    notice = _with_policy_notice(policy, notice)
    if settings is None:
        settings = Settings(policy, QSettingsBackend())
    path = Path(register_path) if register_path is not None else AppPaths.from_environment().default_register
    controller = GuiController(path, policy=policy, settings=settings, notice=notice,
                               session_events=session_events, clock=clock, kdf=kdf,
                               check_interval_ms=check_interval_ms, views=views)
    controller.start()
    return controller


def _with_policy_notice(policy: Policy, notice: str | None) -> str | None:
    """A policy that could not be read is shown at start (unlock screen or first-run wizard), not only by
    `ketenregie doctor`; the log says only that it happened (config.py logs the kind of problem)."""
    policy_notice = policy.user_notice()
    if not policy_notice:
        return notice
    logging.getLogger("ketenregie.ui").warning("policy problems at start: %d, strictest values used",
                                               sum(p.severity == "error" for p in policy.problems))
    text = QCoreApplication.translate("App", policy_notice)
    return f"{text}\n{notice}" if notice else text


def acquire_window_lock(register_path: Path) -> QLockFile | None:
    """One Ketenregie window per register: a second start gets a clear message instead of a second window
    (the register's own lock only guards the unlocked database). QLockFile recognises a lock left by a crash."""
    ensure_private_dir(register_path.parent)
    # The real file's lock: a symlink (or another spelling of the path) to the same register finds this lock too.
    lock = QLockFile(str(lock_path_for(register_path, ".window.lock")))
    return lock if lock.tryLock(0) else None


def run_gui(register_path: Path | None = None, *, policy: Policy | None = None, settings: Settings | None = None,
            notice: str | None = None) -> int:
    # The conventions' filter comes once the first window is painted (ui/conventions.py says why).
    app = create_application(sys.argv, conventions_after_first_paint=True)
    path = Path(register_path) if register_path is not None else AppPaths.from_environment().default_register
    try:
        window_lock = acquire_window_lock(path)
    except FolderNotUsable as exc:  # e.g. a read-only folder: say so in Dutch instead of crashing
        messenger().warning(None, APP_NAME, exc.user_message)
        return 1
    if window_lock is None:
        messenger().warning(None, APP_NAME, QCoreApplication.translate(
            "App", "Ketenregie is al geopend voor dit register, in een ander venster. Ga naar dat venster "
                   "(bijvoorbeeld met Alt+Tab)."))
        return 1
    # We quit explicitly (controller.finished): between the wizard closing and the main window opening there is a
    # moment without windows.
    app.setQuitOnLastWindowClosed(False)
    session_events = DeferredSessionEvents()  # connects to the OS after the first paint (a fast start)
    controller = build_gui(path, policy=policy, settings=settings, notice=notice, session_events=session_events)
    session_events.setParent(controller)
    defer_until_shown(controller.main_window or controller.wizard, lambda: install_conventions(app))
    defer_until_shown(controller.main_window or controller.wizard, session_events.connect_now)
    controller.finished.connect(app.quit)
    app.aboutToQuit.connect(controller.shutdown)  # also on logout / session end
    if os.environ.get("KETENREGIE_BENCH_QUIT_WHEN_SHOWN"):  # tests/benchmarks: time from start to first window
        from ketenregie.ui.first_paint import after_first_paint  # noqa: PLC0415

        def shown() -> None:
            import time  # noqa: PLC0415

            print(f"UNLOCK_WINDOW_SHOWN cpu_ms={time.process_time() * 1000:.1f}", flush=True)
            app.quit()

        after_first_paint(controller.main_window or controller.wizard, shown)  # shown and painted
    try:
        return app.exec()
    finally:
        controller.shutdown()
        wait_for_all()  # no worker outlives the application...
        QCoreApplication.sendPostedEvents()  # ...and a result that arrived late (an unlock) is closed again
        controller.shutdown()
        window_lock.unlock()
