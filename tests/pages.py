"""A checker for every rendered page: a neutral title, unique ids, labelled inputs, no other hosts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from werkzeug.test import TestResponse

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


def page(response: TestResponse, visitor: bool = True) -> _Collector:
    """Parse a page and assert the rules every page must keep; return what was found."""
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert html.lstrip().lower().startswith("<!doctype html>")
    found = _Collector()
    found.feed(html)
    assert found.html_lang in ("nl", "en"), "the page needs <html lang>"
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
