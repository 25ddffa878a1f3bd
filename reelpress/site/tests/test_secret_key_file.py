"""The secret key made on first start: processes starting together all end up with the same one."""

import os
import stat
import subprocess
import sys

PRINT_KEY = "import reelpress.settings as s; print(s.SECRET_KEY)"


def test_processes_starting_at_once_share_one_whole_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["REELPRESS_DATA_DIR"] = str(tmp_path / "data")
    starts = [
        subprocess.Popen([sys.executable, "-c", PRINT_KEY], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    keys = {p.communicate(timeout=60)[0].strip() for p in starts}
    path = tmp_path / "data" / "secret_key"
    assert keys == {path.read_text().strip()}
    assert len(keys.pop()) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["secret_key"]  # no leftover files
