"""YAML front matter that remembers where each key was written.

Error messages must name the line, so the YAML is composed into nodes first
(which carry their marks) and only then turned into Python values.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace

import yaml

from .model import Problem
from .settings import Schema


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
    nodes: dict = field(default_factory=dict, compare=False, repr=False)  # each key's value as a YAML node
    node_offset: int | None = None  # the file line of the YAML text's first line; first_line if None

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.first_line)

    def line_within(self, key: str, *steps: str | int) -> int:
        """The line of a value nested under `key` (by mapping keys and list positions), or of the
        deepest of them that exists."""
        line, node = self.line_of(key), self.nodes.get(key)
        for step in steps:
            if isinstance(node, yaml.MappingNode):
                node = next((value for name, value in node.value if name.value == step), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            else:
                node = None
            if node is None:
                break
            line = self._offset + node.start_mark.line
        return line

    @property
    def _offset(self) -> int:
        return self.first_line if self.node_offset is None else self.node_offset

    def within(self, key: str) -> Mapping:
        """The mapping written under `key` (`settings:`), its keys' lines kept; empty when it is
        not a mapping."""
        return self._nested(self.nodes.get(key), self.values.get(key), self.line_of(key))

    def items(self, key: str) -> tuple[Mapping, ...]:
        """The mappings listed under `key` (`annotations:`), each with its keys' lines; a lone
        mapping counts as a list of one, and an item that is not a mapping is left out (the
        schema's reader refuses it first)."""
        node, value = self.nodes.get(key), self.values.get(key)
        if isinstance(node, yaml.MappingNode) and isinstance(value, dict):
            return (self.within(key),)
        if not isinstance(node, yaml.SequenceNode) or not isinstance(value, list):
            return ()
        return tuple(self._nested(item_node, item, self._offset + item_node.start_mark.line)
                     for item_node, item in zip(node.value, value)
                     if isinstance(item_node, yaml.MappingNode) and isinstance(item, dict))

    def _nested(self, node: yaml.Node | None, value: object, line: int) -> Mapping:
        """The mapping that `node` (built as `value`) writes, starting on file line `line`."""
        if not isinstance(node, yaml.MappingNode) or not isinstance(value, dict):
            return Mapping({}, {}, line)
        lines = {name.value: self._offset + name.start_mark.line for name, _ in node.value
                 if isinstance(name, yaml.ScalarNode)}
        nodes = {name.value: part for name, part in node.value if isinstance(name, yaml.ScalarNode)}
        if len(node.value) == len(value) and all(isinstance(name, yaml.ScalarNode) for name, _ in node.value):
            # Keys as written: YAML 1.1 reads a bare `on:` or `no:` as true or false.
            values = {name.value: v for (name, _), v in zip(node.value, value.values())}
        else:  # a key given twice: YAML keeps the last
            values = {str(k): v for k, v in value.items()}
        return Mapping(values, lines, line, nodes, self._offset)


def parse_yaml_mapping(text: str, path: str, first_line: int = 1) -> Mapping:
    """Parse `text` (which starts at `first_line` of `path`) as one YAML mapping."""
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:  # it checks every character first
        raise ContentError([Problem(
            path, first_line + text[:error.position].count("\n"),
            f"a control character (0x{error.character:02x}) that YAML does not allow; delete it")]) from None
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
        values: dict = {}
        nodes: dict = {}
        seen: set[int] = set()
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                raise ContentError([Problem(path, line, "a key must be a plain name, like `title:`")])
            key = key_node.value
            if key in lines:
                raise ContentError([Problem(
                    path, line, f"key `{key}` is given twice (first on line "
                    f"{lines[key]}); keep one")])
            lines[key] = line
            nodes[key] = value_node
            try:
                values[key] = _construct(loader, value_node, seen)
            except ValueError as error:
                raise ContentError([Problem(path, line, f"`{key}` {error}")]) from None
    except RecursionError:  # the composer recurses once per level of nesting
        raise ContentError([Problem(path, first_line, "front matter is nested too deeply; "
                                    "metadata is a few `key: value` lines")]) from None
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
    return Mapping(values, lines, first_line, nodes)


def _construct(loader: yaml.SafeLoader, node: yaml.Node, seen: set[int]):
    """One value as Python; ValueError for an alias, or a value YAML parses but cannot build.

    An alias repeats a value by reference, so a few lines can stand for billions of items or
    for themselves; front matter never needs one. `2026-02-30` is read as a date that no
    calendar has.
    """
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            raise ValueError("uses a YAML alias (`*name`); write the value out in full")
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(part for pair in current.value for part in pair)
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as error:
        raise ValueError(f"cannot be read ({error}); put the value in quotes to keep it as text") from None


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


def check_keys(mapping: Mapping, known: tuple[str, ...], path: str, prefix: str = "") -> list[Problem]:
    """Warn about keys that look like typos of known ones; keep the rest silently."""
    return [Problem(path, mapping.line_of(key), f"unknown key `{prefix}{key}`: did you mean `{prefix}{close}`?",
                    "warning") for key, close in _misspelt(mapping, known).items()]


def _misspelt(mapping: Mapping, known: tuple[str, ...]) -> dict[str, str]:
    """Each unknown key that looks like a typo of a known one, with that one, in the order written."""
    found = {}
    for key in sorted(mapping.values, key=mapping.line_of):
        close = [] if key in known else difflib.get_close_matches(key, known, n=1, cutoff=0.8)
        if close:
            found[key] = close[0]
    return found


def read_schema(mapping: Mapping, schema: Schema, path: str, prefix: str = "") -> tuple[dict, list[Problem]]:
    """Each key of `schema` read from `mapping` (its default when absent), and every problem:
    errors for values that cannot be used, warnings for keys that look like misspelt known ones.

    `prefix` names a nested mapping in messages (`settings.`).
    """
    problems = check_keys(mapping, schema.keys, path, prefix)
    values = {}
    for setting in schema.settings:
        named = replace(setting, key=prefix + setting.key)
        line = mapping.line_of(setting.key)
        try:
            values[setting.key] = named.read(mapping.values.get(setting.key))
        except ValueError as error:
            problems.append(Problem(path, line, str(error)))
            continue
        if setting.required and values[setting.key] is None:
            problems.append(Problem(path, line, f"`{named.key}` is required; add `{setting.required}`"))
    return values, problems


def read_item(mapping: Mapping, schema: Schema, path: str, prefix: str) -> tuple[dict, list[Problem]]:
    """One item of a list (a note, a correction): read_schema's values and problems, and also an
    error for a key the item cannot hold (nothing in it is metadata), for an item that does not say
    what it is by exactly one of `schema.one_of`, and for a key given without the one it goes with."""
    values, problems = read_schema(mapping, schema, path, prefix)
    line = mapping.first_line
    # read_schema only warns about a misspelt key, as metadata may hold keys of its own; an item
    # holds none, so its every problem is an error.
    problems = [replace(p, severity="error") for p in problems]
    misspelt = _misspelt(mapping, schema.keys)
    for key in sorted(set(mapping.values) - set(schema.keys) - set(misspelt), key=mapping.line_of):
        problems.append(Problem(path, mapping.line_of(key), f"{schema.item} has no key `{key}`; its keys are "
                                + ", ".join(f"`{k}`" for k in schema.keys)))
    kinds = [key for key in schema.one_of if key in mapping.values]
    if len(kinds) != 1:
        given = " and ".join(f"`{k}`" for k in kinds) if kinds else "none"
        problems.append(Problem(path, line, f"{schema.item} needs exactly one of "
                                + ", ".join(f"`{k}`" for k in schema.one_of) + f" (it has {given})"))
    for setting in schema.settings:
        if setting.goes_with is None:
            continue
        if setting.key in mapping.values and setting.goes_with not in mapping.values:
            problems.append(Problem(path, mapping.line_of(setting.key),
                                    f"`{setting.key}` goes with `{setting.goes_with}`, which this item does not have"))
        elif setting.goes_with in mapping.values and setting.key not in mapping.values:
            problems.append(Problem(path, mapping.line_of(setting.goes_with),
                                    f"`{setting.goes_with}` needs `{setting.key}`: {setting.help[0].lower()}"
                                    f"{setting.help[1:]}"))
    return values, problems


def values_or_raise(read: tuple[dict, list[Problem]], warnings: list[Problem]) -> dict:
    """read_schema's values; its warnings join `warnings`, and an error raises every problem."""
    values, problems = read
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    warnings.extend(problems)
    return values
