import pytest

from ketenregie.store.errors import RegisterInUse
from ketenregie.store.instance_lock import InstanceLock


def test_second_lock_on_same_register_is_refused_until_released(tmp_path):
    first = InstanceLock(tmp_path / "r.lock").acquire()
    with pytest.raises(RegisterInUse):
        InstanceLock(tmp_path / "r.lock").acquire()
    first.release()
    again = InstanceLock(tmp_path / "r.lock").acquire()
    assert again.held
    again.release()
