"""Link checking: every URL in the live trees and the help channels, fetched concurrently with a timeout.

A link is broken when the server answers 4xx/5xx, or does not answer in time, or cannot be
reached at all. HEAD first (small), GET when a server does not allow HEAD. No referrer and no
cookies are sent; the request names this checker in its User-Agent.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..contacts import Channel
from ..questionnaire import Tree
from ..questionnaire.texts import keyed_texts

URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+")
USER_AGENT = "helpwanted-linkcheck/1 (+the helpline's content staff)"


@dataclass
class Link:
    """One URL and every place it is used."""

    url: str
    places: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Result:
    """What checking one URL found."""

    url: str
    places: tuple[str, ...]
    status: int | None
    error: str

    @property
    def broken(self) -> bool:
        """No answer, or an error status."""
        return self.status is None or self.status >= 400


def collect(trees: Iterable[Tree], channels: Mapping[str, Channel]) -> list[Link]:
    """Every http(s) URL in the trees' texts (all languages) and the channels, with where it is used."""
    found: dict[str, Link] = {}
    for tree in trees:
        for key, text in keyed_texts(tree).items():
            for language, value in text.by_language.items():
                for url in URL.findall(value):
                    _add(found, url.rstrip(".,;:!?"), f"{tree.id} {key} ({language})")
    for channel in channels.values():
        for name in ("url", "chat"):
            url = getattr(channel, name, None)
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                _add(found, url, f"help channel {channel.id} ({name})")
    return sorted(found.values(), key=lambda link: link.url)


def _add(found: dict[str, Link], url: str, place: str) -> None:
    link = found.setdefault(url, Link(url))
    if place not in link.places:
        link.places.append(place)


def check_one(link: Link, timeout: float) -> Result:
    """Fetch one URL (HEAD, then GET if HEAD is not allowed)."""
    status, error = None, ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(link.url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310 - http(s) only, by the pattern
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status, error = int(response.status), ""
        except urllib.error.HTTPError as failure:
            status, error = int(failure.code), str(failure.reason)
        except (urllib.error.URLError, TimeoutError, ConnectionError, ValueError) as failure:
            status, error = None, str(getattr(failure, "reason", failure)) or type(failure).__name__
        if status not in (405, 501):
            break
    return Result(link.url, tuple(link.places), status, error)


def check_all(links: list[Link], timeout: float = 8.0, workers: int = 8) -> list[Result]:
    """Check every link concurrently; the broken ones first, then by URL."""
    if not links:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(links)))) as pool:
        results = list(pool.map(lambda link: check_one(link, timeout), links))
    return sorted(results, key=lambda result: (not result.broken, result.url))
