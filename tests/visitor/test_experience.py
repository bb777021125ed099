"""Issue 14 without a browser: helpful yes/no, the help block per page, age-fitting lines, branding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from helpwanted import create_app
from helpwanted.branding import BrandingError, contrast
from helpwanted.models import UsageCounter

from ..pages import page
from .fixtures import at
from .walker import Visitor

PAID_UNDER_18 = {
    "safety": ("no",),
    "who": ("online",),
    "have": ("sent",),
    "paid": ("money",),
    "spread": ("no",),
    "age": ("under18",),
}
PAID_ADULT = {**PAID_UNDER_18, "age": ("adult",)}


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """Each visit's counters written at once; their grouping has its own tests (tests/test_counter_privacy.py)."""
    return {**app_config, "COUNT_MIX_VISITS": 1}


def helpful_counts(app: Flask) -> dict[tuple[str, str], int]:
    """The stored 'helpful' counters: (outcome, yes|no) → count."""
    app.extensions["helpwanted.counters"].flush(force=True)
    found: dict[tuple[str, str], int] = {}
    with app.extensions["helpwanted.engine"].connect() as connection:
        for row in connection.execute(select(UsageCounter).where(UsageCounter.event == "helpful")):
            assert row.period.day == 1, "helpful is counted per month, never per day"
            found[(row.node, row.option)] = found.get((row.node, row.option), 0) + row.count
    return found


def test_helpful_yes_is_counted_once_per_visit_and_thanked(client: FlaskClient, app: Flask) -> None:
    visitor = Visitor(client, "en")
    result = visitor.walk("sextortion", PAID_UNDER_18)
    assert "Was this advice helpful?" in result.get_data(as_text=True)
    response = visitor.post("/helpful", {"helpful": "yes"})
    assert response.status_code == 303 and response.location == "/result#helpful"
    again = visitor.post("/helpful", {"helpful": "no"})  # a second answer on the same visit is ignored
    assert again.status_code == 303
    assert helpful_counts(app) == {("already-paid", "yes"): 1}
    thanked = visitor.get("/result").get_data(as_text=True)
    assert "Thank you" in thanked and 'name="helpful"' not in thanked


@pytest.mark.parametrize(
    "data", [{"helpful": "maybe"}, {"helpful": ""}, {"helpful": "yes", "csrf_token": "forged"}, {"comment": "hi"}]
)
def test_forged_helpful_posts_are_refused_with_a_4xx(client: FlaskClient, data: dict[str, Any]) -> None:
    visitor = Visitor(client, "en")
    visitor.walk("sextortion", PAID_UNDER_18)
    response = visitor.post("/helpful", data)
    assert response.status_code == 400


def test_helpful_without_a_finished_journey_is_a_4xx(client: FlaskClient) -> None:
    visitor = Visitor(client, "en")
    visitor.get("/")
    assert visitor.post("/helpful", {"helpful": "yes"}).status_code == 400
    visitor.start("sextortion")
    assert visitor.post("/helpful", {"helpful": "yes"}).status_code == 400


def test_question_pages_have_the_compact_help_and_outcomes_the_full_one(client: FlaskClient) -> None:
    visitor = Visitor(client, "en")
    question = visitor.start("sextortion").get_data(as_text=True)
    assert '<details class="help-details">' in question and '<h2 id="help-title">' not in question
    result = visitor.walk("sextortion", PAID_UNDER_18).get_data(as_text=True)
    assert '<details class="help-details">' not in result and '<h2 id="help-title">' in result
    assert result.index("Do this first") < result.index("What else you can do") < result.index('id="help-title"')


def test_113_is_on_every_page(client: FlaskClient) -> None:
    visitor = Visitor(client, "en")
    pages = [visitor.get("/"), visitor.get("/about"), visitor.start("spread")]
    pages.append(visitor.walk("sextortion", {"safety": ("yes",)}))  # the urgent outcome
    pages.append(visitor.walk("sextortion", PAID_UNDER_18))
    for response in pages:
        assert "113" in response.get_data(as_text=True).split('class="help-block')[1], response.request.path


def help_names(html: str) -> list[str]:
    block = html.split('class="help-block', 1)[1]
    return [part.split("<", 1)[0] for part in block.split('<p class="channel-name">')[1:]]


def test_a_line_for_another_age_group_is_not_offered_first(lines_app: Flask) -> None:
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 15:00")  # a Monday afternoon: all open
    client = lines_app.test_client()
    under = help_names(Visitor(client, "en").walk("sextortion", PAID_UNDER_18).get_data(as_text=True))
    client.delete_cookie("s")
    adult = help_names(Visitor(client, "en").walk("sextortion", PAID_ADULT).get_data(as_text=True))
    assert sorted(under) == sorted(adult)
    assert under.index("De Kindertelefoon") < under.index("Helpwanted")  # file order for an under-18
    assert adult[-1] == "De Kindertelefoon"  # for under-18s: last for an adult


