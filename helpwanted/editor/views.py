"""Views of the content staff area (role editor). Thin: parse, call publishing, render."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.exceptions import BadRequest

from ..auth import role_required
from ..graphviz import GraphvizError, dot_to_svg
from ..i18n import current_language, languages
from ..questionnaire import ProgressError, Tree, all_paths, coverage, to_dot, to_mermaid
from ..trees import find_tree
from . import (
    auditlog,
    channel_views,
    editing,
    form_views,
    lifecycle,
    links_views,
    previewing,
    publishing,
    restore_views,
    review,
    review_views,
)
from .clock import local_time
from .explain import count_problems, describe_key, explain
from .forms import EditForm, PublishForm
from .guards import known as _known

bp = Blueprint(
    "editor",
    __name__,
    url_prefix="/staff/questionnaires",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
for module in (form_views, review_views, restore_views, links_views, channel_views):
    module.routes.register(bp)  # the form editor, review, publish again, link check and help channels pages


@bp.record_once
def _set_up(state: BlueprintSetupState) -> None:
    """Serve the newest published help channels; `explain` and `local_time` for the templates (macros too)."""
    from .channels import init_app

    init_app(state.app)  # type: ignore[arg-type]  # always a Flask app here
    state.app.jinja_env.globals["explain"] = explain
    state.app.jinja_env.globals["describe_key"] = describe_key
    state.app.jinja_env.filters["local_time"] = local_time


@bp.get("/")
@role_required("editor")
def index() -> ResponseReturnValue:
    """Every questionnaire: live version, draft, problems, translation coverage."""
    rows = []
    drafts, hidden = publishing.drafts(), lifecycle.hidden_ids()  # one query each, not two per questionnaire
    for tree_id in publishing.questionnaire_ids():
        live = find_tree(tree_id)
        draft = drafts.get(tree_id)
        checked = publishing.check_text(tree_id, draft.source if draft else publishing.live_text(tree_id) or "")
        rows.append(
            {
                "id": tree_id,
                "live": live,
                "draft": draft,
                "problems": count_problems(len(checked.errors), len(checked.warnings)),
                "listed": tree_id not in hidden,
                "coverage": coverage(checked.tree, languages()) if checked.tree else {},
            }
        )
    return render_template("editor/index.html", rows=rows, waiting=len(review.waiting()))


@bp.get("/<tree_id>")
@role_required("editor")
def detail(tree_id: str) -> ResponseReturnValue:
    """One questionnaire: graph, history, draft state, links to edit and preview."""
    _known(tree_id)
    live = find_tree(tree_id)
    graph = None
    if live is not None:
        try:
            graph = Markup(_linked_svg(tree_id, live, "live"))  # noqa: S704 - Graphviz output from escaped DOT
        except GraphvizError as error:
            flash(str(error))
    return render_template(
        "editor/detail.html",
        tree_id=tree_id,
        live=live,
        draft=publishing.get_draft(tree_id),
        history=publishing.history(tree_id),
        graph=graph,
        paths=all_paths(live, limit=500) if live else [],
        listed=lifecycle.is_listed(tree_id),
        listing_history=lifecycle.listing_history(tree_id),
        request=review.open_request(tree_id),
        reviews=review.recent(tree_id, 5),
    )


def _linked_svg(tree_id: str, tree: Tree, version: str) -> str:
    """The flow in the interface language, one font for boxes and arrows, each box a link to its preview."""
    dot = to_dot(tree, current_language(), condition_label=_("if {condition}"))
    font = '  node [fontname="sans-serif"];'
    dot = dot.replace(font, font + ' edge [fontname="sans-serif"];')
    # Graphviz copies a URL into the SVG as it is: escape "&" so the SVG stays valid XML and HTML.
    links = "\n".join(
        f'  "{node_id}" [URL="{escape(url_for(".preview", tree_id=tree_id, version=version, at=node_id))}", '
        'target="_top"];'
        for node_id in tree.nodes
    )
    svg = dot_to_svg(dot.rstrip().removesuffix("}") + links + "\n}\n")
    return svg[svg.index("<svg") :]  # drop the XML prologue and doctype for inline use


@bp.get("/<tree_id>/graph.<fmt>")
@role_required("editor")
def graph(tree_id: str, fmt: str) -> ResponseReturnValue:
    """The flow as a download: DOT, Mermaid or SVG."""
    tree = previewing.tree_for(_known(tree_id), request.args.get("version", "live"))
    if tree is None or fmt not in ("dot", "mmd", "svg"):
        abort(404)
    if fmt == "svg":
        try:
            return Response(dot_to_svg(to_dot(tree)), mimetype="image/svg+xml")
        except GraphvizError:
            abort(503)
    text = to_dot(tree) if fmt == "dot" else to_mermaid(tree)
    return Response(
        text, mimetype="text/plain", headers={"Content-Disposition": f'attachment; filename="{tree_id}.{fmt}"'}
    )


@bp.get("/<tree_id>/edit")
@role_required("editor")
def edit(tree_id: str) -> ResponseReturnValue:
    """The whole YAML in a text box; each problem's link puts the cursor on its line."""
    page = editing.edit_page(_known(tree_id))
    form = EditForm(data={"source": page.text, "revision": str(page.revision)})
    return render_template("editor/edit.html", page=page, form=form)


