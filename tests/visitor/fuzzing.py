"""A visitor-side fuzzer: valid journeys mixed with forged forms, cookies, paths and headers.

Used by the test suite (a short seeded run) and by bench/fuzz_visitor.py (10,000 requests).
"""

from __future__ import annotations

import random
import string
from collections import Counter
from collections.abc import Callable

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from ..conftest import csrf_token

PATHS = ["/", "/about", "/start", "/restart", "/result", "/exit", "/language", "/keep", "/favicon.ico"]
PATHS += [f"/q/{n}" for n in (0, 1, 2, 3, 4, 5, 9, 99, 2**40)] + ["/q/-1", "/q/x", "/static/site.css"]
FIELDS = ["csrf_token", "node", "answer", "questionnaire", "lang", "back", "change", "helpful", "next"]
NASTY = [
    "",
    "\x00",
    "\n\r",
    "\t//evil.example",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\u202e",
    "%00",
    "a" * 5000,
    "🙂" * 50,
    "0",
    "-1",
    "1e309",
    "[]",
    "{}",
]


class Fuzzer:
    """One visitor's browser gone wrong: mostly real steps, often a forged one."""

    def __init__(self, client: FlaskClient, questionnaires: list[str], seed: int) -> None:
        self.client = client
        self.questionnaires = questionnaires
        self.random = random.Random(seed)
        self.token = ""
        self.seen_nodes: list[str] = ["safety"]
        self.seen_options: list[str] = ["no", "yes"]

    def text(self) -> str:
        """A value a form might get: real ids, nasty strings or noise."""
        pick = self.random.random()
        if pick < 0.45:
            return self.random.choice(self.seen_nodes + self.seen_options + self.questionnaires)
        if pick < 0.75:
            return self.random.choice(NASTY)
        length = self.random.randint(0, 40)
        return "".join(self.random.choice(string.printable) for _ in range(length))

    def form(self) -> dict[str, object]:
        """Fields for a POST: usually the CSRF token, a node and answers, sometimes anything."""
        data: dict[str, object] = {}
        if self.random.random() < 0.85:
            data["csrf_token"] = self.token if self.random.random() < 0.9 else self.text()
        for name in self.random.sample(FIELDS[1:], self.random.randint(0, 5)):
            data[name] = [self.text() for _ in range(self.random.randint(1, 3))] if name == "answer" else self.text()
        return data

    def learn(self, response: TestResponse) -> None:
        """Pick up the CSRF token and ids of the page, as a browser would submit them."""
        if response.mimetype != "text/html":
            return
        html = response.get_data(as_text=True)
        if 'name="csrf_token"' in html:
            self.token = csrf_token(html)
        for marker, ids in (('name="node" value="', self.seen_nodes), ('name="answer" value="', self.seen_options)):
            for chunk in html.split(marker)[1:]:
                ids.append(chunk.split('"', 1)[0])
        del self.seen_nodes[:-30], self.seen_options[:-60]

    def tamper_cookie(self) -> None:
        """Truncate, flip, replace or drop the session cookie."""
        cookie = self.client.get_cookie("s")
        value = cookie.value if cookie else ""
        choice = self.random.randrange(4)
        if choice == 0 or not value:
            self.client.set_cookie("s", self.text().replace(";", "").replace("\n", "")[:200])
        elif choice == 1:
            self.client.set_cookie("s", value[: self.random.randrange(len(value))])
        elif choice == 2:
            i = self.random.randrange(len(value))
            self.client.set_cookie("s", value[:i] + self.random.choice("AbZ09-_") + value[i + 1 :])
        else:
            self.client.delete_cookie("s")

    def request(self) -> TestResponse:
        """One request: a real next step most of the time, a forged one otherwise."""
        headers = {"Accept-Language": self.random.choice(["nl", "en", "de", "*", "", "x" * 300, "nl;q=abc"])}
        roll = self.random.random()
        if roll < 0.05:
            self.tamper_cookie()
        if roll < 0.15:
            data = {"csrf_token": self.token, "questionnaire": self.random.choice(self.questionnaires)}
            response = self.client.post("/start", data=data, headers=headers)
        elif roll < 0.55:
            path = self.random.choice(PATHS)
            response = self.client.post(path, data=self.form(), headers=headers)
        elif roll < 0.6:
            body = bytes(self.random.randrange(256) for _ in range(self.random.randint(0, 2000)))
            kind = self.random.choice(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"])
            path = self.random.choice(PATHS)
            response = self.client.post(path, data=body, headers={**headers, "Content-Type": kind})
        else:
            path = self.random.choice(PATHS)
            if self.random.random() < 0.2:
                path += "?" + self.random.choice(["change=1", "change=\x00", "lang=en", "a=" + "b" * 3000])
            response = self.client.get(path, headers=headers)
        response.get_data()
        response.close()
        self.learn(response)
        return response


def fuzz(
    client: FlaskClient, questionnaires: list[str], requests: int, seed: int = 0, on_5xx: Callable[..., None] | None = None
) -> Counter[int]:
    """Send requests; count the status codes (and report each 5xx to on_5xx)."""
    fuzzer = Fuzzer(client, questionnaires, seed)
    statuses: Counter[int] = Counter()
    for _ in range(requests):
        response = fuzzer.request()
        statuses[response.status_code] += 1
        if response.status_code >= 500 and on_5xx is not None:
            on_5xx(response)
    return statuses
