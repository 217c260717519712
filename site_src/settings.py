"""The declared schema of every file an editor writes: `site.yml`, `story.md` (and its
`settings:`) and an article's front matter.

Each key is declared once, with its kind, default, allowed range and help text; the loader
validates against these tables, the model's dataclasses take their defaults from them, `new`
writes them into its story.md, and `build.py settings` prints them (README's tables are that
output). Nothing here knows about files or lines: a value that cannot be used raises ValueError
with the editor's mend, and the loader adds where it was written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

# News is dated from the first printed newspapers (1605) to a year no typo of this millennium
# reaches; 0001-01-01 and 9999-12-31 are placeholders. The bounds also keep the day of slack that
# later stages add for time zones far from the ends of Python's calendar (years 1 and 9999).
EARLIEST_YEAR = 1600
LATEST_YEAR = 2999
# A digest compares outlets: a fact one outlet alone carried is that outlet's addition.
FEWEST_OUTLETS = 2
# A merge joins facts: one alone is nothing to join.
FEWEST_MERGED = 2
# A summary is one line under the headline in lists, feeds and link previews, which cut longer ones.
MAX_SUMMARY_CHARS = 300
BASE_URL = re.compile(r"^(?:https?://[^\s/]+)?/[^\s\"'<>\\]*$")
HTTP_URL = re.compile(r"^https?://\S+$")
DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")


@dataclass(frozen=True)
class Kind:
    """What a value may be: its name in the docs, and the reader that turns a YAML value into it."""

    name: str
    read: Callable[[object, "Setting"], object]


@dataclass(frozen=True)
class Setting:
    key: str
    kind: Kind
    help: str
    default: object = None
    required: str | None = None  # for a required key: the line to add, like `title: My digests`
    minimum: int | None = None  # for a whole number
    goes_with: str | None = None  # in a list item: the key this one belongs to, needed with it, refused without

    def read(self, value: object) -> object:
        """The value as the site uses it: the default when absent (or empty); ValueError says why
        a written value cannot be used."""
        if value is None:
            return self.default
        read = self.kind.read(value, self)
        return self.default if read is None else read

    @property
    def allowed(self) -> str:
        """The range a value must fall in, or the key it goes with, for the docs."""
        if self.minimum is not None:
            return f"{self.minimum} or more"
        if self.goes_with:
            return f"with `{self.goes_with}`"
        return ""


@dataclass(frozen=True)
class Schema:
    """The keys one file (or one mapping in it) may hold."""

    name: str  # as the docs and messages name it
    settings: tuple[Setting, ...]
    # For the items of a list (a note, a correction): the keys that say what the item is, one per item.
    one_of: tuple[str, ...] = ()
    item: str = ""  # what one item is called in messages ("a correction")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.settings)

    def __getitem__(self, key: str) -> Setting:
        return next(s for s in self.settings if s.key == key)

    def default(self, key: str) -> object:
        return self[key].default


def _kind_of(value: object) -> str:
    return {dict: "mapping", list: "list", bool: "true/false value"}.get(type(value), type(value).__name__)


def _bare(setting: Setting) -> str:
    """The key as written in its own mapping (`min_support`, not `settings.min_support`)."""
    return setting.key.rsplit(".", 1)[-1]


def _text(value: object, setting: Setting) -> str | None:
    """Dates and numbers are written as text; an empty value is no value."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"`{setting.key}` must be text, not a {_kind_of(value)}")
    return str(value).strip() or None


def _summary(value: object, setting: Setting) -> str:
    """One line: YAML's block scalars keep their line breaks, which a summary folds."""
    summary = " ".join((_text(value, setting) or "").split())
    if len(summary) > MAX_SUMMARY_CHARS:
        raise ValueError(f"`{setting.key}` has {len(summary)} characters; keep it to one line of at most "
                         f"{MAX_SUMMARY_CHARS}")
    return summary


