"""The editor's `boilerplate_patterns`: regular expressions from story.md, run on untrusted text.

Python's `re` backtracks without limit (`(a|aa)+$` on a line of `a`s outlasts any build) and
cannot be interrupted, not even by Ctrl-C. The patterns therefore run on `regex`, whose every
search takes a time budget, so none runs unbounded. A budget alone would let the same content
build on a fast machine and fail on a slow one, so each pattern is judged once, when story.md is
read, on fixed probes: runs of each character and each pair of characters it names, as long
as the longest line it is ever tried on. There a pattern that is linear or quadratic in the line takes milliseconds, and one
that nests repetitions or overlaps alternatives takes ages; the probe budget sits far from both,
so every machine refuses the same patterns. A real search has ten times that budget: a guard
that an accepted pattern does not reach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from .frontmatter import ContentError
from .model import BoilerplatePattern, Problem

MAX_LINE = 2000  # characters: clutter is a label, a credit or a pitch; a longer block is story text
PROBE_BUDGET = 0.25  # seconds per probe: 40 times what a quadratic pattern needs on one
SEARCH_BUDGET = 2.5  # seconds per search of a real line: ten times the probe budget
# Compiling writes out each repetition's minimum count (`(a{1000}){1000}` is a million items and
# takes a second; one more level, twenty minutes), so a pattern that would unroll further is refused.
MAX_UNROLLED = 50_000
PROBE_CHARACTERS = "aA0 .,:'-"  # runs of letters, digits, spaces and punctuation, beside the pattern's own
PROBE_END = "\x00"  # ends every probe with a character no article has (load refuses them), so it fails late
SHOWN = 60  # characters of a pattern a message repeats: its line in story.md has the rest
_COUNT = re.compile(r"\{(\d*)(?:,(\d*))?\}")
_SIMPLIFY = ("a repetition inside a repetition, like `(a+)+`, or alternatives that overlap, like "
             "`(a|aa)+`, try exponentially many ways: simplify it")


@dataclass(frozen=True)
class StoryPattern:
    """One pattern, compiled, and where the editor wrote it."""

    setting: BoilerplatePattern
    story_path: str
    compiled: regex.Pattern

    def matches(self, text: str, where: str) -> bool:
        """Whether `text`, the line at `where`, is clutter by this pattern."""
        try:
            return len(text) <= MAX_LINE and self.compiled.search(text, timeout=SEARCH_BUDGET) is not None
        except TimeoutError:
            raise self.refused(f"took over {SEARCH_BUDGET:g} s on the line at {where}; "
                               f"{_SIMPLIFY}") from None

    def refused(self, why: str) -> ContentError:
        return ContentError([problem(self.story_path, self.setting, why)])


def story_patterns(settings: tuple[BoilerplatePattern, ...], story_path: str) -> tuple[StoryPattern, ...]:
    return tuple(StoryPattern(setting, story_path, _compiled(setting.text)) for setting in settings)


def checked(texts: list[str], lines: list[int], story_path: str) -> tuple[BoilerplatePattern, ...]:
    """The load stage's check of story.md's patterns (`lines`: each one's line there): ContentError
    names every pattern that cannot be used, and why."""
    settings = tuple(BoilerplatePattern(text, line) for text, line in zip(texts, lines))
    problems = [problem(story_path, setting, why) for setting in settings if (why := refusal(setting.text))]
    if problems:
        raise ContentError(problems)
    return settings


def problem(story_path: str, setting: BoilerplatePattern, why: str) -> Problem:
    shown = setting.text if len(setting.text) <= SHOWN else setting.text[:SHOWN] + "..."
    return Problem(story_path, setting.line, f"boilerplate pattern `{shown}` {why}")


def refusal(text: str) -> str | None:
    """Why the pattern `text` cannot be used, or None."""
    try:
        pattern = _compiled(text)
    except ValueError as error:
        return str(error)
    try:
        if pattern.search("", timeout=PROBE_BUDGET) is not None:
            return ("matches an empty line, so it matches every line; make it match the clutter's "
                    "own text, like `^Watch:`")
        for probe in _probes(text):
            pattern.search(probe, timeout=PROBE_BUDGET)
    except TimeoutError:
        return f"takes over {PROBE_BUDGET:g} s on a line of {MAX_LINE} characters; {_SIMPLIFY}"
    return None


def _probes(text: str) -> list[str]:
    """Runs of each character and pair of characters of the pattern's text and of PROBE_CHARACTERS."""
    units = set(PROBE_CHARACTERS) | {text[i:i + size] for size in (1, 2) for i in range(len(text))}
    return [(unit * MAX_LINE)[:MAX_LINE - 1] + PROBE_END for unit in sorted(units)]


def _compiled(text: str) -> regex.Pattern:
    """As Python's `re` reads it (regex's VERSION0); ValueError says why it cannot be."""
    if _unrolled(text) > MAX_UNROLLED:
        raise ValueError(f"repeats too much to compile (its counts unroll to over {MAX_UNROLLED:,} "
                         f"items, and a line it is tried on has at most {MAX_LINE:,} characters); use "
                         "`+` or smaller counts")
    try:
        return regex.compile(text, regex.VERSION0)
    except RecursionError:
        raise ValueError("nests groups too deeply to compile; a clutter line needs a few") from None
    except (regex.error, OverflowError, ValueError) as error:
        raise ValueError(f"is not a valid regular expression: {error}") from None


def _unrolled(text: str) -> int:
    """About how many items compiling writes out, read from the text before `regex` spends them.

    Each counted repetition multiplies what it repeats; escapes, classes and groups are told
    apart and nothing more, which can only count high.
    """
    groups = [[0, 0]]  # per open group: [items so far, items of its last atom]
    i = 0
    while i < len(text):
        char, size, end = text[i], 1, i + 1
        if char == "\\":
            end = i + 2
            if text[i + 1:i + 2] in ("N", "p", "P", "x") and text[end:end + 1] == "{":
                end = text.find("}", end) + 1 or len(text)  # `\p{Lu}`: one item, not a count
        elif char == "[":
            end = i + 1 + (text[i + 1:i + 2] == "^")
            end += text[end:end + 1] == "]"  # a `]` first is a member
            while end < len(text) and text[end] != "]":
                end += 2 if text[end] == "\\" else 1
            end += 1
        elif char == "(":
            groups.append([0, 0])
            i += 1
            continue
        elif char == ")" and len(groups) > 1:
            size = groups.pop()[0]
        elif char in "*+?|" or (char == "{" and (count := _COUNT.match(text, i)) and any(count.groups())):
            if char == "{":
                times = max(int(count.group(1) or 0), 1)
                group = groups[-1]
                group[0] = min(group[0] + group[1] * (times - 1), MAX_UNROLLED + 1)
                group[1] = min(group[1] * times, MAX_UNROLLED + 1)
                end = count.end()
            i = end
            continue
        groups[-1][0] += size
        groups[-1][1] = size
        i = end
    return sum(group[0] for group in groups)
