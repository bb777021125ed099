"""The documented example is the tested example, and every checker code is documented."""

from __future__ import annotations

import re
from pathlib import Path

from helpwanted.questionnaire import MESSAGES
from helpwanted.questionnaire.messages import code_of

ROOT = Path(__file__).parent.parent.parent
ENGINE = ROOT / "helpwanted" / "questionnaire"


def test_format_doc_contains_the_tested_example() -> None:
    doc = (ROOT / "docs" / "questionnaire-format.md").read_text()
    example = (ROOT / "tests" / "questionnaire" / "trees" / "example.yaml").read_text()
    assert f"```yaml\n{example}```" in doc


def test_every_checker_code_is_documented() -> None:
    doc = (ROOT / "docs" / "questionnaire-format.md").read_text()
    codes = {code_of(message_id) for message_id in MESSAGES}
    missing = sorted(code for code in codes if f"`{code}`" not in doc)
    assert missing == []


def test_every_message_the_engine_uses_has_a_template() -> None:
    sources = "".join(p.read_text() for p in ENGINE.glob("*.py"))
    used = set(re.findall(r'(?:error|warning)\(\s*[\w.]+,\s*"([a-z.-]+)"', sources))
    used |= set(re.findall(r'(?:YamlIssue\([^,]+|problems\.append\(\()\s*,?\s*"([a-z.-]+)"', sources))
    assert len(used) > 40, "found too few message ids: the pattern above is out of date"
    assert sorted(used - set(MESSAGES)) == []
