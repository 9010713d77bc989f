"""Views of the main window and their registry (see registry.py). Importing this package registers the built-in
views; later issues add their module to the imports below."""
from ketenregie.ui.views.registry import VIEWS, ViewContext, ViewRegistry, ViewSpec, register_view
from ketenregie.ui.views import placeholders as _placeholders  # noqa: F401  (registers placeholders)
from ketenregie.ui.views import audit_log as _audit_log  # noqa: F401  (registers the audit log)

__all__ = ["VIEWS", "ViewContext", "ViewRegistry", "ViewSpec", "register_view"]
