"""A checker for every rendered page: valid HTML, a neutral title, unique ids, labelled inputs, no other hosts.

`CheckedClient` runs it on every HTML response a test client receives (as GOV.UK Notify's test
client does), so no page escapes it: conftest.py makes it the test client of every app.
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from typing import Any

import html5lib
from flask import Flask, Response, request
from flask.testing import FlaskClient
from html5lib.html5parser import ParseError
from werkzeug.test import TestResponse
from werkzeug.wrappers import Response as BaseResponse

# Words that would give away why a visitor is here, in a URL, a title or a cookie.
TOPIC_WORDS = (
    "sextortion",
    "afpers",
    "blackmail",
    "naakt",
    "nude",
    "spread",
    "verspreid",
    "harass",
    "lastig",
    "hack",
    "nep",
    "fake",
    "received",
    "ontvangen",
    "porn",
    "seks",
    "sex",
    "dreig",
    "threat",
    "gevaar",
    "danger",
    "suicide",
    "zelfmoord",
    "image",
    "foto",
    "photo",
    "video",
)
ALLOWED_EXTERNAL = ("tel:", "mailto:")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.in_title = False
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.inputs: list[dict[str, str]] = []
        self.urls: list[tuple[str, str]] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag == "title":
            self.in_title = True
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "label" and "for" in attributes:
            self.label_for.add(attributes["for"])
        if tag in ("input", "select", "textarea") and attributes.get("type") not in ("hidden", "submit"):
            self.inputs.append(attributes)
        for name in ("href", "src", "action", "formaction"):
            if name in attributes:
                self.urls.append((tag, attributes[name]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


def valid_html(html: str) -> None:
    """Assert that html parses without a single error under the HTML standard's rules (html5lib, strict)."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(html)
    except ParseError:
        (line, column), code, data = parser.errors[0]
        context = html.splitlines()[line - 1][max(0, column - 80) : column + 40] if line else ""
        raise AssertionError(f"invalid HTML at {line}:{column}: {code} {data or ''}\n  {context}") from None


def page(response: BaseResponse, visitor: bool = True) -> _Collector:
    """Parse a page and assert the rules every page must keep; return what was found."""
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert html.lstrip().lower().startswith("<!doctype html>")
    valid_html(html)
    found = _Collector()
    found.feed(html)
    assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", found.html_lang or ""), "the page needs <html lang>"
    assert found.title.strip(), "the page needs a <title>"
    duplicates = {i for i in found.ids if found.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for field in found.inputs:
        assert field.get("id") in found.label_for or field.get("aria-label"), f"unlabelled input {field}"
    for tag, url in found.urls:
        internal = url.startswith("/") and not url.startswith("//")
        outbound_link = tag == "a" and (url.startswith("https://") or url.startswith(ALLOWED_EXTERNAL))
        assert internal or outbound_link or url.startswith("#"), f"{tag} refers to another host: {url}"
        if tag in ("script", "link", "img", "form", "iframe"):
            assert internal, f"{tag} loads from another host: {url}"
    if visitor:
        title = found.title.lower()
        assert not [w for w in TOPIC_WORDS if w in title], f"topic word in title {found.title!r}"
        assert re.search(r"(Adviesmodule|Advice module)$", found.title.strip())
    return found


# Per-request values in a page: the CSRF token (hidden fields, data-csrf) and a CSP nonce.
PER_REQUEST = re.compile(r'(?:\bdata-csrf|\bnonce|name="csrf_token"(?: type="hidden")? value)="([^"]*)"')
PLAIN_TOKEN = re.compile(r"[A-Za-z0-9._-]{16,200}")
PASSED: set[bytes] = set()
"""Pages that passed `page()`, with their per-request values masked (this process's session)."""


def _same_page_key(html: str, visitor: bool) -> bytes | None:
    """The page with its CSRF tokens and nonces masked; None when one of them is not a plain token.

    Two pages that differ only in such values check the same: a value of letters, digits, '.', '_'
    and '-' inside a quoted attribute can change neither the parse nor anything `page()` looks at
    (no id, title, URL or label is made of a token). So a page equal to one that passed, but for
    its tokens, has passed; everything else is checked in full.
    """
    tokens = set(PER_REQUEST.findall(html))
    if not all(PLAIN_TOKEN.fullmatch(token) for token in tokens):
        return None
    for token in sorted(tokens, key=len, reverse=True):
        html = html.replace(token, "\x00token\x00")
    return hashlib.blake2b(f"{visitor}\x00{html}".encode(), digest_size=20).digest()


def check_page(response: BaseResponse, visitor: bool) -> None:
    """`page()` on every page, skipping a page that passed before but for its per-request tokens."""
    key = _same_page_key(response.get_data(as_text=True), visitor)
    if key is not None and key in PASSED:
        assert response.mimetype == "text/html"
        return
    page(response, visitor)
    if key is not None:
        PASSED.add(key)


class CheckedClient(FlaskClient):
    """A test client that checks every HTML page it receives; staff pages need no visitor title."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        """Send the request as usual, then check the response if it is a page."""
        response = super().open(*args, **kwargs)
        redirect = 300 <= response.status_code < 400  # no page: ours have no body, routing's have Werkzeug's stub
        if response.mimetype == "text/html" and not redirect and response.data:
            check_page(response, visitor=not response.request.path.startswith("/staff"))
        return response


def check_served_pages(app: Flask, problems: list[str]) -> None:
    """Check every page app serves to a real browser too; what fails is added to problems."""

    @app.after_request
    def check(response: Response) -> Response:
        redirect = 300 <= response.status_code < 400
        if response.mimetype == "text/html" and not redirect and not response.direct_passthrough and response.data:
            try:
                check_page(response, visitor=not request.path.startswith("/staff"))
            except AssertionError as error:
                problems.append(f"{request.method} {request.path}: {error}")
        return response
