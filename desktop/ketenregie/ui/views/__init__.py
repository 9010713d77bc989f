"""Views of the main window and their registry (see registry.py). The built-in views are imported late: on the
first question about `VIEWS`, or when the main window loads them right after showing the unlock screen (issue 15
item 13: start at once). A later issue adds its module to `VIEW_MODULES` below."""
import gc
from importlib import import_module

from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewRegistry, ViewSpec, register_view
from ketenregie.ui.views import placeholders as _placeholders  # noqa: F401  (registers placeholders: light)

VIEW_MODULES = (
    "ketenregie.ui.views.audit_log",  # the audit log
    "ketenregie.ui.meetings.view",  # issue 6: casuïstiekoverleg, replaces placeholder
    "ketenregie.ui.conversations.view",  # issue 5: gesprekken, replaces placeholder
    "ketenregie.ui.letters.view",  # issue 4: verwijsbrieven, replaces placeholder
    "ketenregie.ui.partners.view",  # issue 4: partnerlijst
    "ketenregie.ui.caseload.view",  # issue 3: caseload, replaces placeholder
    "ketenregie.ui.privacy.view",  # the privacy catalogue, replaces placeholder
    "ketenregie.ui.today.view",  # issue 3: Vandaag, first view
    "ketenregie.ui.retention.view",  # bewaartermijnen: retention purge
    "ketenregie.ui.signals.view",  # issue 12: vroegsignalering
    "ketenregie.ui.monitor.view",  # issue 13: monitor
)

# The first view after an unlock, importable on its own: an unlock that comes before the views have loaded (a cold
# start, or the first-run wizard) shows this one first and imports the rest once it has shown its data.
START_VIEW_MODULE = "ketenregie.ui.today.view"


def load_start_view() -> None:
    import_module(START_VIEW_MODULE)


def load_views() -> None:
    """Import every view module (each registers its view in VIEWS).

    Then everything loaded so far (modules, classes, Qt wrappers: ~100,000 objects that live as long as the
    process) is moved out of the cyclic garbage collector's reach (gc.freeze). Otherwise the first full
    collection after unlock walks all of it — ~50 ms, on whichever thread allocates at that moment, typically
    Vandaag's first read (issue 15 item 13). Reference counting still frees these objects as before."""
    for module in VIEW_MODULES:
        import_module(module)
    gc.freeze()


VIEWS._loader = load_views  # noqa: SLF001 - the registry imports the views on first use

__all__ = ["START_VIEW_MODULE", "VIEWS", "VIEW_MODULES", "ViewContext", "ViewRegistry", "ViewSpec", "load_start_view",
           "load_views", "register_view"]
