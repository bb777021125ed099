"""Topic icons: small, self-hosted SVGs drawn inline (no request, so no URL that names a topic)."""

from __future__ import annotations

from pathlib import Path

from ..questionnaire import Tree

ICON_FOLDER = Path(__file__).parent.parent / "templates" / "icons"
DEFAULT_ICON = "heart"
TOPIC_ICONS = frozenset(("shield", "share", "envelope", "message", "heart", "eye", "lock"))


def topic_icon(tree: Tree) -> str:
    """The icon a questionnaire names (its `icon` field), else the calm default."""
    name = str(getattr(tree, "icon", "") or "")
    return name if name in TOPIC_ICONS else DEFAULT_ICON
