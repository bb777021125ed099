"""Hostile questionnaire files, as an attacker or a careless editor would write them (issue 11).

Shared by the command-line tests (tests/editor/test_commands.py) and the timing script
(bench/hostile_trees.py).
"""

from __future__ import annotations

from pathlib import Path

from helpwanted.questionnaire import MAX_TEXT_CHARS

EXAMPLE = (Path(__file__).parent / "trees" / "example.yaml").read_text()


def _blocks(text: str, count: int) -> str:
    """Many blocks with a hostile text each (each is slow to check: a test of the time budget). Each text
    ends in its block's number: the checker reads a repeated text once per tree (issue 13)."""
    return "".join(f'  b{i}:\n    text: {{nl: "{text}{i}", en: "x"}}\n' for i in range(count))


def long_scenario(questions: int) -> str:
    """The example with a chain of questions between the safety question and 'about', and one scenario through it."""
    chain = "".join(
        f"  - {{id: q{i}, type: question, text: {{nl: V?, en: Q?}}, options: [{{id: a, label: {{nl: A, en: A}}, "
        f"next: {f'q{i + 1}' if i + 1 < questions else 'about'}}}, {{id: b, label: {{nl: B, en: B}}, next: about}}]}}\n"
        for i in range(questions)
    )
    answers = ", ".join(f"q{i}: a" for i in range(questions))
    nodes = EXAMPLE.split("\nscenarios:\n")[0].replace("        next: about\n", "        next: q0\n", 1)
    danger = "  - name: in danger\n    answers: {safety: yes}\n    expect: urgent\n"
    long_way = f"  - name: the long way\n    answers: {{safety: no, {answers}, where: chat, age: adult}}\n"
    return nodes + "\n" + chain + "\nscenarios:\n" + danger + long_way + "    expect: chat-advice\n"


def many_routes(routes: int) -> str:
    """The example with `routes` conditional routes on the question 'age' (each option has no route of its own)."""
    many = "      - when: {where: game, age: adult}\n        goto: game-advice\n" * routes
    return EXAMPLE.replace(
        "    next:\n      - when: {where: game}\n", "    next:\n" + many + "      - when: {where: game}\n", 1
    )


def hostile_trees() -> dict[str, str]:
    """Name (a valid questionnaire id) → file text."""
    return {
        "huge": "".join(f"k{i}: 1\n" for i in range(1_000_000)),  # 1M keys, 11 MB
        "values": "title: [" + ",".join(["1"] * 400_000) + "]\n",  # under 1 MiB, too many values
        "nested": "title: {nl: a, en: b}\nsummary: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "indented": "title:\n" + "".join(" " * depth + f"k{depth}:\n" for depth in range(1, 1_400)),
        "shapes": EXAMPLE.replace("    type: info\n", "    type: [info]\n").replace("type: question", "type: {a: b}", 1),
        "longid": EXAMPLE.replace("id: about", "id: " + "a" * 65),
        "nulid": EXAMPLE.replace("  - id: about\n", '  - id: "ab\\0out"\n'),
        "rawnul": EXAMPLE.replace("Goed dat", "Goed\x00dat"),
        "bomb": EXAMPLE.replace('nl: "Ja"', 'nl: "' + "[](" * 20_000 + '"'),  # the 60 KB label
        "bombs": EXAMPLE.replace(  # the slowest Markdown text (quadratic in markdown-it) at the text limit
            'nl: "We stellen je nu een paar vragen."', 'nl: "' + "![" * (MAX_TEXT_CHARS // 2 - 2) + '<b>"'
        ),
        "manybombs": EXAMPLE.replace("blocks:\n", "blocks:\n" + _blocks("[" * (MAX_TEXT_CHARS - 10), 300)),
        "bidi": EXAMPLE.replace('nl: "Ja"', 'nl: "Ja\u202e"'),
        "tabs": EXAMPLE.replace("    type: info\n", "\ttype: info\n").replace("    type: outcome\n", "\ttype: outcome\n"),
        "manynodes": EXAMPLE.replace(
            "nodes:\n", "nodes:\n" + "".join(f"  - {{id: n{i}, type: info}}\n" for i in range(5_000))
        ),
        "manykeys": "title: {nl: a, en: b}\n" + "".join(f"x{i}: 1\n" for i in range(100_000)),
        "scenario": long_scenario(1_500),  # attack 4: each step walks the path again (22 s before the fix)
        "routes": many_routes(8_000),  # attack 4: each route compared with every shared one (61 s before)
    }