def out_of_range_date(text: str) -> str | None:
    """What is wrong with an ISO date or time outside the years news is dated in; None for one
    inside them, and for any other text (shown as written, never computed with)."""
    try:  # read as the quotes stage reads a publication time
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        return None
    return f"`{text}` is not a date a news story could have (years {EARLIEST_YEAR} to {LATEST_YEAR})"


def _day(value: object, setting: Setting) -> str:
    """YYYY-MM-DD, in the years news is dated in."""
    if isinstance(value, dt.date):  # a datetime is a date too
        value = value.isoformat()[:10]
    try:
        day = dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ValueError(f"`{setting.key}: {value}` is not a date; write YYYY-MM-DD") from None
    if problem := out_of_range_date(day):
        raise ValueError(f"`{setting.key}`: {problem}; write the day the story broke, as YYYY-MM-DD")
    return day


def _moment(value: object, setting: Setting) -> str | None:
    """A date or time as written; one in ISO form must fall in the years news is dated in."""
    text = _text(value, setting)
    if text and (problem := out_of_range_date(text)):
        raise ValueError(f"`{setting.key}`: {problem}; write the day the article came out, as YYYY-MM-DD")
    return text


def _flag(value: object, setting: Setting) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"`{setting.key}` must be `true` or `false`, not `{value}`")
    return value


def _whole_number(value: object, setting: Setting) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"`{setting.key}` must be a whole number, like `{_bare(setting)}: {setting.default}`")
    if setting.minimum is not None and value < setting.minimum:
        raise ValueError(f"`{setting.key}: {value}` cannot work; write {setting.minimum} or more "
                         f"({setting.help[0].lower()}{setting.help[1:-1]})")
    return value


def _words(value: object, setting: Setting) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, (str, int)) and not isinstance(t, bool)
                                              for t in value):
        raise ValueError(f"`{setting.key}` must be a list of words, like `{_bare(setting)}: [ai, china]`")
    return tuple(str(t).strip() for t in value if str(t).strip())


def _listed(value: object, single: type, mend: str) -> tuple:
    """A list of `single` values, one value alone being a list of one; ValueError(mend) else."""
    if isinstance(value, single):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, single) for item in value):
        raise ValueError(mend)
    return tuple(value)


def _patterns(value: object, setting: Setting) -> tuple[str, ...]:
    """Checked as regular expressions by boilerplate.checked, which needs each one's line."""
    return _listed(value, str, f"`{setting.key}` must be a list of regular expressions in quotes")


def _matching(pattern: re.Pattern, mend: str) -> Callable[[object, Setting], str | None]:
    def read(value: object, setting: Setting) -> str | None:
        text = _text(value, setting)
        if text is not None and not pattern.match(text):
            raise ValueError(f"`{setting.key}` {mend}")
        return text
    return read


def _domain(value: object, setting: Setting) -> str | None:
    """GitHub Pages' CNAME file holds the bare name."""
    text = (_text(value, setting) or "").lower().rstrip(".")
    if text and not DOMAIN.match(text):
        raise ValueError(f"`{setting.key}: {text}` is not a domain name; write the domain alone, like "
                         f"`{_bare(setting)}: digest.example.org` (no https://, no path)")
    return text or None


def _selector(value: object, setting: Setting) -> str:
    """A few words of a sentence; matched word by word, so it needs one."""
    text = _text(value, setting)
    if not text or not re.search(r"\w", text):
        raise ValueError(f"`{setting.key}` must be a few words copied from the page, like "
                         f"`{_bare(setting)}: \"16 million exchanges\"`")
    return text


def _selectors(value: object, setting: Setting) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) < FEWEST_MERGED:
        raise ValueError(f"`{setting.key}` must be a list of {FEWEST_MERGED} or more selectors, like "
                         f"`{_bare(setting)}: [\"words of one fact\", \"words of the other\"]`")
    return tuple(_selector(item, setting) for item in value)


