"""What the catalogue costs: folder reads, SQL queries and tree checks per editor request.

Run: python bench/catalog_cost.py
Builds an app on a fresh SQLite database with the shipped questionnaires, signs in an editor,
saves a one-word change to a draft, then counts what one editor list page (GET
/staff/questionnaires/) and one publish (POST …/publish) cost:
  folder reads  reads (globs) of the questionnaires folder
  queries       SQL statements sent to the database (all of them: session, audit, catalogue)
  tree checks   runs of the checker on one tree (check_tree)
Counts, not timings: they do not depend on the machine.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from helpwanted import create_app  # noqa: E402
from helpwanted.accounts import create_user  # noqa: E402
from helpwanted.database import upgrade_schema  # noqa: E402
from tests.conftest import csrf_token  # noqa: E402

COUNTS: Counter[str] = Counter()


@contextmanager
def counting(app: Any) -> Iterator[Counter[str]]:
    """Count folder reads, queries and tree checks while the block runs.

    Found by what is called, not where it lives, so the count survives code moving around:
    a glob of the questionnaires folder, a statement on the app's engine, a call of check_tree.
    """
    folder = Path(app.config["QUESTIONNAIRES_DIR"])
    glob = Path.glob

    def counted_glob(self: Path, pattern: str, *args: Any, **kwargs: Any) -> Any:
        if self == folder:
            COUNTS["folder reads"] += 1
        return glob(self, pattern, *args, **kwargs)

    def counted_query(*_args: Any) -> None:
        COUNTS["queries"] += 1

    def profile(frame: FrameType, event_name: str, _arg: Any) -> None:
        if event_name == "call" and frame.f_code.co_name == "check_tree":
            COUNTS["tree checks"] += 1

    engine = app.extensions["helpwanted.engine"]
    Path.glob = counted_glob  # type: ignore[method-assign]
    event.listen(engine, "before_cursor_execute", counted_query)
    COUNTS.clear()
    sys.setprofile(profile)
    try:
        yield COUNTS
    finally:
        sys.setprofile(None)
        Path.glob = glob  # type: ignore[method-assign]
        event.remove(engine, "before_cursor_execute", counted_query)


def main() -> None:
    """Print the cost of one editor list page and one publish."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite",
                "ARGON2_PROFILE": "fast-for-tests",
                "QUESTIONNAIRES_DIR": str(ROOT / "questionnaires"),
            }
        )
        with app.app_context():
            upgrade_schema()
            create_user("editor@example.org", "correct horse battery", "editor")
        client = app.test_client()
        token = csrf_token(client.get("/staff/login").get_data(as_text=True))
        client.post(
            "/staff/login",
            data={"csrf_token": token, "email": "editor@example.org", "password": "correct horse battery"},
        )
        client.get("/staff/questionnaires/")  # warm: the catalogue is loaded
        with counting(app) as counts:
            client.get("/staff/questionnaires/")
        print_counts("editor list page", counts)
        html = client.get("/staff/questionnaires/received/edit").get_data(as_text=True)
        match = re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", html, re.S)
        assert match
        import html as html_module

        source = html_module.unescape(match.group(1)).replace("Wat is er gebeurd?", "Wat is er precies gebeurd?")
        source = source.replace("What happened?", "What exactly happened?")
        saved = client.post(
            "/staff/questionnaires/received/edit",
            data={"csrf_token": csrf_token(html), "source": source, "revision": "0"},
        )
        token = csrf_token(saved.get_data(as_text=True))
        with counting(app) as counts:
            response = client.post(
                "/staff/questionnaires/received/publish",
                data={"csrf_token": token, "revision": "1", "note": "bench"},
            )
        assert response.status_code == 303, response.status_code
        print_counts("one publish", counts)
        app.extensions["helpwanted.engine"].dispose()


def print_counts(what: str, counts: Counter[str]) -> None:
    """One line per request measured."""
    print(f"{what:18} " + ", ".join(f"{counts[name]} {name}" for name in ("folder reads", "queries", "tree checks")))


if __name__ == "__main__":
    main()
