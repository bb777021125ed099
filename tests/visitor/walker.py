"""Walk a questionnaire with the test client, the way a browser without JavaScript would."""

from __future__ import annotations

from collections.abc import Mapping

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from ..conftest import csrf_token


class Visitor:
    """A visitor's browser: follows redirects, remembers the last page's CSRF token."""

    def __init__(self, client: FlaskClient, language: str = "nl") -> None:
        self.client = client
        self.headers = {"Accept-Language": language}
        self.visited: list[str] = []
        self.token = ""

    def get(self, url: str) -> TestResponse:
        response = self.client.get(url, headers=self.headers)
        response.get_data()  # buffer the body, then close static files' streams
        response.close()
        self.visited.append(url)
        if response.mimetype == "text/html" and 'name="csrf_token"' in response.get_data(as_text=True):
            self.token = csrf_token(response.get_data(as_text=True))
        return response

    def post(self, url: str, data: dict[str, object]) -> TestResponse:
        response = self.client.post(url, data={"csrf_token": self.token, **data}, headers=self.headers)
        response.get_data()
        response.close()  # as a WSGI server does: what the response runs on close (the replay) runs now
        self.visited.append(url)
        return response

    def follow(self, response: TestResponse) -> TestResponse:
        assert response.status_code in (302, 303), response.status_code
        return self.get(response.location)

    def start(self, questionnaire: str) -> TestResponse:
        self.get("/")
        return self.follow(self.post("/start", {"questionnaire": questionnaire}))

    def answer(self, number: int, node: str, *options: str, change: bool = False) -> TestResponse:
        data: dict[str, object] = {"node": node, "answer": list(options)}
        if change:
            data["change"] = "1"
        return self.post(f"/q/{number}", data)

    def walk(self, questionnaire: str, answers: Mapping[str, tuple[str, ...]]) -> TestResponse:
        """Start, answer each question shown from answers (continue past info pages), reach advice."""
        response = self.start(questionnaire)
        number = 1
        while response.request.path.startswith("/q/"):
            html = response.get_data(as_text=True)
            node = html.split('name="node" value="', 1)[1].split('"', 1)[0]
            response = self.follow(self.answer(number, node, *answers.get(node, ())))
            number += 1
        return response