def _required_text(value: object, setting: Setting) -> str:
    """Text that an item needs: an empty one would show nothing where the page promises something."""
    text = _text(value, setting)
    if text is None:
        raise ValueError(f"`{setting.key}` is empty; write it out")
    return text


def _items(value: object, setting: Setting) -> tuple[dict, ...]:
    """Each item is read by its own schema, which needs its lines."""
    return _listed(value, dict, f"`{setting.key}` must be a list of items, each a mapping starting with `- `")


def _mapping(value: object, setting: Setting) -> dict:
    """Its keys are read by their own schema, which needs their lines."""
    if not isinstance(value, dict):
        raise ValueError(f"`{setting.key}` must be a mapping of `name: value` lines")
    return value


TEXT = Kind("text", _text)
SUMMARY = Kind(f"text, folded to one line of at most {MAX_SUMMARY_CHARS} characters", _summary)
DAY = Kind("date (YYYY-MM-DD)", _day)
MOMENT = Kind("date or time (ISO, e.g. 2026-01-02T08:00Z) or text", _moment)
FLAG = Kind("true or false", _flag)
WHOLE_NUMBER = Kind("whole number", _whole_number)
WORDS = Kind("list of words", _words)
PATTERNS = Kind("list of regular expressions", _patterns)
ARTICLE_URL = Kind("http(s) URL", _matching(HTTP_URL, "must start with http:// or https:// and hold no spaces"))
BASE_PATH = Kind("path or http(s) URL", _matching(
    BASE_URL, "must be a path like `/repo/` or a URL like `https://user.github.io/repo/`"))
DOMAIN_NAME = Kind("domain name", _domain)
MAPPING = Kind("mapping", _mapping)
SELECTOR = Kind("words of the page", _selector)
SELECTORS = Kind(f"list of {FEWEST_MERGED} or more selectors", _selectors)
MARKDOWN = Kind("Markdown", _required_text)
REQUIRED_TEXT = Kind("text", _required_text)
NOTES = Kind("list of notes", _items)
CORRECTIONS = Kind("list of corrections", _items)

SITE = Schema("content/site.yml", (
    Setting("title", TEXT, "The site's name, on every page.", required="title: My digests"),
    Setting("description", TEXT, "One sentence under the title on the home page, and the pages' "
            "description for search engines.", default=""),
    Setting("language", TEXT, "The pages' language, as a language tag (`en`, `fr`, `pt-BR`).", default="en"),
    Setting("base_url", BASE_PATH, "Where the site is served: `/` at a domain's root, `/<repo>/` for a "
            "GitHub project page; `--base-url` overrides it.", default="/"),
    Setting("cname", DOMAIN_NAME, "A custom domain, written to the `CNAME` file GitHub Pages reads."),
    Setting("search", FLAG, "A search box on every page, over the stories, the quotations by speaker and the "
            "outlets, from an index Pagefind writes into the site; `false` leaves both out.", default=True),
))

STORY_SETTINGS = Schema("story.md `settings:`", (
    Setting("min_support", WHOLE_NUMBER, "A fact enters the digest when at least this many outlets "
            "carried it; what one outlet alone carried is listed as its addition.",
            default=FEWEST_OUTLETS, minimum=FEWEST_OUTLETS),
    Setting("boilerplate_patterns", PATTERNS, "Regular expressions (Python's syntax) for clutter lines "
            "the built-in rules miss, like `^Watch:`.", default=()),
))

ANNOTATION = Schema("story.md `annotations:` items", (
    Setting("on", SELECTOR, "Words of the fact the note is about, as any outlet's sentence of it words them: "
            "enough to match that fact alone."),
    Setting("quote", SELECTOR, "Instead of `on`: words of the quotation the note is about."),
    Setting("note", MARKDOWN, "The editor's note, in Markdown, shown beside the fact (or quotation) and marked "
            "as the editor's.", required='note: "What the outlets leave out."'),
), one_of=("on", "quote"), item="a note")

