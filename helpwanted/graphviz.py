"""Render DOT to SVG with Graphviz (`dot`), on the server, with no network and no shell."""

from __future__ import annotations

import shutil
import subprocess


class GraphvizError(RuntimeError):
    """Graphviz is missing or failed."""


def dot_to_svg(dot: str, timeout: float = 10.0) -> str:
    """The SVG for a DOT text; raise GraphvizError when `dot` is missing or fails."""
    executable = shutil.which("dot")
    if executable is None:
        raise GraphvizError("Graphviz is not installed (apt-get install graphviz)")
    try:
        result = subprocess.run(  # noqa: S603 - fixed argument list, DOT on stdin
            [executable, "-Tsvg"], input=dot, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise GraphvizError("Graphviz took too long") from error
    if result.returncode != 0:
        raise GraphvizError(result.stderr.strip() or "Graphviz failed")
    return result.stdout
