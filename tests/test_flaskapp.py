"""The app's Flask class (helpwanted/flaskapp.py): its shortcuts give the answers Flask and Jinja give."""

from __future__ import annotations

import io
from typing import Any

import flask
import pytest
import werkzeug.utils
from flask import Flask, Request, request
from jinja2 import DictLoader
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.test import EnvironBuilder

from helpwanted.flaskapp import FlatGlobalsTemplate, HelpwantedFlask, HelpwantedRequest


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


def test_a_redirect_has_no_body_and_the_location_werkzeug_gives(app: Flask) -> None:
    with app.test_request_context("/"):
        ours = flask.redirect("/q/2?x=é", 303)
        werkzeugs = werkzeug.utils.redirect("/q/2?x=é", 303)
        assert ours.status_code == 303 and ours.get_data() == b"" and werkzeugs.get_data() != b""
        location = ours.get_wsgi_headers(request.environ)["Location"]
        assert location == werkzeugs.get_wsgi_headers(request.environ)["Location"] == "/q/2?x=%C3%A9"
    visitor = app.test_client()
    home = visitor.get("/")
    token = home.text.split('name="csrf_token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    started = visitor.post("/start", data={"csrf_token": token, "questionnaire": "received"})
    assert started.status_code == 303 and started.location == "/q/1"
    assert started.data == b"" and started.headers["Content-Length"] == "0"


FORMS = [
    b"a=1&b=2&a=3",
    b"name=with+space&empty=&flag",
    b"percent=%C3%A9t%C3%A9&broken=%ZZ&half=%E",
    b"latin1=%E9t%E9",  # percent-encoded bytes that are not UTF-8 (Werkzeug's error handler keeps them)
    "raw=été".encode(),
    b"raw=\xe9t\xe9",  # raw bytes that are not UTF-8: an empty form
    b"&&=&a==b&;c=d",
    b"nul=%00",
    b"",
]


def _posted(body: bytes, **environ: object) -> dict[str, Any]:
    """The environ of a urlencoded POST as gunicorn makes it (it marks every input terminated)."""
    made = EnvironBuilder(
        method="POST", data=body, content_type="application/x-www-form-urlencoded; charset=UTF-8"
    ).get_environ()
    return {**made, "wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True, **environ}


@pytest.mark.parametrize("body", FORMS)
def test_a_urlencoded_form_reads_as_werkzeug_reads_it(body: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Werkzeug's form, then ours with Werkzeug's parser forbidden: the same, by the one-step read."""
    werkzeugs = Request(_posted(body))
    expected = werkzeugs.form.to_dict(flat=False)
    monkeypatch.setattr(FormDataParser, "parse", lambda *args, **kwargs: pytest.fail("Werkzeug's parser was used"))
    with HelpwantedFlask("forms").request_context(_posted(body)):
        assert request.form.to_dict(flat=False) == expected
        assert not request.files and not werkzeugs.files


class Trickle(io.RawIOBase):
    """A WSGI input that returns one byte per read, as PEP 3333 allows."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        part, self.data = self.data[:1], self.data[1:]
        return part


def test_a_urlencoded_form_is_read_without_werkzeugs_parser(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one-step read is the one used, under gunicorn too (else this shortcut would be dead code)."""
    monkeypatch.setattr(FormDataParser, "parse", lambda *args, **kwargs: pytest.fail("Werkzeug's parser was used"))
    with app.request_context(_posted(b"a=1&b=%C3%A9")):
        assert request.form.to_dict() == {"a": "1", "b": "é"}
        assert request.get_data() == b"" and request.stream.read() == b""  # read to its end, as Werkzeug leaves it
    with app.request_context(_posted(b"a=1&b=2", **{"wsgi.input": Trickle(b"a=1&b=2")})):
        assert request.form.to_dict() == {"a": "1", "b": "2"}
    assert HelpwantedRequest(_posted(b"a=1")).form["a"] == "1"  # outside an app, as Flask's Request


def test_a_urlencoded_form_keeps_werkzeugs_limits_and_its_data(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10
    with app.request_context(_posted(b"a=12345678901")), pytest.raises(RequestEntityTooLarge):
        request.form.get("a")
    app.config["MAX_CONTENT_LENGTH"] = None
    with app.request_context(_posted(b"a=1", CONTENT_LENGTH="9")), pytest.raises(ClientDisconnected):
        request.form.get("a")  # announces more than it sends
    with app.request_context(_posted(b"a=1&b=2")):  # the body read as data first: the form still has it
        assert request.get_data() == b"a=1&b=2" and request.form.to_dict() == {"a": "1", "b": "2"}


def test_other_forms_go_through_werkzeug(app: Flask) -> None:
    with app.test_request_context("/", method="POST", data={"file": (io.BytesIO(b"x"), "x.txt"), "a": "1"}):
        assert request.form["a"] == "1" and request.files["file"].read() == b"x"
    app.debug = True
    with app.test_request_context("/", method="POST", data={"a": "1"}):
        assert request.form["a"] == "1"
        with pytest.raises(KeyError, match="enctype"):  # Flask's debug aid, from Werkzeug's way
            request.files["a"]  # a form field asked for as a file
