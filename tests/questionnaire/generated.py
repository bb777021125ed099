"""Generate valid questionnaires of any size, for property tests and the benchmark."""

from __future__ import annotations

import random


def _text(label: str) -> str:
    return f'{{nl: "{label} nl", en: "{label} en"}}'


def generate_tree(rng: random.Random, questions: int, outcomes: int, options: int = 3) -> str:
    """YAML for a valid tree: a safety question, then a DAG of questions into outcomes.

    Every question leads to the next one on one of its routes, so every node can be reached (a
    tree of mostly unreachable nodes hid a check that grew with the square of a path's length).
    """
    lines = [
        f"title: {_text('Titel')}",
        f"summary: {_text('Samenvatting')}",
        "start: q0",
        "blocks:",
        "  help:",
        "    required: true",
        f"    text: {_text('Praat met iemand')}",
        "nodes:",
        "  - id: q0",
        "    type: question",
        "    safety: true",
        f"    text: {_text('Gevaar')}",
        "    options:",
        f"      - {{id: yes, label: {_text('Ja')}, next: urgent}}",
        f"      - {{id: no, label: {_text('Nee')}, next: {'q1' if questions > 1 else 'o0'}}}",
    ]
    for index in range(1, questions):
        later = [f"q{j}" for j in range(index + 1, min(questions, index + 6))]
        targets = later + [f"o{k}" for k in range(outcomes)]
        following = later[0] if later else rng.choice(targets)  # keeps every question reachable
        lines += [f"  - id: q{index}", "    type: question", f"    text: {_text(f'Vraag {index}')}"]
        kind = rng.random()
        count = rng.randint(2, options)
        if kind < 0.2:  # multiple choice, routed by the question
            lines += ["    multiple: true", "    options:"]
            lines += [f"      - {{id: a{o}, label: {_text(f'Optie {o}')}}}" for o in range(count)]
            lines += [f"    next: {following}"]
        elif kind < 0.4:  # single choice with a conditional shared route
            lines += ["    options:"]
            lines += [f"      - {{id: a{o}, label: {_text(f'Optie {o}')}}}" for o in range(count)]
            lines += [
                "    next:",
                f"      - when: {{q{index}: a0}}",
                f"        goto: {following}",
                f"      - goto: {rng.choice(targets)}",
            ]
        else:
            lines += ["    options:"]
            lines += [
                f"      - {{id: a{o}, label: {_text(f'Optie {o}')}, next: {following if o == 0 else rng.choice(targets)}}}"
                for o in range(count)
            ]
    for name, urgency in [("urgent", "urgent")] + [(f"o{k}", "normal") for k in range(outcomes)]:
        lines += [
            f"  - id: {name}",
            "    type: outcome",
            f"    title: {_text('Advies')}",
            f"    tags: {{topic: test, urgency: {urgency}}}",
            "    see_also: [other]",
            "    first:",  # the content rules: reassurance, talk to someone, a help channel, first
            '      - text: {nl: "Niet jouw schuld. Praat met iemand.", en: "Not your fault. Talk to someone."}',
            "        contacts: [helpwanted]",
            "    steps:",
            f"      - text: {_text('Stap')}",
            "      - block: help",
        ]
    return "\n".join(lines) + "\n"
