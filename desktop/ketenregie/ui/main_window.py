"""The application shell: menu bar, navigation + stacked views, status bar, and the lock screen in the same window.

While locked the window shows only the unlock screen; no view (and no model with personal data) exists. On unlock
views are created from the registry (lazily, when first shown) and on lock they are destroyed — see
ketenregie.ui.views.registry for how later issues plug in views."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtGui, QtWidgets  # for the parts built after the first paint: their classes load then
from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from ketenregie import APP_NAME, __version__
from ketenregie.config import Policy, Settings
from ketenregie.ui.background import run_in_background
from ketenregie.ui.clipboard_guard import ClipboardGuard
from ketenregie.ui.errors import user_message
from ketenregie.ui.first_paint import defer_until_shown
from ketenregie.ui.lock_manager import LockManager
from ketenregie.ui.privacy_mode import EXTRAS_KEY as PRIVACY_KEY, PrivacyMode
from ketenregie.ui.screen_fit import fit_to_screen
from ketenregie.ui.unlock import UnlockWidget

if TYPE_CHECKING:
    from ketenregie.ui.views import ViewRegistry, ViewSpec

log = logging.getLogger(__name__)

translate = QCoreApplication.translate  # lupdate extracts translate("Context", "…")


def _themed_icon(name: str, widget: QWidget):
    from ketenregie.ui.icons import themed_icon  # noqa: PLC0415 - with Qt's SVG module, after the first paint

    return themed_icon(name, widget)


def messenger():
    from ketenregie.ui.messages import messenger as the_messenger  # noqa: PLC0415 - only when there is a message

    return the_messenger()


def name_qt_internals(root: QWidget) -> None:
    """ui.accessibility.name_qt_internals, loaded once the unlock screen is on screen (a fast start)."""
    from ketenregie.ui.accessibility import name_qt_internals as name  # noqa: PLC0415

    name(root)


# How long after an unlock the automatic backup starts (the first minute belongs to the user's work).
AUTO_BACKUP_DELAY_MS = 60_000
START_VIEW = "vandaag"
# Built by MainWindow.complete(), after the unlock screen's first paint.
_BUILT_AFTER_FIRST_PAINT = frozenset({
    "workspace", "nav_list", "view_stack", "toolbar", "lock_button", "team_menu", "view_group", "view_actions",
    "lock_action", "change_passphrase_action", "backup_action", "restore_action", "settings_action", "quit_action",
    "about_action", "privacy_action", "new_case_action", "search_action", "guide_action", "shortcuts_action",
    "auto_backup_timer", "ask_backup_folder", "_backup_running", "search_dialog", "registry", "_specs", "resume"})


class MainWindow(QMainWindow):
    closed = Signal()  # after the user closed the window (the register is closed by then)

    def __init__(self, register_path: Path, *, lock_manager: LockManager, policy: Policy, settings: Settings,
                 clipboard_guard: ClipboardGuard, views: ViewRegistry | None = None, kdf=None,
                 notice: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register_path = Path(register_path)
        self.lock_manager = lock_manager
        self.policy = policy
        self.settings = settings
        self.clipboard_guard = clipboard_guard
        self._given_views = views  # None: the application's registry (ui.views.VIEWS), loaded by complete()
        self.kdf = kdf
        self._views: dict[str, QWidget] = {}
        self._doomed: list[QWidget] = []  # destroyed views awaiting deleteLater
        # Issue 15: every start opens on Vandaag (the dashboard); after a lock within the session the user comes
        # back to the view they were in.
        self._started = False
        self._current_key = START_VIEW
        self.recovery_dialog = None  # RecoveryDialog (imported on first use: a fast start)
        self.change_passphrase_dialog = None  # ChangePassphraseDialog
        self.settings_dialog = None  # SettingsDialog
        self.renew_recovery_dialog = None  # ui.renew_recovery.RenewRecoveryDialog, loaded when needed
        self.restore_dialog = None  # ui.backup.restore_dialog.RestoreDialog while open
        self.auto_backup_task = None
        # Privacy mode (issue 3): one switch for every view; views get it in ViewContext.extras["privacy_mode"].
        self.privacy_mode = PrivacyMode(settings, self)

        self.setObjectName("MainWindow")
        self.setAccessibleName(APP_NAME)
        fit_to_screen(self, 1100, 720)
        # What the unlock screen shows is built now; the rest (complete()) once it is on screen — a fast start.
        self._completed = False
        self._build_pages(notice)
        self._build_menu_bar()
        self._build_status_bar()

        self.privacy_mode.changed.connect(self._on_privacy_changed)
        lock_manager.unlocked.connect(self._on_unlocked)
        lock_manager.aboutToLock.connect(self._drop_views)
        lock_manager.locked.connect(self._on_locked)
        clipboard_guard.countdownChanged.connect(self._on_clipboard_countdown)
        lock_manager.idleCountdown.connect(self._on_idle_countdown)
        self._show_locked("")
        defer_until_shown(self, self.complete)
        defer_until_shown(self, lambda: name_qt_internals(self))  # Qt's own parts: named once on screen

    def __getattr__(self, name: str):
        # A part built after the first paint that someone needs earlier (an unlock straight from the first-run
        # wizard, a test): build the rest now. Only for those names, so probing other attributes never does.
        if name in _BUILT_AFTER_FIRST_PAINT and not self.__dict__.get("_completed", True):
            self.complete()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def complete(self) -> None:
        """Build what the unlock screen does not show: the workspace (navigation, views), the actions, the menus'
        entries and the toolbar. Runs once, after the first paint or when first needed."""
        if self._completed:
            return
        self._completed = True
        if self._given_views is None:
            from ketenregie.ui.views import VIEWS  # noqa: PLC0415 - the registry; the views load in load_views
            self.registry = VIEWS
        else:
            self.registry = self._given_views
        # The views load after the unlock screen is shown (load_views): start with what is registered already.
        self._specs = self.registry.loaded_specs()
        from ketenregie.ui.resume import Resume  # noqa: PLC0415 - issue 15: where was I, no typed input lost at a lock
        # Connected after _on_unlocked: it runs once the views are back. (When an unlock is what builds all this —
        # the first-run wizard's new register — there is nothing to come back to at that unlock.)
        self.resume = Resume(self, self.lock_manager)
        self._build_workspace()
        self._build_actions()
        self._fill_menus()
        self._build_toolbar()
        if self.lock_manager.is_locked:
            self._disable_work_actions()

    # --- construction --------------------------------------------------------------------------------------------
    def _build_pages(self, notice: str | None) -> None:
        self.pages = QStackedWidget(self)
        self.pages.setAccessibleName(translate("MainWindow", "Ketenregie"))
        self.unlock_widget = UnlockWidget(self.register_path, policy=self.policy, settings=self.settings,
                                          parent=self.pages)
        self.unlock_widget.set_notice(notice or "")
        self.unlock_widget.unlocked.connect(self.lock_manager.unlock_with)
        self.unlock_widget.recoveryRequested.connect(self.open_recovery)
        self.pages.addWidget(self.unlock_widget)
        self.setCentralWidget(self.pages)

    def _build_workspace(self) -> None:
        self.workspace = QtWidgets.QSplitter(Qt.Orientation.Horizontal, self.pages)
        self.workspace.setAccessibleName(translate("MainWindow", "Werkruimte"))
        self.workspace.setChildrenCollapsible(False)
        self.nav_list = QtWidgets.QListWidget(self.workspace)
        self.nav_list.setAccessibleName(translate("MainWindow", "Navigatie"))
        self.nav_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Filled by load_views (the navigation is hidden while locked; its icons are not drawn before the unlock
        # screen is on screen).
        self.nav_list.currentRowChanged.connect(self._on_nav_row)
        self.view_stack = QStackedWidget(self.workspace)
        self.view_stack.setAccessibleName(translate("MainWindow", "Onderdeel"))
        self.workspace.addWidget(self.nav_list)
        self.workspace.addWidget(self.view_stack)
        self.workspace.setStretchFactor(0, 0)
        self.workspace.setStretchFactor(1, 1)
        self.workspace.setSizes([self.nav_list.width(), 10_000])  # the fixed-width navigation gets no spare room
        self.pages.addWidget(self.workspace)

    def _build_actions(self) -> None:
        self.lock_action = QtGui.QAction(translate("MainWindow", "&Vergrendelen"), self)
        self.lock_action.setShortcut(QtGui.QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_manager.lock_manually)
        self.lock_action.setIcon(_themed_icon("lock", self))  # the project's own set, follows the palette
        self.lock_action.setToolTip(translate("MainWindow", "Vergrendelen (Ctrl+L)"))
        self.change_passphrase_action = QtGui.QAction(translate("MainWindow", "&Wachtwoordzin wijzigen…"), self)
        self.change_passphrase_action.triggered.connect(self.open_change_passphrase)
        self.backup_action = QtGui.QAction(translate("MainWindow", "&Back-up maken…"), self)
        self.backup_action.setToolTip(translate("MainWindow", "Versleutelde kopie van het register en het "
                                                              "sleutelbestand maken"))
        self.backup_action.triggered.connect(self.make_backup)
        self._backup_running = False
        # Test seam: returns the chosen folder, or None when cancelled.
        self.ask_backup_folder = self._ask_backup_folder
        self.restore_action = QtGui.QAction(translate("MainWindow", "Back-up &terugzetten…"), self)
        self.restore_action.setToolTip(translate("MainWindow", "Een back-up controleren en in plaats van het "
                                                               "huidige register zetten (dat wordt apart gezet)"))
        self.restore_action.triggered.connect(self.open_restore)
        # Automatic backup (services/backup.py): this long after an unlock, off the UI thread, at most once a day.
        self.auto_backup_timer = QTimer(self)
        self.auto_backup_timer.setSingleShot(True)
        self.auto_backup_timer.setInterval(AUTO_BACKUP_DELAY_MS)
        self.auto_backup_timer.timeout.connect(self.run_automatic_backup)
        self.settings_action = QtGui.QAction(translate("MainWindow", "&Instellingen…"), self)
        self.settings_action.setShortcut(QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Preferences))
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = QtGui.QAction(translate("MainWindow", "&Afsluiten"), self)
        self.quit_action.setShortcut(QtGui.QKeySequence("Ctrl+Q"))
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action.setMenuRole(QtGui.QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.about_action = QtGui.QAction(translate("MainWindow", "&Over Ketenregie"), self)
        self.about_action.setMenuRole(QtGui.QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.privacy_action = QtGui.QAction(translate("MainWindow", "&Presentatiemodus (alleen initialen)"), self)
        self.privacy_action.setCheckable(True)
        self.privacy_action.setChecked(self.privacy_mode.enabled)
        self.privacy_action.setShortcut(QtGui.QKeySequence("Ctrl+Shift+P"))
        self.privacy_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.privacy_action.setToolTip(translate("MainWindow", "Presentatiemodus: toon overal alleen initialen, "
                                                               "voor scherm delen (Ctrl+Shift+P)"))
        self.privacy_action.toggled.connect(self.privacy_mode.set_enabled)
        # Issue 15: Ctrl+N and Ctrl+F work from every view; Help lists the shortcuts and shows the user guide.
        self.new_case_action = QtGui.QAction(translate("MainWindow", "Nieuwe &hulpvraag…"), self)
        self.new_case_action.setShortcut(QtGui.QKeySequence("Ctrl+N"))
        self.new_case_action.setToolTip(translate("MainWindow", "Een nieuwe hulpvraag registreren (Ctrl+N)"))
        self.new_case_action.triggered.connect(self.new_case)
        self.new_case_action.setIcon(_themed_icon("new-case", self))
        self.search_action = QtGui.QAction(translate("MainWindow", "&Zoeken…"), self)
        self.search_action.setShortcut(QtGui.QKeySequence("Ctrl+F"))
        self.search_action.setToolTip(translate("MainWindow", "Zoeken in casussen en overleggen (Ctrl+F)"))
        self.search_action.triggered.connect(self.open_search)
        self.search_action.setIcon(_themed_icon("search", self))
        self.guide_action = QtGui.QAction(translate("MainWindow", "&Gebruikershandleiding"), self)
        self.guide_action.setShortcut(QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.HelpContents))
        self.guide_action.triggered.connect(self.open_guide)
        self.shortcuts_action = QtGui.QAction(translate("MainWindow", "&Sneltoetsen"), self)
        self.shortcuts_action.setShortcut(QtGui.QKeySequence("Ctrl+/"))
        self.shortcuts_action.triggered.connect(self.open_shortcuts)
        self.search_dialog = None
        self.view_group = QtGui.QActionGroup(self)
        self.view_group.setExclusive(True)
        self.view_actions: dict[str, QtGui.QAction] = {}
        self._build_view_actions()

    def _fill_navigation(self) -> None:
        """The navigation entries, one per view spec (again after the views are loaded)."""
        self.nav_list.blockSignals(True)
        self.nav_list.clear()
        shortcuts = min(9, len(self._specs))
        self.nav_list.setAccessibleDescription(translate(
            "MainWindow", "Kies een onderdeel. Sneltoetsen: Ctrl+1 tot en met Ctrl+%n.", None, shortcuts))
        for spec in self._specs:
            item = QtWidgets.QListWidgetItem(spec.display_title, self.nav_list)
            item.setIcon(_themed_icon(spec.key, self.nav_list))  # one icon set (resources/icons/nav)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, spec.display_description)
        # As wide as the longest entry, never a horizontal scroll bar.
        widest = max((self.nav_list.fontMetrics().horizontalAdvance(spec.display_title) for spec in self._specs),
                     default=120)
        self.nav_list.setIconSize(QSize(20, 20))
        self.nav_list.setFixedWidth(min(widest + 40 + 28, 280))
        self.nav_list.blockSignals(False)

    def _build_view_actions(self) -> None:
        for action in self.view_actions.values():
            self.view_group.removeAction(action)
            action.deleteLater()
        self.view_actions = {}
        enabled = not self.lock_manager.is_locked
        for position, spec in enumerate(self._specs, start=1):
            action = QtGui.QAction(spec.display_title, self)
            action.setCheckable(True)
            action.setData(spec.key)
            if position <= 9:
                action.setShortcut(QtGui.QKeySequence(f"Ctrl+{position}"))
            action.triggered.connect(self._on_view_action)
            action.setEnabled(enabled)
            self.view_group.addAction(action)
            self.view_actions[spec.key] = action

    def preload_views(self) -> None:
        """While the passphrase is typed: load the views now, so the unlock does not wait for them. (Once unlocked,
        the start view came first and loads the others itself.)"""
        if self.lock_manager.is_locked:
            self.load_views()

    def load_views(self) -> None:
        """Import the views (after the unlock screen is shown, or at unlock at the latest) and rebuild the
        navigation and the Beeld menu from the complete registry."""
        self.complete()
        self.registry.ensure_loaded()
        self.team_menu.load_team_code()  # the unlock's purge of expired cover copies uses it (not the first view)
        specs = self.registry.loaded_specs()
        if [s.key for s in specs] == [s.key for s in self._specs] and all(
                a is b for a, b in zip(specs, self._specs, strict=True)):
            if self.nav_list.count() != len(specs):
                self._fill_navigation()
            return
        self._specs = specs
        self._fill_navigation()
        old = list(self.view_actions.values())
        self._build_view_actions()
        for action in old:
            self.view_menu.removeAction(action)
        first = self.view_menu.actions()[0] if self.view_menu.actions() else None
        for action in self.view_actions.values():
            self.view_menu.insertAction(first, action)

    def _build_menu_bar(self) -> None:
        """The menu bar with its three menus, empty until complete() fills them (a menu opened before that fills
        them first)."""
        bar = self.menuBar()
        bar.setAccessibleName(translate("MainWindow", "Menubalk"))
        self.file_menu = bar.addMenu(translate("MainWindow", "&Bestand"))
        self.view_menu = bar.addMenu(translate("MainWindow", "Bee&ld"))
        self.help_menu = bar.addMenu(translate("MainWindow", "&Help"))
        for menu in (self.file_menu, self.view_menu, self.help_menu):
            menu.aboutToShow.connect(self.complete)

    def _fill_menus(self) -> None:
        file_menu = self.file_menu
        file_menu.addAction(self.new_case_action)
        file_menu.addAction(self.search_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.change_passphrase_action)
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addAction(self.settings_action)
        from ketenregie.ui.team.menu import TeamMenu  # issue 14: Mijn teamkaart, Collega's, Bundel inlezen
        self.team_menu = TeamMenu(self, file_menu, self.lock_manager)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = self.view_menu
        for action in self.view_actions.values():
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.privacy_action)
        help_menu = self.help_menu
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        """The work actions. Hidden while locked: none of them can be used then."""
        self.toolbar = self.addToolBar(translate("MainWindow", "Werkbalk"))
        self.toolbar.setObjectName("mainToolBar")
        self.toolbar.setAccessibleName(translate("MainWindow", "Werkbalk"))
        self.toolbar.setMovable(False)
        self.toolbar.addAction(self.new_case_action)
        self.toolbar.addAction(self.search_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.lock_action)
        self.lock_button = self.toolbar.widgetForAction(self.lock_action)
        # An icon-only button: screen readers need its name.
        self.lock_button.setAccessibleName(translate("MainWindow", "Vergrendelen"))

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setAccessibleName(translate("MainWindow", "Statusbalk"))
        self.clipboard_label = QLabel(self)
        self.clipboard_label.setAccessibleName(translate("MainWindow", "Klembord"))
        self.lock_state_label = QLabel(self)
        self.lock_state_label.setAccessibleName(translate("MainWindow", "Vergrendelstatus"))
        self.register_label = QLabel(self)
        self.register_label.setAccessibleName(translate("MainWindow", "Register"))
        self.idle_label = QLabel(self)  # the one-minute countdown before an idle lock
        self.idle_label.setVisible(False)
        self.privacy_label = QLabel(self)
        self.privacy_label.setAccessibleName(translate("MainWindow", "Presentatiemodus"))
        self.backup_label = QLabel(self)
        self.backup_label.setAccessibleName(translate("MainWindow", "Laatste back-up"))
        self.backup_label.setText(translate("MainWindow", "Laatste back-up: zichtbaar na ontgrendelen"))
        status.addWidget(self.clipboard_label, 1)
        status.addPermanentWidget(self.backup_label)
        status.addPermanentWidget(self.idle_label)
        status.addPermanentWidget(self.privacy_label)
        status.addPermanentWidget(self.lock_state_label)
        status.addPermanentWidget(self.register_label)
        name = self.unlock_widget.ui.registerLabel.text()
        self.register_label.setText(name)
        self._show_privacy_state(self.privacy_mode.enabled)
        self.setWindowTitle(APP_NAME)

    # --- views -----------------------------------------------------------------------------------------------------
    @property
    def current_view_key(self) -> str:
        return self._current_key

    def view(self, key: str) -> QWidget | None:
        """The live view widget for `key` (None while locked or not yet shown)."""
        return self._views.get(key)

    def show_view(self, key: str) -> None:
        if self.lock_manager.is_locked:
            return
        widget = self._views.get(key)  # a live view needs no registry (which would load every view)
        if widget is None:
            if key not in self.registry:
                return
            widget = self._create_view(self.registry.get(key))
        self.view_stack.setCurrentWidget(widget)
        self._current_key = key
        self.settings.set("last_view", key)
        self._select_in_navigation(key)

    def _select_in_navigation(self, key: str) -> None:
        row = [spec.key for spec in self._specs].index(key) if key in self.view_actions else -1
        if row >= 0 and self.nav_list.currentRow() != row:
            self.nav_list.blockSignals(True)
            self.nav_list.setCurrentRow(row)
            self.nav_list.blockSignals(False)
        if key in self.view_actions:
            self.view_actions[key].setChecked(True)

    def _create_view(self, spec: ViewSpec) -> QWidget:
        from ketenregie.ui.views import ViewContext  # noqa: PLC0415 - loaded by complete() already
        from ketenregie.ui.views.placeholders import PlaceholderView  # noqa: PLC0415

        context = ViewContext(register=self.lock_manager.register, settings=self.settings, policy=self.policy,
                              clipboard=self.clipboard_guard, lock_manager=self.lock_manager,
                              extras={PRIVACY_KEY: self.privacy_mode})
        try:
            widget = spec.factory(context)
        except Exception as exc:  # noqa: BLE001 - one broken view must not break unlocking; never show its text
            log.error("view %s could not be built (%s)", spec.key, type(exc).__name__)
            widget = PlaceholderView(spec.display_title, translate(
                "MainWindow", "Dit onderdeel kon niet worden geopend. Vergrendel en ontgrendel Ketenregie om het "
                              "opnieuw te proberen; lukt het dan nog niet, neem contact op met uw IT-afdeling."))
        counted = getattr(widget, "navCountChanged", None)
        if counted is not None:  # a view that counts what needs attention: "Vandaag (22)" in the navigation
            counted.connect(lambda count, key=spec.key: self.set_nav_count(key, count))
        widget.setObjectName(f"view_{spec.key}")
        if not widget.accessibleName():
            widget.setAccessibleName(spec.display_title)
        self.view_stack.addWidget(widget)
        self._views[spec.key] = widget
        name_qt_internals(widget)
        self.resume.view_created(spec.key, widget)  # back where it was before a lock (ids only)
        return widget

    def live_views(self) -> dict[str, QWidget]:
        """The views built since the unlock (key -> widget)."""
        return dict(self._views)

    def ensure_view(self, key: str) -> QWidget | None:
        """The live view for `key`, built now if needed (not switched to); None while locked or unknown."""
        if self.lock_manager.is_locked or key not in self.registry:
            return None
        return self._views.get(key) or self._create_view(self.registry.get(key))

    def set_nav_count(self, key: str, count: int | None) -> None:
        """Show a count after a navigation entry ("Vandaag (22)"); None or 0 shows the title alone."""
        for row in range(self.nav_list.count()):
            item = self.nav_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                spec = self.registry.loaded_spec(key)  # never loads the views (see _show_start_view_first)
                title = spec.display_title if spec is not None else item.text()
                item.setText(f"{title} ({count})" if count else title)
                widest = max(self.nav_list.fontMetrics().horizontalAdvance(self.nav_list.item(r).text())
                             for r in range(self.nav_list.count()))
                self.nav_list.setFixedWidth(min(max(self.nav_list.width(), widest + 40), 260))

    # --- privacy mode (issue 3) ------------------------------------------------------------------------------------
    def _show_privacy_state(self, enabled: bool) -> None:
        self.privacy_label.setText(translate("MainWindow", "Presentatiemodus aan: alleen initialen")
                                   if enabled else translate("MainWindow", "Presentatiemodus uit"))
        self.privacy_label.setToolTip(translate("MainWindow", "Aan- en uitzetten met Ctrl+Shift+P (menu Beeld)"))

    @Slot(bool)
    def _on_privacy_changed(self, enabled: bool) -> None:
        """Views that can re-render implement set_privacy_mode and listen to the service themselves; any other live
        view (placeholders aside) is rebuilt, so it reads the setting afresh. Drafts a view keeps in the register
        survive; a view with unsaved input should implement set_privacy_mode instead."""
        from ketenregie.ui.views.placeholders import PlaceholderView  # noqa: PLC0415 - loaded with the registry

        if self.privacy_action.isChecked() != enabled:
            self.privacy_action.setChecked(enabled)
        self._show_privacy_state(enabled)
        current = self._current_key
        for key, widget in list(self._views.items()):
            if hasattr(widget, "set_privacy_mode") or isinstance(widget, PlaceholderView):
                continue
            release = getattr(widget, "release", None)
            if callable(release):
                release()
            self.view_stack.removeWidget(widget)
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
            del self._views[key]
            if key == current and not self.lock_manager.is_locked:
                self.show_view(key)

    @Slot(int)
    def _on_nav_row(self, row: int) -> None:
        if 0 <= row < len(self._specs):
            self.show_view(self._specs[row].key)

    @Slot()
    def _on_view_action(self) -> None:
        action = self.sender()
        if isinstance(action, QtGui.QAction):
            self.show_view(str(action.data()))

    @Slot(str)
    def _drop_views(self, _reason: str) -> None:
        """aboutToLock: destroy every view (and with it every model holding personal data) right now. (The lock
        manager has closed every dialog already.)"""
        if not self._completed:  # locked before anything but the unlock screen was built: no view exists
            return
        for key, widget in list(self._views.items()):
            release = getattr(widget, "release", None)
            if callable(release):
                release()
            self.view_stack.removeWidget(widget)
            widget.hide()
            widget.setParent(None)  # out of the window's tree at once...
            widget.deleteLater()  # ...and destroyed when control returns to the event loop
            self._doomed.append(widget)
            del self._views[key]
        self._show_locked("")

    # --- lock / unlock -----------------------------------------------------------------------------------------
    @Slot(object)
    def _on_unlocked(self, register) -> None:
        self.complete()
        views_loaded = self.registry.is_loaded  # normally: loaded right after the unlock screen appeared
        if views_loaded:
            self.load_views()
        self._doomed.clear()
        self.pages.setCurrentWidget(self.workspace)
        self.lock_state_label.setText(translate("MainWindow", "Ontgrendeld"))
        name = register.files.display_name
        self.register_label.setText(translate("MainWindow", "Register: {name}").format(name=name))
        self.setWindowTitle(f"{APP_NAME} – {name}")
        if register.notices:  # e.g. "3 mislukte pogingen sinds …" (the register layer counts them)
            self.statusBar().showMessage(" ".join(register.notices))
        if "recovery" in register.damaged_slots:
            self.offer_new_recovery_code(register)
        for action in (self.lock_action, self.change_passphrase_action, self.backup_action, self.new_case_action,
                       self.search_action, *self.view_actions.values()):
            action.setEnabled(True)
        self.nav_list.setEnabled(True)
        self.toolbar.setVisible(True)
        self.show_last_backup()
        self.auto_backup_timer.start()
        key = self._current_key if self._started else START_VIEW
        self._started = True
        if views_loaded:
            self.show_view(key if key in self.registry else self._specs[0].key)
        else:
            self._show_start_view_first()
        if self.view_stack.currentWidget() is not None:
            self.nav_list.setFocus()

    def _show_start_view_first(self) -> None:
        """An unlock before the views loaded (a cold start; the first-run wizard): import and show the start view
        alone, and the other views (with reportlab, pypdf, openpyxl: ~0.5 s) once it has shown its data — the first
        view after an unlock never waits for the others (issue 15 item 13)."""
        from ketenregie.ui.views import load_start_view  # noqa: PLC0415

        load_start_view()
        self._specs = self.registry.loaded_specs()
        self._fill_navigation()
        widget = self._create_view(self.registry.loaded_spec(START_VIEW))
        self.view_stack.setCurrentWidget(widget)
        self._current_key = START_VIEW
        self.settings.set("last_view", START_VIEW)
        self._select_in_navigation(START_VIEW)

        def load_the_rest() -> None:
            if self.registry.is_loaded:
                return
            if self._views.get(START_VIEW) is widget:
                widget.repaint()  # its data is on screen before the UI thread imports the others
            self.load_views()
            self._select_in_navigation(self._current_key)

        data_shown = getattr(widget, "loaded", None)  # a view that reads its data in the background says when
        is_loaded = getattr(widget, "is_loaded", True)
        if data_shown is not None and not (is_loaded() if callable(is_loaded) else is_loaded):
            data_shown.connect(lambda: QTimer.singleShot(0, self, load_the_rest))
        else:
            defer_until_shown(widget, load_the_rest)

    @Slot(str, str)
    def _on_locked(self, _reason: str, message: str) -> None:
        self._show_locked(message)

    def _show_locked(self, message: str) -> None:
        self.pages.setCurrentWidget(self.unlock_widget)
        self.lock_state_label.setText(translate("MainWindow", "Vergrendeld"))
        if self._completed:
            self._disable_work_actions()
        if message:
            self.unlock_widget.set_reason(message)
        self.unlock_widget.reset()

    def _disable_work_actions(self) -> None:
        self.auto_backup_timer.stop()
        for action in (self.lock_action, self.change_passphrase_action, self.backup_action, self.new_case_action,
                       self.search_action, *self.view_actions.values()):
            action.setEnabled(False)
        self.nav_list.setEnabled(False)
        self.toolbar.setVisible(False)

    # --- dialogs -----------------------------------------------------------------------------------------------
    @Slot()
    def open_recovery(self) -> None:
        if not self.lock_manager.is_locked:
            return
        from ketenregie.ui.recovery import RecoveryDialog  # noqa: PLC0415

        dialog = RecoveryDialog(self.register_path, policy=self.policy, settings=self.settings, kdf=self.kdf,
                                parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recovered.connect(self.lock_manager.unlock_with)
        dialog.finished.connect(self._dialog_finished)
        self.recovery_dialog = dialog
        dialog.open()

    def offer_new_recovery_code(self, register) -> None:
        """The recovery part of the key file is damaged: the passphrase works, the recovery code does not."""
        from ketenregie.ui.renew_recovery import RenewRecoveryDialog

        question = translate("MainWindow", "Het deel van het sleutelbestand voor de herstelcode is beschadigd: uw "
                                           "herstelcode werkt nu niet. Nu een nieuwe herstelcode maken?")
        if not messenger().question(self, APP_NAME, question, default_yes=True):
            return
        dialog = RenewRecoveryDialog(register, lock_manager=self.lock_manager, kdf=self.kdf, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "renew_recovery_dialog", None))
        self.renew_recovery_dialog = dialog
        dialog.open()

    @Slot(int)
    def _dialog_finished(self, _result: int) -> None:
        """Forget a dialog once it closed (they delete themselves on close)."""
        sender = self.sender()
        for attribute in ("recovery_dialog", "change_passphrase_dialog", "settings_dialog"):
            if getattr(self, attribute) is sender:
                setattr(self, attribute, None)

    @Slot()
    def open_change_passphrase(self) -> None:
        register = self.lock_manager.register
        if register is None:
            return
        from ketenregie.ui.change_passphrase import ChangePassphraseDialog  # noqa: PLC0415

        dialog = ChangePassphraseDialog(register, policy=self.policy, lock_manager=self.lock_manager,
                                        kdf=self.kdf, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._dialog_finished)
        self.change_passphrase_dialog = dialog
        dialog.open()

    def _ask_backup_folder(self, proposal: Path) -> Path | None:
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - on first use, not at start

        folder = QFileDialog.getExistingDirectory(self, translate("MainWindow", "Map voor de back-up"),
                                                  str(proposal))
        return Path(folder) if folder else None

    @Slot()
    def make_backup(self):
        """Copy the encrypted register off the UI thread; a lock meanwhile waits for the copy. Returns the task."""
        register = self.lock_manager.register
        if register is None or self._backup_running:
            return None
        folder = self.ask_backup_folder(register.files.backup_dir)
        if folder is None:
            return None
        self._backup_running = True
        self.backup_action.setEnabled(False)
        self.lock_manager.begin_operation()
        task = run_in_background(register.backup, folder, on_success=self._backup_done,
                                 on_failure=self._backup_failed)
        task.finished.connect(self.lock_manager.end_operation)
        task.finished.connect(self._backup_finished)
        return task

    @Slot(object)
    def _backup_done(self, target: Path) -> None:
        self.show_last_backup()
        messenger().information(self, translate("MainWindow", "Back-up gemaakt"), translate(
            "MainWindow", "De back-up staat in {folder} als {name} (met het sleutelbestand ernaast). Hij is "
                          "versleuteld en opent met de wachtwoordzin of herstelcode van nu.").format(
            folder=target.parent, name=target.name))

    @Slot(object)
    def _backup_failed(self, exc: BaseException) -> None:
        messenger().warning(self, translate("MainWindow", "Back-up mislukt"),
                            translate("MainWindow", "De back-up kon niet worden gemaakt. Kies een andere map en "
                                                    "probeer het opnieuw.") if isinstance(exc, OSError)
                            else user_message(exc, "making a backup"))

    @Slot()
    def _backup_finished(self) -> None:
        self._backup_running = False
        self.backup_action.setEnabled(not self.lock_manager.is_locked)

    # --- automatic backups and restore (issue 10 item 13) -------------------------------------------------------
    @Slot()
    def run_automatic_backup(self):
        """Clean leftovers, take today's backup if there is none, rotate — off the UI thread; a lock meanwhile
        waits for it. Returns the task (None when locked or already running)."""
        register = self.lock_manager.register
        if register is None or self.auto_backup_task is not None:
            return None
        from ketenregie.services.backup import automatic_backup  # load late

        self.lock_manager.begin_operation()
        task = run_in_background(automatic_backup, register, on_failure=self._auto_backup_failed)
        task.finished.connect(self.lock_manager.end_operation)
        task.finished.connect(self._auto_backup_finished)
        self.auto_backup_task = task
        return task

    @Slot(object)
    def _auto_backup_failed(self, exc: BaseException) -> None:
        log.error("automatic backup failed (%s)", type(exc).__name__)  # the kind only, never content
        self.backup_label.setText(translate("MainWindow", "Automatische back-up mislukt"))
        self.backup_label.setToolTip(translate(
            "MainWindow", "De automatische back-up van vandaag is mislukt. Maak er een met Bestand > Back-up maken, "
                          "of vraag uw IT-afdeling de back-upmap na te kijken."))

    @Slot()
    def _auto_backup_finished(self) -> None:
        failed = self.backup_label.text() == translate("MainWindow", "Automatische back-up mislukt")
        self.auto_backup_task = None
        if not failed:
            self.show_last_backup()

    def show_last_backup(self) -> None:
        """Status bar: the date of the newest good backup in the backup folder."""
        from ketenregie.services.backup import last_backup  # load late

        try:
            taken = last_backup(self.register_path, self.policy)
        except OSError:
            taken = None
        if taken is None:
            self.backup_label.setText(translate("MainWindow", "Nog geen back-up"))
        else:
            self.backup_label.setText(translate("MainWindow", "Laatste back-up: {when}").format(
                when=taken.astimezone().strftime("%d-%m-%Y %H:%M")))
        self.backup_label.setToolTip(translate("MainWindow", "De nieuwste goede (gecontroleerde) back-up in de "
                                                             "back-upmap. Back-ups worden automatisch gemaakt en "
                                                             "opgeruimd volgens het beleid."))

    @Slot()
    def open_restore(self):
        """Bestand → Back-up terugzetten. While unlocked, the register is locked first (after a question)."""
        if self.restore_dialog is not None:
            return self.restore_dialog
        if not self.lock_manager.is_locked:
            if not messenger().question(self, translate("MainWindow", "Back-up terugzetten"), translate(
                    "MainWindow", "Om een back-up terug te zetten wordt het register eerst vergrendeld. "
                                  "Doorgaan?")):
                return None
            self.lock_manager.lock("manual")
        from ketenregie.services.backup import backup_place
        from ketenregie.ui.backup.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.register_path, policy=self.policy,
                               proposal=backup_place(self.register_path, self.policy).folder, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(self._restored)
        dialog.finished.connect(self._restore_dialog_finished)
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    @Slot(object)
    def _restored(self, register) -> None:
        dialog = self.restore_dialog
        aside = [path.name for path in (dialog.set_aside if dialog is not None else [])]
        self.lock_manager.unlock_with(register)
        text = translate("MainWindow", "De back-up is gecontroleerd en teruggezet. Het register opent voortaan met "
                                       "de wachtwoordzin van de back-up.")
        if aside:
            text += "\n\n" + translate("MainWindow", "Het vorige register staat apart (niet verwijderd) in {folder}:"
                                        ).format(folder=self.register_path.parent) + "\n" + "\n".join(aside)
        messenger().information(self, translate("MainWindow", "Back-up teruggezet"), text)

    @Slot(int)
    def _restore_dialog_finished(self, _result: int) -> None:
        self.restore_dialog = None

    @Slot()
    def open_settings(self) -> None:
        from ketenregie.ui.settings_dialog import SettingsDialog  # noqa: PLC0415

        dialog = SettingsDialog(self.settings, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._dialog_finished)
        self.settings_dialog = dialog
        dialog.open()

    def _context(self):
        from ketenregie.ui.views import ViewContext  # noqa: PLC0415 - loaded by complete() already

        return ViewContext(register=self.lock_manager.register, settings=self.settings, policy=self.policy,
                           clipboard=self.clipboard_guard, lock_manager=self.lock_manager,
                           extras={PRIVACY_KEY: self.privacy_mode})

    @Slot()
    def new_case(self):
        """Ctrl+N from any view: the new-help-request form of the caseload (created if needed, not switched to:
        the user stays where they were). Returns the dialog, None while locked."""
        if self.lock_manager.is_locked or "caseload" not in self.registry:
            return None
        caseload = self._views.get("caseload") or self._create_view(self.registry.get("caseload"))
        new_case = getattr(caseload, "new_case", None)
        return new_case() if callable(new_case) else None

    @Slot()
    def open_search(self):
        """Ctrl+F from any view: one search over cases, meetings and every registered provider. The dialog
        belongs to the current view, so a lock destroys it with the view. Returns the dialog."""
        if self.lock_manager.is_locked:
            return None
        from ketenregie.ui.search import SEARCH  # noqa: PLC0415 - loaded on first use
        from ketenregie.ui.search.dialog import SearchDialog  # noqa: PLC0415

        if self.search_dialog is not None:
            self.search_dialog.close()
        owner = self.view_stack.currentWidget() or self
        dialog = SearchDialog(self._context(), self._open_search_hit, privacy_mode=self.privacy_mode.enabled,
                              registry=SEARCH, parent=owner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._search_dialog_gone)
        self.search_dialog = dialog
        dialog.show()
        dialog.activateWindow()
        return dialog

    @Slot()
    def _search_dialog_gone(self) -> None:
        self.search_dialog = None

    def _open_search_hit(self, hit) -> None:
        from ketenregie.ui.search import SEARCH  # noqa: PLC0415

        provider = SEARCH.get(hit.provider)
        if provider is not None and not self.lock_manager.is_locked:
            provider.open(self, hit)

    def shortcut_actions(self) -> list[QtGui.QAction]:
        return [self.new_case_action, self.search_action, self.lock_action, self.settings_action, self.quit_action,
                *self.view_actions.values(), self.privacy_action, self.guide_action, self.shortcuts_action]

    @Slot()
    def open_shortcuts(self):
        from ketenregie.ui.help import ShortcutsDialog  # noqa: PLC0415

        dialog = ShortcutsDialog(self.shortcut_actions(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    @Slot()
    def open_guide(self):
        from ketenregie.ui.help import GuideDialog  # noqa: PLC0415

        dialog = GuideDialog(parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    @Slot()
    def show_about(self) -> None:
        import html  # noqa: PLC0415 - loaded on first use, not at start

        messenger().about(self, translate("MainWindow", "Over Ketenregie"), translate("MainWindow",
            "<h3>Ketenregie {version}</h3><p>Casusregister voor de ketenregisseur schuldhulpverlening.</p>"
            "<p>Alle gegevens staan versleuteld op deze computer en gaan nergens anders heen.</p>"
            "<p>Licentie: EUPL-1.2</p>").format(version=__version__) + "<p>" + html.escape(self.backup_label.text())
            + "</p>")

    # --- status bar ---------------------------------------------------------------------------------------------
    @Slot(int)
    def _on_clipboard_countdown(self, seconds: int) -> None:
        if seconds > 0:
            self.clipboard_label.setText(translate(
                "MainWindow", "Gekopieerd; het klembord wordt over %n seconden gewist.", None, seconds))
        else:
            self.clipboard_label.setText("")

    @Slot(int)
    def _on_idle_countdown(self, seconds: int) -> None:
        """A visible warning one minute before the idle lock; any input ends it."""
        if seconds < 0:
            self.idle_label.setVisible(False)
            self.idle_label.setText("")
            return
        text = translate("MainWindow", "Ketenregie vergrendelt over %n seconden. Beweeg de muis of typ om door te "
                                       "werken.", None, seconds)
        self.idle_label.setText(text)
        font = self.idle_label.font()
        font.setBold(True)
        self.idle_label.setFont(font)
        self.idle_label.setVisible(True)
        if seconds in (60, 30, 10):  # screen readers hear it a few times, not every second
            from ketenregie.ui.accessibility import announce  # noqa: PLC0415
            announce(self.idle_label)

    # --- quit -----------------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._current_key:
            self.settings.set("last_view", self._current_key)
        self.lock_manager.shutdown()
        event.accept()
        self.closed.emit()
