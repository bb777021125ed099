"""The coordinator's dashboard."""

from __future__ import annotations

import io

from flask import Response, render_template
from flask.typing import ResponseReturnValue

from ..database import engine
from ..staff.auth import role_required
from . import bp
from .report import MonthRange, completions_by_month, write_csv


@bp.get("/")
@role_required("coordinator")
def dashboard() -> ResponseReturnValue:
    """Monthly figures."""
    with engine().connect() as connection:
        rows = completions_by_month(connection, MonthRange())
    return render_template("coordinator/dashboard.html", rows=rows)


@bp.get("/export.csv")
@role_required("coordinator")
def export() -> ResponseReturnValue:
    """The contract CSV as a download."""
    out = io.StringIO()
    write_csv(out, MonthRange())
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": "attachment; filename=usage.csv"}
    )
