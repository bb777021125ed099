"""Help channels: names, numbers and links from the one file that holds them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from flask import Flask, current_app


@dataclass(frozen=True)
class Channel:
    """One place a visitor can turn to."""

    id: str
    name: str
    what: dict[str, str]
    phone: str | None
    url: str | None
    hours: dict[str, str]
    checked: date
    verify: bool
    everywhere: bool

    @property
    def tel(self) -> str | None:
        """The phone number as a tel: link target."""
        return "tel:" + "".join(c for c in self.phone if c.isdigit()) if self.phone else None


def load_channels(path: Path) -> dict[str, Channel]:
    """Read the channels file; a broken file stops start-up with its message."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        str(key): Channel(
            id=str(key),
            name=str(value["name"]),
            what=dict(value["what"]),
            phone=value.get("phone"),
            url=value.get("url"),
            hours=dict(value.get("hours") or {}),
            checked=value["checked"],
            verify=bool(value.get("verify", False)),
            everywhere=bool(value.get("everywhere", False)),
        )
        for key, value in data["channels"].items()
    }


def init_app(app: Flask) -> None:
    """Load the channels once at start-up."""
    app.extensions["helpwanted.channels"] = load_channels(Path(app.config["HELP_CHANNELS_FILE"]))
    app.jinja_env.globals["help_channels"] = everywhere_channels
    app.jinja_env.globals["channels_by_id"] = channels


def channels() -> dict[str, Channel]:
    """Every configured channel by id."""
    return current_app.extensions["helpwanted.channels"]


def everywhere_channels() -> list[Channel]:
    """The channels of the help block shown on every page, in file order."""
    return [channel for channel in channels().values() if channel.everywhere]
