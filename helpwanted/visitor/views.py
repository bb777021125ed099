"""Views of the public site. URLs are neutral: numbers, never topics or answers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import BadRequest

from ..branding import branding
from ..i18n import current_language, languages
from ..listing import on_home_page
from ..questionnaire import (
    InvalidAnswer,
    Kind,
    Node,
    Progress,
    Tree,
    Walk,
    answer_and_walk,
    answered_path,
    longest_remaining,
    shown_steps,
    walk,
)
from ..security import local_path
from ..trees import catalog, find_tree
from . import help, icons, journey
from .advice import split_advice
from .answer_rows import answers_html
from .forms import AnswerForm, EmptyForm, HelpfulForm, LanguageForm, StartForm, answer_form
from .kept import Built, render_kept
from .offer import content_language, offered

bp = Blueprint("visitor", __name__, template_folder="templates")
# Template helpers; plain functions of their arguments, so the staff preview can use them too.
bp.add_app_template_global(help.help_lines)
bp.add_app_template_global(help.help_block)
bp.add_app_template_global(help.lines_for, "channel_lines")
bp.add_app_template_global(help.describe, "describe_hours")
bp.add_app_template_global(icons.topic_icon)


@bp.get("/")
def home() -> ResponseReturnValue:
    """The topics, and what this site keeps and does not keep."""
    trees = on_home_page(offered(catalog().trees.values(), current_language(), languages()))  # staff may unlist
    return render_kept("visitor/home.html", trees=trees)  # start_button.html carries the token


@bp.get("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """No icon: nothing for a browser to keep that names the site in its icon cache."""
    return "", 204


@bp.get("/brand.css")
def brand_css() -> ResponseReturnValue:
    """The helpline's colours (checked for contrast at start-up) as CSS custom properties."""
    return Response(branding().stylesheet(), mimetype="text/css")


@bp.get("/logo.svg")
def logo() -> ResponseReturnValue:
    """The helpline's logo (checked at start-up: no scripts, no outside references)."""
    return Response(branding().logo_svg, mimetype="image/svg+xml")


@bp.get("/about")
def about() -> ResponseReturnValue:
    """Quick exit, traces in the browser, and privacy, in plain words."""
    return render_kept("visitor/about.html")


@bp.post("/start")
def start() -> ResponseReturnValue:
    """Begin a questionnaire chosen on the home page or from an advice page."""
    form = StartForm()
    tree = find_tree(form.questionnaire.data or "") if form.validate() else None
    if tree is None:
        raise BadRequest()
    progress = journey.begin(tree)
    journey.count_sent_to(tree, progress, tree.start)  # with this POST's cookie: GET /q/1 counts nothing
    return redirect(url_for(".step", number=1), 303)


@bp.route("/q/<int:number>", methods=["GET", "POST"])
def step(number: int) -> ResponseReturnValue:
    """Show the question at position number on the visitor's path, or take its answer."""
    tree, progress = journey.current()
    current = walk(tree, progress)
    if not 1 <= number <= len(current.path):
        if request.method == "POST":
            raise journey.StartAgain()  # an answer to a step the visitor never reached
        return redirect(url_for(".step", number=len(current.path)), 303)
    node = tree.nodes[current.path[number - 1]]
    if node.kind is Kind.OUTCOME:
        return redirect(url_for(".result"), 303)
    form = answer_form(node, progress.answers.get(node.id, ()))
    if request.method in ("GET", "HEAD"):  # HEAD is a GET without the body (was a 400)
        journey.count_reached(tree, node.id)
    elif request.form.get("node") != node.id:
        raise journey.StartAgain()  # a stale or forged page
    elif form.validate_on_submit():
        return _take_answer(tree, progress, current, number)
    return _show_step(tree, node, form, number, help.visitor_age(progress.answers))


