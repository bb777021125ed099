"""The questionnaire engine: pure Python, no web framework, no database.

Load and check trees (`load_catalog`, `check_source`), then walk one (`start`, `answer`,
`walk`, `advice_steps`, `advice_parts`). Everything a visitor's progress needs is in `Progress`. Import
everything from this package, not from its modules.
"""

from .catalog import Catalog, Checked, DirectorySource, TreeSource, load_catalog, overlay_catalog, read_file
from .checks import Context
from .engine import (
    InvalidAnswer,
    Progress,
    ProgressError,
    StaleProgress,
    Walk,
    advice_parts,
    advice_steps,
    answer,
    answer_and_walk,
    answered_path,
    shown_steps,
    start,
    walk,
)
from .fold import split_lead
from .graph import Path, all_paths, longest_remaining, to_dot, to_mermaid
from .limits import (
    CHECK_BUDGET_SECONDS,
    ID_PATTERN,
    ID_RULE,
    MAX_DEPTH,
    MAX_NODES,
    MAX_SOURCE_BYTES,
    MAX_TEXT_CHARS,
    is_valid_id,
    utf8_size,
)
from .loader import content_version
from .markdown import render_markdown
from .messages import KIND_NAMES, MESSAGES, render_message
from .model import URGENCIES, Block, Condition, Kind, Node, Option, Route, Scenario, Step, Text, Tree
from .problems import Problem, ProblemList, Severity
from .scenarios import run_scenario
from .texts import VisitorText, coverage, keyed_texts, stale_translations, visitor_texts
from .validate import SourceText, check_source

__all__ = [
    "CHECK_BUDGET_SECONDS",
    "ID_PATTERN",
    "ID_RULE",
    "KIND_NAMES",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_SOURCE_BYTES",
    "MAX_TEXT_CHARS",
    "MESSAGES",
    "URGENCIES",
    "Block",
    "Catalog",
    "Checked",
    "Condition",
    "Context",
    "DirectorySource",
    "InvalidAnswer",
    "Kind",
    "Node",
    "Option",
    "Path",
    "Problem",
    "ProblemList",
    "Progress",
    "ProgressError",
    "Route",
    "Scenario",
    "Severity",
    "SourceText",
    "StaleProgress",
    "Step",
    "Text",
    "Tree",
    "TreeSource",
    "VisitorText",
    "Walk",
    "advice_parts",
    "advice_steps",
    "all_paths",
    "answer",
    "answer_and_walk",
    "answered_path",
    "check_source",
    "content_version",
    "coverage",
    "is_valid_id",
    "keyed_texts",
    "load_catalog",
    "longest_remaining",
    "overlay_catalog",
    "read_file",
    "render_markdown",
    "render_message",
    "run_scenario",
    "shown_steps",
    "split_lead",
    "stale_translations",
    "start",
    "to_dot",
    "to_mermaid",
    "utf8_size",
    "visitor_texts",
    "walk",
]
