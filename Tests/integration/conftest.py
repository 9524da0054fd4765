import pytest

from gamenight import System


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """One running system per test module (starting one takes a second or two)."""
    workdir = tmp_path_factory.mktemp("system")
    system = System(workdir, env={"HTTP_IDLE_TIMEOUT_MS": "1500", "RPC_TIMEOUT_MS": "1500", "LOG_LEVEL": "debug"}).start()
    yield system
    code = system.stop()
    assert code == 0, f"gamenight-run exited {code}\n{system.logs()}"
