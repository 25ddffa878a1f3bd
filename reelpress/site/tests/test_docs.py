"""The README documents every ReelPress command and every setting read from the environment."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
README = (ROOT / "README.md").read_text()
COMMANDS = sorted(
    p.stem for p in (ROOT / "reelpress").glob("*/management/commands/*.py") if not p.stem.startswith("_")
)
SETTINGS_VARS = sorted(
    set(re.findall(r'env_\w+\("([A-Z_]+)"', (ROOT / "reelpress" / "settings.py").read_text()))
)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    assert f"reelpress {command}" in README, f"README.md does not document `reelpress {command}`"


@pytest.mark.parametrize("name", SETTINGS_VARS)
def test_every_environment_setting_is_in_the_readme(name):
    assert f"`{name}`" in README, f"README.md does not document the environment variable {name}"


def test_the_readme_gives_the_two_setup_commands():
    assert "make run" in README and "make test" in README


def test_the_readme_gives_the_way_back_from_a_lost_admin_password():
    assert "reelpress changepassword" in README
