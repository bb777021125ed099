"""The coordinator's dashboard and CSV download. Filters are plain GET parameters."""

from __future__ import annotations

import io
from datetime import date

from babel.dates import get_month_names
from flask import Blueprint, Response, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from ..auth import role_required
from ..database import engine
from ..trees import catalog
from . import report
from .charts import bar_chart

bp = Blueprint("coordinator", __name__, url_prefix="/staff/usage", template_folder="templates")


def month_labels() -> list[str]:
    """January to December, abbreviated in the interface language (Babel's CLDR data)."""
    names = get_month_names("abbreviated", locale=get_locale())
    return [str(names[month]) for month in range(1, 13)]


def _period() -> tuple[int, report.MonthRange]:
    """The year asked for, or the from/to months; a bad value is a 400, not a 500."""
    try:
        year = int(request.args.get("year") or date.today().year)
        if not 2000 <= year <= 2100:
            raise ValueError(year)
        if request.args.get("from") or request.args.get("to"):
            return year, report.MonthRange.parse(request.args.get("from"), request.args.get("to"))
        return year, report.MonthRange.year(year)
    except ValueError:
        raise BadRequest() from None


@bp.get("/")
@role_required("coordinator")
def dashboard() -> ResponseReturnValue:
    """Starts, advice requests and completion rate by month, questionnaire, outcome, tag and language."""
    year, months = _period()
    trees = catalog().trees
    with engine().connect() as connection:
        monthly = report.starts_and_completions(connection, months, monthly=True)
        per_questionnaire = report.starts_and_completions(connection, months, "questionnaire")
        per_language = report.starts_and_completions(connection, months, "language")
        outcomes = report.totals(connection, months, "complete", "questionnaire", "node")
        compared = report.year_over_year(connection, year)
    totals = report.Figures(("",), sum(f.starts for f in monthly), sum(f.completions for f in monthly))
    chart = bar_chart(
        "yoy",
        _("Advice requests per month, %(last)s and %(this)s", last=year - 1, this=year),
        month_labels(),
        [(str(year - 1), [c[1] for c in compared]), (str(year), [c[2] for c in compared])],
    )
    monthly_chart = bar_chart(
        "monthly",
        _("Started and advice requests per month"),
        [f.key[0] for f in monthly],
        [(_("Started"), [f.starts for f in monthly]), (_("Advice requests"), [f.completions for f in monthly])],
    )
    return render_template(
        "coordinator/dashboard.html",
        monthly_chart=monthly_chart,
        year=year,
        months=months,
        totals=totals,
        monthly=monthly,
        per_questionnaire=per_questionnaire,
        per_language=per_language,
        outcomes=outcomes,
        trees=trees,
        topics=report.completions_by_tag(outcomes, trees, "topic"),
        urgencies=report.completions_by_tag(outcomes, trees, "urgency"),
        compared=compared,
        chart=chart,
        month_labels=month_labels(),
    )


@bp.get("/questionnaire/<tree_id>")
@role_required("coordinator")
def questionnaire(tree_id: str) -> ResponseReturnValue:
    """Where visitors stop (funnel per question of a version) and the answer breakdown."""
    year, months = _period()
    tree = catalog().trees.get(tree_id)
    with engine().connect() as connection:
        known_versions = report.versions(connection, tree_id)
        if tree is None and not known_versions:
            raise BadRequest()
        version = request.args.get("version") or (tree.version if tree else known_versions[0])
        order = list(tree.nodes) if tree is not None else []
        starts, steps = report.funnel(connection, months, tree_id, version, order)
        threshold = int(current_app.config["SMALL_NUMBER_THRESHOLD"])
        answers = report.answer_breakdown(connection, months, tree_id, threshold)
    funnel_chart = bar_chart(
        "funnel",
        _("Visits that reached each question"),
        [step.node for step in steps],
        [(_("Reached"), [step.reached for step in steps])],
    )
    return render_template(
        "coordinator/questionnaire.html",
        funnel_chart=funnel_chart,
        tree=tree,
        tree_id=tree_id,
        year=year,
        months=months,
        version=version,
        versions=known_versions,
        starts=starts,
        steps=steps,
        answers=answers,
        threshold=threshold,
    )


@bp.get("/export.csv")
@role_required("coordinator")
def export() -> ResponseReturnValue:
    """The contract CSV for the chosen period, as a download."""
    _, months = _period()
    out = io.StringIO()
    with engine().connect() as connection:
        report.write_csv(out, months, connection, catalog().trees)
    name = "usage-" + months.label().replace(" – ", "_").replace("…", "all") + ".csv"
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
