"""Qt user interface."""
from ketenregie.ui.pyside_import_check import install as _install_pyside_import_check

_install_pyside_import_check()  # before the UI's own modules load: each of them is checked once (a fast start)
