"""Help lines with known, confirmed hours for tests: the shipped file with the every-page lines replaced."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import yaml

from helpwanted.opening_hours import AMSTERDAM

ROOT = Path(__file__).parent.parent.parent
SHIPPED = ROOT / "helpwanted" / "help_channels.yaml"
TEST_LINES = Path(__file__).parent / "channels.yaml"


def write_channels(folder: Path) -> Path:
    """A channels file in folder: every shipped channel (trees name them), the four test lines on top."""
    shipped = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))["channels"]
    test_lines = yaml.safe_load(TEST_LINES.read_text(encoding="utf-8"))["channels"]
    merged = {key: {**value, "everywhere": False} for key, value in shipped.items() if key not in test_lines}
    path = folder / "channels.yaml"
    path.write_text(yaml.safe_dump({"channels": {**test_lines, **merged}}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def at(text: str) -> Callable[[], datetime]:
    """A clock stopped at text (Amsterdam time), for the app's CLOCK setting."""
    return lambda: datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)
