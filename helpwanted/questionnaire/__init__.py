"""The questionnaire engine: pure Python, no web framework, no database.

Load and check trees (`load_catalog`, `check_source`), then walk one (`start`, `answer`,
`walk`, `advice_steps`, `advice_parts`). Everything a visitor's progress needs is in `Progress`.
"""

from .catalog import Catalog, DirectorySource, SourceText, TreeSource, check_source, load_catalog, read_file
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
    start,
    walk,
)
from .model import Block, Condition, Kind, Node, Option, Route, Scenario, Step, Text, Tree
from .problems import Problem, ProblemList, Severity

__all__ = [
    "Block",
    "Catalog",
    "Condition",
    "Context",
    "DirectorySource",
    "InvalidAnswer",
    "Kind",
    "Node",
    "Option",
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
    "Walk",
    "advice_parts",
    "advice_steps",
    "answer",
    "answer_and_walk",
    "answered_path",
    "check_source",
    "load_catalog",
    "read_file",
    "start",
    "walk",
]
