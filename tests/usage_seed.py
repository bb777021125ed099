"""Seed usage counters directly, as months of real use would leave them (dimensions of counting.py)."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import insert

from helpwanted.models import UsageCounter

Q = "sextortion"


def put(app: Flask, month: date, event: str, count: int, **dims: str) -> None:
    """One counter row."""
    row = {"period": month, "questionnaire": Q, "version": "", "event": event, "node": "", "option": "", "language": ""}
    row.update(dims, count=count)
    with app.extensions["helpwanted.engine"].begin() as connection:
        connection.execute(insert(UsageCounter), [row])


def live_version(app: Flask) -> str:
    """The live version of the sextortion questionnaire."""
    return app.extensions["helpwanted.trees"].catalog.trees[Q].version


def seed_year(app: Flask, year: int) -> str:
    """The issue's situation on today's tree: 'have = nothing' 3 times (all to the threat-without-images
    outcome 'bluff'), 'adult' 3 of 23, one English visit."""
    version = live_version(app)
    month = date(year, 3, 1)
    put(app, month, "start", 30, version=version, language="nl")
    put(app, month, "start", 1, version=version, language="en")
    put(app, month, "complete", 27, version=version, language="nl")
    put(app, month, "complete", 1, version=version, language="en")
    outcomes = {"urgent": 2, "bluff": 3, "not-paid": 12, "already-paid": 6, "already-spread": 5}
    for node, count in outcomes.items():
        put(app, month, "outcome", count, node=node)
    answers = {
        "safety": {"yes": 2, "no": 26},
        "who": {"online": 17, "known": 6, "unsure": 3},
        "have": {"sent": 12, "live": 5, "nothing": 3, "unsure": 6},
        "paid": {"money": 5, "images": 3, "no": 15},
        "spread": {"yes": 5, "no": 12, "unknown": 6},
        "age": {"under18": 20, "adult": 3},
    }
    for node, options in answers.items():
        put(app, month, "reach", sum(options.values()), version=version, node=node)
        for option, count in options.items():
            put(app, month, "answer", count, version=version, node=node, option=option)
    put(app, date(year - 1, 3, 1), "complete", 20, version=version, language="nl")
    put(app, date(year - 1, 3, 1), "outcome", 20, node="not-paid")
    return version
