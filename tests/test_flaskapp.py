"""The app's Flask class (helpwanted/flaskapp.py): its shortcuts give the answers Flask and Jinja give."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from jinja2 import DictLoader

from helpwanted.flaskapp import FlatGlobalsTemplate, HelpwantedFlask


def test_the_app_uses_the_flask_class_and_its_template_class(app: Flask) -> None:
    assert isinstance(app, HelpwantedFlask)
    assert app.jinja_env.template_class is FlatGlobalsTemplate
    with app.test_request_context("/"):
        assert isinstance(app.jinja_env.get_template("visitor/about.html"), FlatGlobalsTemplate)


def test_template_globals_keep_jinjas_precedence_and_late_additions() -> None:
    app = HelpwantedFlask("flat")
    app.jinja_env.loader = DictLoader({"page.html": "{{ a }} {{ b }} {{ c }} {{ d }}"})
    app.jinja_env.globals.update(a="env-a", b="env-b", c="env-c")
    template = app.jinja_env.get_template("page.html", globals={"b": "template-b", "c": "template-c"})
    assert template.render(c="render-c", d="render-d") == "env-a template-b render-c render-d"
    app.jinja_env.globals["a"] = "env-a changed after loading"  # the environment's globals stay live
    assert template.render(d="d") == "env-a changed after loading template-b template-c d"
    assert app.jinja_env.globals["b"] == "env-b"  # a template's own globals never reach the environment


def test_an_included_template_sees_the_includers_context_and_the_globals() -> None:
    app = HelpwantedFlask("flat")
    app.jinja_env.loader = DictLoader({"outer.html": "{% include 'inner.html' %}", "inner.html": "{{ x }}/{{ g }}"})
    app.jinja_env.globals["g"] = "global"
    assert app.jinja_env.get_template("outer.html").render(x="from outer") == "from outer/global"


def test_ensure_sync_is_flasks_answer_kept_per_function(monkeypatch: pytest.MonkeyPatch) -> None:
    app = HelpwantedFlask("sync")
    asked: list[Any] = []
    monkeypatch.setattr(Flask, "async_to_sync", lambda self, func: asked.append(func) or "wrapped")

    def plain() -> None:
        """A plain view."""

    async def coroutine() -> None:
        """An async view."""

    assert app.ensure_sync(plain) is plain
    assert app.ensure_sync(coroutine) == "wrapped"
    assert app.ensure_sync(coroutine) == "wrapped"
    assert asked == [coroutine]  # worked out once
