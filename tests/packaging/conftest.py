import shutil

import pytest

from pkg_helpers import CHAIN_TOOLS, RELEASE_CHAIN, test_keys, windows_pe_files  # noqa: F401 - fixtures

CHAIN_TEST = "test_pkg_release_chain.py::test_release_chain_build_smoke_sign_verify_reproduce"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """The release chain test goes last (after any shuffling); its chain starts now, in the background."""
    chain = [item for item in items if item.nodeid.endswith(CHAIN_TEST)]
    if not chain:
        return
    items[:] = [item for item in items if item not in chain] + chain
    if all(shutil.which(tool) for tool in CHAIN_TOOLS) and RELEASE_CHAIN.process is None:
        RELEASE_CHAIN.start()


def pytest_sessionfinish(session, exitstatus):
    RELEASE_CHAIN.stop()
