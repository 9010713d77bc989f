from pkg_helpers import test_keys, windows_pe_files  # noqa: F401 - fixtures for tests/packaging
