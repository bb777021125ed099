"""The references of bench/visitor_wrk.py: minimal Flask-WTF apps, served in their own process.

  GET  /        a Jinja page that extends a base template, in an app with a secret key (so a session)
  GET  /form    a Flask-WTF form page (CSRF token, radio buttons, the session cookie)
  POST /form    validate, keep the answer in the session, 303 to /done; GET /done renders it

Nothing of helpwanted is imported. The baseline itself, the bare page every ratio is taken against,
is bench/bare_page.py: a Flask app with nothing else.
"""

from __future__ import annotations

from flask import Flask, redirect, render_template, session
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

app = Flask(__name__, template_folder="bare_templates", static_folder=None)
app.config.update(SECRET_KEY="bare-benchmark-only", WTF_CSRF_TIME_LIMIT=None)  # noqa: S106 - a benchmark


class AnswerForm(FlaskForm):
    """One radio question."""

    answer = RadioField("Answer", choices=[("yes", "Yes"), ("no", "No")], validators=[InputRequired()])


@app.get("/")
def page() -> str:
    """A bare page."""
    return render_template("page.html", title="Bare page", text="Nothing else happens here.")


@app.route("/form", methods=["GET", "POST"])
def form() -> ResponseReturnValue:
    """A form page; a valid POST redirects."""
    answer_form = AnswerForm()
    if answer_form.validate_on_submit():
        session["answer"] = answer_form.answer.data
        return redirect("/done", 303)
    return render_template("form.html", form=answer_form)


@app.get("/done")
def done() -> str:
    """The page after the redirect."""
    return render_template("page.html", title="Done", text=f"You chose {session.get('answer', '-')}.")
