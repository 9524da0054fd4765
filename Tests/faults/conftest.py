"""Fault tests (`make faults`): the real system under kill -9, a full disk
and a read-only file system. They reuse the integration harness
(Tests/integration: gamenight.py, helpers.py, monitors.py, fake_ecast.py),
so that folder goes on the import path here."""
import os
import pathlib
import sys

import pytest

INTEGRATION = pathlib.Path(__file__).resolve().parents[1] / "integration"
sys.path.insert(0, str(INTEGRATION))


@pytest.fixture(scope="session", autouse=True)
def require_root():
    """Mounting tmpfs and loop file systems needs root; CI runs as root. Not
    a skip: a fault suite that silently did nothing would prove nothing."""
    if os.geteuid() != 0:
        pytest.fail("Tests/faults must run as root (they mount tmpfs and loop file systems)")
