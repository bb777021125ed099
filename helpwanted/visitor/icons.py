"""Topic icons: small, self-hosted SVGs drawn inline (no request, so no URL that names a topic)."""

from __future__ import annotations

from pathlib import Path

from ..questionnaire import Tree

ICON_FOLDER = Path(__file__).parent.parent / "templates" / "icons"
DEFAULT_ICON = "heart"
TOPIC_ICONS = frozenset(path.stem for path in ICON_FOLDER.glob("*.svg")) - {"phone", "chat"}


def topic_icon(tree: Tree) -> str:
    """The icon a questionnaire names (its top-level `icon:`), else the calm default."""
    return tree.icon if tree.icon in TOPIC_ICONS else DEFAULT_ICON
