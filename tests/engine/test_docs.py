"""The documented example is the tested example, and every checker code is documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent


def test_format_doc_contains_the_tested_example() -> None:
    doc = (ROOT / "docs" / "questionnaire-format.md").read_text()
    example = (ROOT / "tests" / "engine" / "trees" / "example.yaml").read_text()
    assert f"```yaml\n{example}```" in doc


def test_every_checker_code_is_documented() -> None:
    doc = (ROOT / "docs" / "questionnaire-format.md").read_text()
    sources = "".join(p.read_text() for p in (ROOT / "helpwanted" / "questionnaire").glob("*.py"))
    codes = set(re.findall(r'(?:error|warning)\(\s*[\w.]+,\s*"([a-z-]+)"', sources))
    codes |= set(re.findall(r'\.(?:error|warning)\(\s*\w+\.position,\s*"([a-z-]+)"', sources))
    assert codes, "found no codes: the pattern above is out of date"
    missing = sorted(code for code in codes if f"`{code}`" not in doc)
    assert missing == []
