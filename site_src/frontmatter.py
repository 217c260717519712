"""YAML front matter that remembers where each key was written.

Error messages must name the line, so the YAML is composed into nodes first
(which carry their marks) and only then turned into Python values.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

import yaml

from .model import Problem


class ContentError(Exception):
    """Raised with every problem found; the build reports them all and stops."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Mapping:
    """A parsed YAML mapping plus the file line of each key."""

    values: dict
    lines: dict
    first_line: int

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.first_line)


def parse_yaml_mapping(text: str, path: str, first_line: int = 1) -> Mapping:
    """Parse `text` (which starts at `first_line` of `path`) as one YAML mapping."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Mapping({}, {}, first_line)
        if not isinstance(node, yaml.MappingNode):
            raise ContentError([Problem(
                path, first_line + node.start_mark.line,
                "front matter must be a mapping of `key: value` lines, "
                f"not a {_yaml_kind(node)}")])
        lines: dict = {}
        for key_node, _ in node.value:
            key = key_node.value
            line = first_line + key_node.start_mark.line
            if key in lines:
                raise ContentError([Problem(
                    path, line, f"key `{key}` is given twice (first on line "
                    f"{lines[key]}); keep one")])
            lines[key] = line
        values = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        reason = error.problem or "invalid YAML"
        raise ContentError([Problem(
            path, line, f"YAML syntax error: {reason}; check the indentation, "
            "colons and quotes on this line")]) from None
    except yaml.YAMLError as error:
        raise ContentError([Problem(path, first_line, f"YAML error: {error}")]) from None
    finally:
        loader.dispose()
    return Mapping({str(k): v for k, v in values.items()},
                   {str(k): v for k, v in lines.items()}, first_line)


def _yaml_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"


def split_front_matter(text: str, path: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, body's first line number)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            front = "\n".join(lines[1:number - 1])
            body = "\n".join(lines[number:])
            return front, body, number + 1
    raise ContentError([Problem(
        path, 1, "front matter opened with `---` is never closed; add a line "
        "`---` after the last metadata line")])


def check_keys(mapping: Mapping, known: tuple[str, ...], path: str) -> list[Problem]:
    """Warn about keys that look like typos of known ones; keep the rest silently."""
    warnings = []
    for key in sorted(mapping.values, key=mapping.line_of):
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
        if close:
            warnings.append(Problem(
                path, mapping.line_of(key),
                f"unknown key `{key}`: did you mean `{close[0]}`?", "warning"))
    return warnings


def optional_text(mapping: Mapping, key: str, path: str) -> str | None:
    """A text field that may be absent or null; dates and numbers are written as text."""
    value = mapping.values.get(key)
    if value is None:
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ContentError([Problem(
            path, mapping.line_of(key),
            f"`{key}` must be text, not a {_python_kind(value)}")])
    text = str(value).strip()
    return text or None


def _python_kind(value: object) -> str:
    return {dict: "mapping", list: "list", bool: "true/false value"}.get(type(value), type(value).__name__)


def required_text(mapping: Mapping, key: str, path: str, hint: str) -> str:
    value = optional_text(mapping, key, path)
    if value is None:
        raise ContentError([Problem(
            path, mapping.line_of(key) if key in mapping.values else mapping.first_line,
            f"`{key}` is required; {hint}")])
    return value
