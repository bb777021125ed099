"""A throwaway redis-server (loopback TCP on a free port, nothing saved), for tests and benchmarks."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .leftovers import note


class RedisError(RuntimeError):
    """redis-server is not installed or would not start."""


@contextmanager
def throwaway_redis() -> Iterator[str]:
    """Start redis-server; yield its URL (redis://127.0.0.1:PORT/0); stop and remove it afterwards."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisError("redis-server not found (apt-get install redis-server)")
    folder = tempfile.mkdtemp(prefix="hw-redis-")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen([*command, "--dir", folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    note("redis", process.pid)
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                time.sleep(0.05)
        else:
            raise RedisError("redis-server did not answer")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
