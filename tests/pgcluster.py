"""A throwaway PostgreSQL cluster (unix socket only, no TCP), for tests and benchmarks."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .leftovers import note

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


class ClusterError(RuntimeError):
    """PostgreSQL is not installed or would not start."""


@contextmanager
def throwaway_cluster(database: str = "helpwanted_test") -> Iterator[str]:
    """Start a cluster in /tmp (initdb refuses root, so run as postgres); yield a SQLAlchemy URL."""
    if not (PG_BIN / "initdb").exists():
        raise ClusterError(f"PostgreSQL server binaries not found in {PG_BIN} (apt-get install postgresql-15)")
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = tempfile.mkdtemp(prefix="hw-pg-", dir="/tmp")  # reachable by the postgres user
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    data = os.path.join(folder, "data")
    note("postgres", data)

    def run(*args: str) -> None:
        subprocess.run([*as_postgres, *args], check=True, capture_output=True, text=True)

    try:
        run(
            str(PG_BIN / "initdb"),
            "-D",
            data,
            "-U",
            "app",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = f"-c listen_addresses='' -k {folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            data,
            "-l",
            os.path.join(folder, "pg.log"),
            "-w",
            "-t",
            "30",
            "-o",
            options,
            "start",
        )
    except subprocess.CalledProcessError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise ClusterError(f"PostgreSQL did not start: {error.stderr}") from error
    try:
        run(str(PG_BIN / "createdb"), "-h", folder, "-U", "app", database)
        yield f"postgresql+psycopg://app@/{database}?host={folder}"
    finally:
        run(str(PG_BIN / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)
