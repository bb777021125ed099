"""The helpline's own face: name, logo (SVG) and colours from the instance configuration.

Checked once at start-up: a colour that would put text below WCAG AA contrast (4.5:1)
stops the app with a message that names the colour, the ratio and what it was checked
against. The colours reach the pages as a tiny style sheet (/brand.css), so the CSP
stays free of inline styles.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from flask import Flask, current_app

AA_TEXT = 4.5
WHITE = "#ffffff"
SOFT = "#f3f4f8"  # the card background in site.css
DEFAULT_COLOURS = {"brand": "#24306b", "link": "#1d4ed8", "button": "#00703c"}
# What each colour is drawn against in site.css: (background, foreground) pairs to check.
USES = {
    "brand": (
        (("brand", WHITE), "white text on the header"),
        ((WHITE, "brand"), "headings on white"),
        ((SOFT, "brand"), "topic titles on the light cards"),
    ),
    "link": (((WHITE, "link"), "links on white"), ((SOFT, "link"), "links on the light help block")),
    "button": ((("button", WHITE), "white text on buttons"),),
}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_UNSAFE_SVG = re.compile(
    r"<script|\son\w+\s*="  # scripts and event handlers
    r"|(?:href|src)\s*=\s*[\"']\s*(?:https?:|//|javascript:)"  # links and loads elsewhere
    r"|url\(\s*[\"']?\s*(?:https?:|//)",  # CSS loads elsewhere
    re.IGNORECASE,
)


class BrandingError(ValueError):
    """The instance configuration's branding cannot be used; start-up stops with this message."""


@dataclass(frozen=True)
class Branding:
    """Name, logo and colours of this helpline."""

    name: str
    logo_svg: bytes
    colours: dict[str, str]

    def stylesheet(self) -> str:
        """The colours as CSS custom properties (values were checked to be #rrggbb)."""
        return ":root{" + "".join(f"--{key}:{value};" for key, value in sorted(self.colours.items())) + "}\n"


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours (1 to 21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def check_colours(given: dict[str, str]) -> dict[str, str]:
    """The full colour set; raise BrandingError for an unknown name, a bad value or too little contrast."""
    unknown = set(given) - set(DEFAULT_COLOURS)
    if unknown:
        raise BrandingError(
            f"HELPLINE_COLOURS: unknown colour(s) {', '.join(sorted(unknown))}; known: {', '.join(DEFAULT_COLOURS)}"
        )
    colours = {**DEFAULT_COLOURS, **given}
    for name, value in colours.items():
        if not isinstance(value, str) or not _HEX.match(value):
            raise BrandingError(f"HELPLINE_COLOURS[{name!r}] = {value!r}: give a colour like #24306b")
    for name, uses in USES.items():
        for (back, fore), what in uses:
            ratio = contrast(colours.get(back, back), colours.get(fore, fore))
            if ratio < AA_TEXT:
                raise BrandingError(
                    f"HELPLINE_COLOURS[{name!r}] = {colours[name]} gives {ratio:.2f}:1 for {what}; "
                    f"WCAG AA needs at least {AA_TEXT}:1. Choose a darker colour."
                )
    return colours


def read_logo(path: Path) -> bytes:
    """The logo file, refused unless it is a plain SVG without scripts or outside references."""
    try:
        data = path.read_bytes()
        root = ET.fromstring(data)  # noqa: S314 - the operator's own file, read once at start-up
    except (OSError, ET.ParseError) as error:
        raise BrandingError(f"HELPLINE_LOGO {path}: cannot read it as SVG ({error})") from None
    if not root.tag.endswith("svg"):
        raise BrandingError(f"HELPLINE_LOGO {path}: the file is not an SVG image")
    if _UNSAFE_SVG.search(data.decode("utf-8", errors="replace")):
        raise BrandingError(f"HELPLINE_LOGO {path}: scripts, event handlers and outside references are not allowed")
    return data


def init_app(app: Flask) -> None:
    """Read and check the branding once; a bad configuration stops start-up."""
    logo = app.config.get("HELPLINE_LOGO") or str(Path(app.root_path) / "static" / "logo.svg")
    app.extensions["helpwanted.branding"] = Branding(
        name=str(app.config.get("HELPLINE_NAME") or "Helpwanted"),
        logo_svg=read_logo(Path(logo)),
        colours=check_colours(dict(app.config.get("HELPLINE_COLOURS") or {})),
    )
    app.jinja_env.globals["branding"] = branding


def branding() -> Branding:
    """This instance's branding."""
    return cast(Branding, current_app.extensions["helpwanted.branding"])
