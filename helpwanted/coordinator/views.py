"""The coordinator's dashboard, questionnaire pages, printable summary, exports and channel figures.

Thin: filters are GET parameters (a wrong one is a 400 with the reason), every figure comes from
context.usage_report(), so each page and export of the same filters hides the same numbers.
"""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import BadRequest, NotFound

from ..auth import role_required
from ..i18n import current_language
from . import channels, pages
from .context import filters_from, usage_report
from .results import UsageReport

bp = Blueprint("coordinator", __name__, url_prefix="/staff/usage", template_folder="templates")


def _report() -> UsageReport:
    try:
        filters = filters_from(request.args)
    except ValueError as error:
        raise BadRequest(str(error)) from None
    return usage_report(filters, current_language())


@bp.get("/")
@role_required("coordinator")
def dashboard() -> ResponseReturnValue:
    """Totals, the annual headline, breakdowns and charts for the chosen filters."""
    usage = _report()
    return render_template(
        "coordinator/dashboard.html", usage=usage, charts=pages.dashboard_charts(usage), **pages.form(usage)
    )


@bp.get("/questionnaire/<tree_id>")
@role_required("coordinator")
def questionnaire(tree_id: str) -> ResponseReturnValue:
    """How far visits got in each counted version, and the answers, for the dashboard's filters."""
    usage = _report()
    funnels = [funnel for funnel in usage.funnels if funnel.questionnaire == tree_id]
    if not funnels and tree_id not in {line.key for line in usage.questionnaires}:
        raise NotFound()
    charts = pages.funnel_charts(funnels)
    return render_template(
        "coordinator/questionnaire.html", usage=usage, tree_id=tree_id, funnels=funnels, charts=charts
    )


@bp.get("/summary")
@role_required("coordinator")
def summary() -> ResponseReturnValue:
    """The printable annual summary: headline, advice requests per year, topics, ages of the year."""
    usage = _report()
    return render_template("coordinator/summary.html", usage=usage, charts=pages.dashboard_charts(usage))


@bp.get("/export.<kind>")
@role_required("coordinator")
def export(kind: str) -> ResponseReturnValue:
    """The CSV or the .xlsx workbook of the chosen filters, as a download."""
    if kind not in ("csv", "xlsx"):
        raise NotFound()
    usage = _report()
    body, mimetype = pages.export_body(usage, kind)
    disposition = f'attachment; filename="{pages.export_name(usage, kind)}"'
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.route("/channels", methods=["GET", "POST"])
@role_required("coordinator")
def channel_figures() -> ResponseReturnValue:
    """Enter the month's advice requests of each other channel (phone, chat, e-mail); audited."""
    year = pages.year_arg(request.values.get("year"))
    form = pages.ChannelForm(year, channels.configured(), channels.for_year(year), current_language())
    if request.method == "POST" and form.read(request.form):
        changed = channels.save(year, form.figures, current_user.email)
        flash(_("%(n)s figure(s) saved.", n=changed))
        return redirect(url_for("coordinator.channel_figures", year=year), 303)
    status = 400 if form.errors else 200
    return render_template("coordinator/channels.html", form=form, year=year), status


@bp.context_processor
def _month_names() -> dict[str, object]:
    # Month names in the coordinator's language, and times in Dutch time, for every coordinator template.
    return {"month_labels": pages.month_labels(), "dutch_time": pages.dutch_time}