CORRECTION = Schema("story.md `corrections:` items", (
    Setting("exclude", SELECTOR, "Words of a fact in the digest to leave out of it."),
    Setting("pin", SELECTOR, "Words of a fact not in the digest (one outlet's, or too few outlets') to put in it."),
    Setting("merge", SELECTORS, "Words of each of the facts to make one: the comparison kept them apart."),
    Setting("split", SELECTOR, "Words of a fact the comparison joined wrongly."),
    Setting("out", SELECTOR, "Words of the one outlet sentence to take out of that fact: it becomes a fact "
            "of its own.", goes_with="split"),
    Setting("speaker", SELECTOR, "Words of a quotation whose speaker the outlets' words do not give right."),
    Setting("to", REQUIRED_TEXT, "The quotation's speaker, as the quote index should name them.",
            goes_with="speaker"),
    Setting("reason", REQUIRED_TEXT, "Why: shown with the change in the page's list of the editor's changes.",
            required='reason: "Both sentences report the cable\'s instruction."'),
), one_of=("exclude", "pin", "merge", "split", "speaker"), item="a correction")

STORY = Schema("story.md", (
    Setting("title", TEXT, "The story's headline, as the digest shows it.", required="title: What happened"),
    Setting("date", DAY, "The day the story broke, as YYYY-MM-DD; stories are listed newest first.",
            required="date: 2026-01-02"),
    Setting("summary", SUMMARY, "One line on the story, shown under its headline on the home page, in the "
            "feed and in link previews.", default=""),
    Setting("tags", WORDS, "Words to group stories by.", default=()),
    Setting("draft", FLAG, "A draft stays out of the published site; `build --drafts` and "
            "`serve --drafts` show it.", default=False),
    Setting("settings", MAPPING, f"The story's knobs: the keys of the {STORY_SETTINGS.name} table."),
    Setting("annotations", NOTES, f"The editor's notes on facts and quotations: the keys of the "
            f"{ANNOTATION.name} table.", default=()),
    Setting("corrections", CORRECTIONS, f"The editor's changes to the digest, each with its reason: the keys "
            f"of the {CORRECTION.name} table.", default=()),
))

ARTICLE = Schema("article front matter (`<name>.md`)", (
    Setting("outlet", TEXT, "The outlet that published the article.", required="outlet: Name of the outlet"),
    Setting("title", TEXT, "The article's headline."),
    Setting("url", ARTICLE_URL, "Where the outlet published it."),
    Setting("author", TEXT, "Who wrote it."),
    Setting("published", MOMENT, "When it came out; an ISO date or time must fall in the years "
            f"{EARLIEST_YEAR} to {LATEST_YEAR}."),
))

SCHEMAS = (SITE, STORY, STORY_SETTINGS, ANNOTATION, CORRECTION, ARTICLE)


def settings_table() -> str:
    """Every schema as Markdown tables: `build.py settings` prints it, and README holds it."""
    parts = []
    for schema in SCHEMAS:
        parts += [f"**{schema.name}**", ""]
        if schema.one_of:
            parts += [f"Each item has one of {', '.join(f'`{key}`' for key in schema.one_of)}.", ""]
        parts += ["| key | kind | default | what it does |", "| --- | --- | --- | --- |"]
        for s in schema.settings:
            kind = s.kind.name + (f", {s.allowed}" if s.allowed else "")
            parts.append(f"| `{s.key}` | {kind} | {_shown_default(s)} | {s.help} |")
        parts.append("")
    return "\n".join(parts)


def _shown_default(setting: Setting) -> str:
    if setting.required or setting.goes_with:
        return "required"
    if setting.default is None or setting.default in ("", ()):
        return "none"
    return f"`{str(setting.default).lower() if isinstance(setting.default, bool) else setting.default}`"
