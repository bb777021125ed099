"""The engine stays pure: importing it pulls in no web framework, ORM, forms or i18n."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("flask", "flask_babel", "flask_wtf", "sqlalchemy", "wtforms", "babel", "werkzeug", "jinja2")


def test_engine_imports_no_framework() -> None:
    code = (
        "import sys, helpwanted.questionnaire, helpwanted.questionnaire.graph\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    # helpwanted/__init__ itself must not import Flask at import time either.
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