def _take_answer(tree: Tree, progress: Progress, current: Walk, number: int) -> ResponseReturnValue:
    """Keep a valid answer; go on to the next step, or to the advice when the path ends."""
    choice = tuple(request.form.getlist("answer"))  # all of them: a forged post may send two
    node_id = current.path[number - 1]
    try:
        progress, after = answer_and_walk(tree, progress, node_id, choice, before=current)  # checks the options
    except InvalidAnswer:
        raise BadRequest() from None
    journey.save(progress)
    if after.finished and (request.form.get("change") or number + 1 >= len(after.path)):
        journey.count_sent_to(tree, progress, after.current.id)  # the advice, counted with this POST's cookie
        return redirect(url_for(".result"), 303)
    journey.count_sent_to(tree, progress, after.path[number])  # the next step, counted with this POST's cookie
    return redirect(url_for(".step", number=number + 1), 303)


def _show_step(tree: Tree, node: Node, form: AnswerForm, number: int, age: str | None) -> ResponseReturnValue:
    """The step page: the question (with any errors) and how many questions may follow."""
    context: dict[str, Any] = {
        "tree": tree,
        "node": node,
        "form": form,
        "number": number,
        "total": number - 1 + longest_remaining(tree, node.id),
        "change": request.args.get("change") == "1",
        "help_age": age,
        "content_lang": content_language(tree, current_language(), languages()),
    }
    return render_kept("visitor/step.html", **context)


@bp.get("/result")
def result() -> ResponseReturnValue:
    """The advice for the visitor's situation, with their answers and change links."""
    tree, progress = journey.current()
    current = walk(tree, progress)
    if not current.finished:
        return redirect(url_for(".step", number=len(current.path)), 303)
    outcome, answers = current.current, progress.answers
    lang = content_language(tree, current_language(), languages())
    journey.count_completed(tree, progress, outcome.id)
    return render_kept(
        "visitor/result.html",
        own={"situation": _answers(tree, progress, current, lang)},  # put in for this request, never kept
        tree=tree,
        outcome=outcome,
        # Which steps are shown tells the advice apart; its texts are split only when the page is rendered.
        advice=Built(shown_steps(outcome, answers), lambda: split_advice(tree, outcome, answers, lang)),
        content_lang=lang,
        see_also=offered([t for t in map(find_tree, outcome.see_also) if t is not None], lang, languages()),
        help_age=help.visitor_age(answers),
        helpful_given=journey.helpful_given(outcome.id),
    )


def _answers(tree: Tree, progress: Progress, current: Walk, lang: str) -> str:
    """The visitor's answers with their change links, put together for this request (answer_rows.py)."""
    number = {node_id: position for position, node_id in enumerate(current.path, 1)}
    answered = ((number[node.id], node, choice) for node, choice in answered_path(tree, progress, current))
    return answers_html(tree, answered, lang)


@bp.post("/helpful")
def helpful() -> ResponseReturnValue:
    """Count one anonymous yes or no for the advice the visitor sees; no free text, once per visit."""
    form = HelpfulForm()
    if not form.validate_on_submit():
        raise BadRequest()
    tree, progress = journey.current()
    current = walk(tree, progress)
    if not current.finished:
        raise journey.StartAgain()
    journey.count_helpful(tree, current.current.id, form.helpful.data == "yes")
    return redirect(url_for(".result", _anchor="helpful"), 303)


@bp.post("/restart")
def restart() -> ResponseReturnValue:
    """Forget the answers and go back to the topics."""
    if not EmptyForm().validate_on_submit():
        raise BadRequest()
    journey.end()
    return redirect(url_for(".home"), 303)


@bp.get("/exit")
def quick_exit() -> ResponseReturnValue:
    """Clear the session on the server and leave for a neutral site (no-JS path too)."""
    session.clear()
    response = redirect(current_app.config["EXIT_URL"], 303)
    response.headers["Clear-Site-Data"] = '"cache", "cookies"'
    return response


@bp.post("/keep")
def keep() -> ResponseReturnValue:
    """Keep the answers a little longer (the warning before the idle time runs out; WCAG 2.2.1)."""
    session.modified = True  # re-sends the cookie with a fresh expiry; CSRF was checked already
    return "", 204


@bp.post("/language")
def language() -> ResponseReturnValue:
    """Switch language and return to the same page; answers are kept."""
    form = LanguageForm()
    if not form.validate_on_submit() or form.lang.data not in languages():
        raise BadRequest()
    session["lang"] = form.lang.data
    return redirect(local_path(form.back.data) or url_for(".home"), 303)
