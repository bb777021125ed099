"""A note of every server the suite starts, so that .ci/run can stop what a killed run left behind.

Set HELPWANTED_TEST_SERVERS to a file: each start appends `postgres DATA_DIR`, `redis PID` or
`gunicorn PID` to it. Unset (a developer's run): nothing is written.
"""

from __future__ import annotations

import os


def note(kind: str, what: object) -> None:
    """Append one started server to the file in $HELPWANTED_TEST_SERVERS, if set."""
    path = os.environ.get("HELPWANTED_TEST_SERVERS")
    if path:
        with open(path, "a", encoding="utf-8") as file:
            file.write(f"{kind} {what}\n")
