"""Views of the main window and their registry (see registry.py). Importing this package registers the built-in
views; later issues add their module to the imports below."""
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewRegistry, ViewSpec, register_view
from ketenregie.ui.views import placeholders as _placeholders  # noqa: F401  (registers placeholders)
from ketenregie.ui.views import audit_log as _audit_log  # noqa: F401  (registers the audit log)
from ketenregie.ui.meetings import view as _meetings  # noqa: F401  (issue 6: casuïstiekoverleg, replaces placeholder)
from ketenregie.ui.conversations import view as _conversations  # noqa: F401  (issue 5: gesprekken, replaces placeholder)
from ketenregie.ui.letters import view as _letters  # noqa: F401  (issue 4: verwijsbrieven, replaces placeholder)
from ketenregie.ui.partners import view as _partners  # noqa: F401  (issue 4: partnerlijst)
from ketenregie.ui.caseload import view as _caseload  # noqa: F401  (issue 3: caseload, replaces placeholder)
from ketenregie.ui.privacy import view as _privacy  # noqa: F401  (the privacy catalogue, replaces placeholder)
from ketenregie.ui.today import view as _today  # noqa: F401  (issue 3: Vandaag, first view)
from ketenregie.ui.retention import view as _retention  # noqa: F401  (bewaartermijnen: retention purge)
from ketenregie.ui.signals import view as _signals  # noqa: F401  (issue 12: vroegsignalering)
from ketenregie.ui.monitor import view as _monitor  # noqa: F401  (issue 13: monitor)

__all__ = ["VIEWS", "ViewContext", "ViewRegistry", "ViewSpec", "register_view"]