@bp.post("/<tree_id>/edit")
@role_required("editor")
def save_yaml(tree_id: str) -> ResponseReturnValue:
    """Save the posted YAML as the draft and check it; 409 when someone else saved in the meantime."""
    _known(tree_id)
    form = EditForm()
    if not form.validate_on_submit():
        raise BadRequest()
    saved = editing.save_yaml(tree_id, form.source.data or "", int(form.revision.data), current_user.email)
    flash(saved.message)
    form.revision.data = str(saved.revision)
    return render_template("editor/edit.html", page=saved.page, form=form), saved.status


@bp.post("/<tree_id>/publish")
@role_required("editor")
def publish(tree_id: str) -> ResponseReturnValue:
    """Publish the saved draft: never with errors, with warnings only when acknowledged."""
    _known(tree_id)
    form = PublishForm()
    draft = publishing.get_draft(tree_id)
    if not form.validate_on_submit():
        raise BadRequest()
    if review.required():
        flash(_("Publishing needs a second editor: ask for review."))
        return redirect(url_for(".text_form", tree_id=tree_id), 303)
    if draft is None or str(draft.revision) != form.revision.data:
        flash(_("The draft changed since you saw it. Check it again before publishing."))
        return redirect(url_for(".edit", tree_id=tree_id), 303)
    try:
        publishing.publish(tree_id, draft.source, current_user.email, form.note.data or "", bool(form.acknowledge.data))
    except publishing.PublishRefused as refused:
        if refused.checked.errors:
            flash(_("Not published: the draft has errors."))
        else:
            flash(_("Not published: confirm that you have read the warnings."))
        return redirect(url_for(".edit", tree_id=tree_id), 303)
    flash(_("Published. New visitors get this version now."))
    return redirect(url_for(".detail", tree_id=tree_id), 303)


@bp.get("/<tree_id>/diff")
@role_required("editor")
def diff(tree_id: str) -> ResponseReturnValue:
    """What changed between two versions (or live and draft), word by word per box."""
    _known(tree_id)
    try:
        result = publishing.compare_versions(tree_id, request.args.get("from", "live"), request.args.get("to", "draft"))
    except LookupError:
        abort(404)
    versions = [("live", _("live")), *(("draft", _("draft")),) * bool(publishing.get_draft(tree_id))]
    versions += [(str(v.id), v.version) for _p, v in publishing.history(tree_id)]
    return render_template("editor/diff.html", tree_id=tree_id, result=result, versions=versions)


@bp.route("/<tree_id>/preview", methods=["GET", "POST"])
@role_required("editor")
def preview(tree_id: str) -> ResponseReturnValue:
    """Walk a version or the draft as a visitor would, in any language, from any node; nothing is counted."""
    version, language = request.args.get("version", "live"), request.args.get("lang", languages()[0])
    tree = previewing.tree_for(_known(tree_id), version)
    start_at = (request.args.get("at") or tree.start) if tree is not None else ""
    if tree is None or language not in languages() or start_at not in tree.nodes:
        abort(404)
    posted = (request.form.get("node", ""), tuple(request.form.getlist("answer"))) if request.method == "POST" else None
    try:
        state = previewing.run_preview(tree, start_at, bool(request.args.get("restart")), posted)
    except ProgressError:
        raise BadRequest() from None
    if state.refused:
        flash(_("Choose an answer."))
    return render_template(
        "editor/preview.html",
        tree_id=tree_id,
        preview=state,
        version=version,
        lang=language,
        frame=previewing.render_frame(state, language, tree_id, version),
        paths=all_paths(tree, limit=500),
    )


@bp.get("/audit")
@role_required("editor")
def audit() -> ResponseReturnValue:
    """Who did what, newest first."""
    return render_template("editor/audit.html", events=auditlog.entries())