def test_open_lines_come_before_closed_ones_and_say_when_they_open(lines_app: Flask) -> None:
    client = lines_app.test_client()
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 15:00")
    day = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert help_names(day) == ["112", "113 Zelfmoordpreventie", "De Kindertelefoon", "Helpwanted"]  # urgent first
    assert "Open now, until 20:00" in day and "Open now, until 18:00" in day and "Open day and night" in day
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 23:00")
    night = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert help_names(night)[-2:] == ["De Kindertelefoon", "Helpwanted"]  # closed: after the open lines
    assert "Closed now. Opens tomorrow at 14:00" in night and "Open now" not in night
    lines_app.extensions["helpwanted.clock"] = at("2026-12-24 19:00")  # Christmas Eve; the 25th is closed
    eve = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Closed now. Opens Saturday at 14:00" not in eve and "Closed now. Opens Monday at 14:00" in eve
    dutch = client.get("/", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Nu gesloten. Open op maandag om 14:00" in dutch


def test_outcome_pages_pass_the_page_checks_and_print_hides_the_answers(client: FlaskClient) -> None:
    response = Visitor(client, "en").walk("sextortion", PAID_UNDER_18)
    page(response)
    html = response.get_data(as_text=True)
    assert '<details class="situation"' in html and 'id="print-answers"' in html


def test_branding_comes_from_the_configuration(app_config: dict[str, Any], tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>')
    app = create_app(
        {**app_config, "HELPLINE_NAME": "Hulplijn Test", "HELPLINE_LOGO": str(logo), "HELPLINE_COLOURS": {"brand": "#5a1e6e"}}
    )
    client = app.test_client()
    home = client.get("/").get_data(as_text=True)
    assert "Hulplijn Test" in home and 'src="/logo.svg"' in home and 'href="/brand.css"' in home
    assert "--brand:#5a1e6e;" in client.get("/brand.css").get_data(as_text=True)
    assert client.get("/logo.svg").get_data() == logo.read_bytes()


@pytest.mark.parametrize(
    ("colours", "message"),
    [
        ({"brand": "#ffcc00"}, r"HELPLINE_COLOURS\['brand'\] = #ffcc00 gives 1\.\d\d:1 for white text on the header"),
        ({"link": "#7aa7ff"}, r"HELPLINE_COLOURS\['link'\].*WCAG AA needs at least 4\.5:1"),
        ({"button": "red"}, "give a colour like #24306b"),
        ({"brand": "#000000;} body{display:none"}, "give a colour like"),
        ({"background": "#000000"}, "unknown colour"),
    ],
)
def test_start_up_refuses_colours_below_wcag_aa(app_config: dict[str, Any], colours: dict[str, str], message: str) -> None:
    with pytest.raises(BrandingError, match=message):
        create_app({**app_config, "HELPLINE_COLOURS": colours})


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/x.png"/></svg>',
        "<html>not an svg</html>",
        "not xml at all",
    ],
)
def test_start_up_refuses_an_unsafe_or_broken_logo(app_config: dict[str, Any], tmp_path: Path, svg: str) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(svg)
    with pytest.raises(BrandingError, match="HELPLINE_LOGO"):
        create_app({**app_config, "HELPLINE_LOGO": str(logo)})


def test_contrast_is_the_wcag_formula() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#24306b", "#ffffff") >= 4.5


def test_the_age_comes_from_the_visitors_own_age_question_only() -> None:
    from helpwanted.visitor.help import visitor_age

    assert visitor_age({"age": ("adult",)}) == "adult"
    assert visitor_age({"my-age": ("under18",), "age": ("yes",)}) == "under18"  # 'age' of someone else
    assert visitor_age({"age-then": ("under18",)}) is None  # the age when an image was made
    assert visitor_age({}) is None


def test_every_shipped_topic_has_its_own_self_hosted_icon(app: Flask, client: FlaskClient) -> None:
    from helpwanted.visitor.icons import TOPIC_ICONS

    client.get("/")  # the catalogue loads on first use
    trees = list(app.extensions["helpwanted.trees"].catalog.trees.values())
    icons = [tree.icon for tree in trees]
    assert all(icon in TOPIC_ICONS for icon in icons), icons
    assert len(set(icons)) == len(icons), "each topic card has its own icon"
    home = client.get("/").get_data(as_text=True)
    assert home.count('<span class="topic-icon"><svg class="icon"') == len(trees)  # inline: no request, no URL
