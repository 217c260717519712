"""Stage 1, load: read `content/` into validated RawStory values.

Everything an editor can get wrong is caught here, with the file and line, so
that later stages can trust their input. Problems from all files are gathered
and reported together, and a build with any error stops before writing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path

from . import boilerplate
from .frontmatter import (ContentError, Mapping, check_keys, optional_text, out_of_range_date,
                          parse_yaml_mapping, required_text, split_front_matter)
from .html_article import extract_html_article
from .model import LoadedSite, Problem, RawArticle, RawStory, SiteConfig, StorySettings
from .render import RESERVED_SLUGS

SITE_KEYS = ("title", "description", "language", "base_url", "cname")
STORY_KEYS = ("title", "date", "summary", "tags", "settings")
SETTING_KEYS = ("min_support", "boilerplate_patterns")
ARTICLE_KEYS = ("outlet", "title", "url", "author", "published")
ARTICLE_SUFFIXES = (".md", ".txt", ".html", ".htm")
BASE_URL = re.compile(r"^(?:https?://[^\s/]+)?/[^\s\"'<>\\]*$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}\Z")  # \Z: `$` would let a final newline through
DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")
MAX_ARTICLE_BYTES = 5_000_000
# A summary is one line under the headline in lists, feeds and link previews, which cut longer ones.
MAX_SUMMARY_CHARS = 300
# A character that shows: not a space, nor a zero-width or direction mark (which make no text).
VISIBLE = re.compile(r"[^\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
# Unicode's default-ignorable characters outside category Cf (the grapheme joiner, Hangul
# fillers, Khmer inherent vowels, variation selectors): like Cf, they show nothing.
IGNORABLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
                      + "".join(map(chr, [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])))
# The zero-width joiner and non-joiner shape Arabic, Persian and Indic names, so a shown name
# keeps them; a compared name drops them with every other invisible character.
JOINERS = frozenset("\u200c\u200d")
# Cyrillic and Greek letters whose look-alike in Unicode's confusables data (UTS #39) is one
# Latin letter: "Fоx News" with a Cyrillic о passes for Fox News. NFKC already folds fullwidth
# and mathematical letters. A table, not a package: the one PyPI offers with that data
# (confusable_homoglyphs) gives look-alike sets, not UTS #39's one-way mapping, and it would also
# fold digits into letters (0 and O, 1 and l), which distinct outlet names do use.
LATIN_LOOKALIKES = str.maketrans(
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧϜϹϺͿ" "αγινορσυϱϲϳ" "ЅІЈАВЕКМНОРСТУХЬѴҮӀԌԜ" "агеорсухѕіјѡѵүһҽӏԁԛԝ",
    "ABEZHIKMNOPTYXFCMJ" "ayivopoupcj" "SIJABEKMHOPCTYXbVYIGW" "areopcyxsijwvyheidqw")


def load_site(content_dir: Path) -> LoadedSite:
    """Read and validate the whole content folder; raise ContentError listing every problem."""
    if not content_dir.is_dir():
        raise ContentError([Problem(str(content_dir), None,
                                    "content folder not found; pass --content or create it")])
    problems: list[Problem] = []
    warnings: list[Problem] = []
    config = _collect(problems, warnings, lambda w: load_site_config(content_dir, w))
    stories = []
    story_dirs = sorted(p for p in content_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    for story_dir in story_dirs:
        story = _collect(problems, warnings, lambda w, d=story_dir: load_story(d, content_dir, w))
        if story is not None:
            stories.append(story)
    if not story_dirs and config is not None:
        problems.append(Problem(_rel(content_dir, content_dir), None,
                                "no story folders; create one with `python build.py new <slug>`"))
    if problems:
        raise ContentError(problems + warnings)
    return LoadedSite(config=config, stories=tuple(stories), warnings=tuple(warnings))


def _collect(problems, warnings, read):
    """Run one reader, moving its errors into `problems` instead of stopping."""
    local_warnings: list[Problem] = []
    try:
        return read(local_warnings)
    except ContentError as error:
        problems.extend(error.problems)
        return None
    finally:
        warnings.extend(local_warnings)


def load_site_config(content_dir: Path, warnings: list[Problem]) -> SiteConfig:
    path = content_dir / "site.yml"
    rel = _rel(path, content_dir)
    if not path.is_file():
        raise ContentError([Problem(rel, None, "missing; create it with at least `title: My digests`")])
    _refuse_link_out(path, rel, content_dir)
    mapping = parse_yaml_mapping(read_text(path, rel), rel)
    warnings.extend(check_keys(mapping, SITE_KEYS, rel))
    base_url = optional_text(mapping, "base_url", rel) or "/"
    if not is_base_url(base_url):
        raise ContentError([Problem(rel, mapping.line_of("base_url"),
                                    "`base_url` must be a path like `/repo/` or a URL like "
                                    "`https://user.github.io/repo/`")])
    return SiteConfig(
        title=required_text(mapping, "title", rel, "add `title: My digests`"),
        description=optional_text(mapping, "description", rel) or "",
        language=optional_text(mapping, "language", rel) or "en",
        base_url=site_base_url(base_url),
        cname=_cname(mapping, rel, base_url, warnings),
        metadata=_extras(mapping, SITE_KEYS),
    )


def _cname(mapping: Mapping, rel: str, base_url: str, warnings: list[Problem]) -> str | None:
    """GitHub Pages serves a custom domain at its root, and the CNAME file holds the bare name."""
    cname = (optional_text(mapping, "cname", rel) or "").lower().rstrip(".")
    if not cname:
        return None
    line = mapping.line_of("cname")
    if not DOMAIN.match(cname):
        raise ContentError([Problem(rel, line, f"`cname: {cname}` is not a domain name; write the "
                                    "domain alone, like `cname: digest.example.org` (no https://, no path)")])
    if re.sub(r"^https?://[^/]+", "", base_url).rstrip("/"):
        warnings.append(Problem(rel, mapping.line_of("base_url"), f"a custom domain serves the site "
                                f"at its root: set `base_url: https://{cname}/` (or `/`)", "warning"))
    return cname


def is_base_url(value: str) -> bool:
    """A path from the domain's root (`/repo/`) or an http(s) URL; links are built on it."""
    return bool(BASE_URL.match(value))


def site_base_url(value: str) -> str:
    """A base URL names a folder, so it ends in `/` (site.yml or --base-url may leave it off)."""
    return value if value.endswith("/") else value + "/"


def story_folder_problem(name: str) -> str | None:
    """Why `name` cannot be a story folder's, or None: the build and `new` share this one rule."""
    if not SLUG.match(name):
        return ("story folder names become web addresses: use lowercase letters, digits and "
                "hyphens only (e.g. `my-story`)")
    if name in RESERVED_SLUGS:
        return (f"the site's own files take the names {', '.join(sorted(RESERVED_SLUGS))} at the "
                "top of the site; rename the story folder")
    return None


def load_story(story_dir: Path, content_dir: Path, warnings: list[Problem]) -> RawStory:
    rel_dir = _rel(story_dir, content_dir)
    if story_dir.is_symlink() or not _inside(story_dir, content_dir):
        raise ContentError([Problem(rel_dir, None, "story folder is a link out of the content "
                                    "folder; copy the files in instead")])
    refusal = story_folder_problem(story_dir.name)
    if refusal:
        raise ContentError([Problem(rel_dir, None, refusal)])
    story_file = story_dir / "story.md"
    rel = _rel(story_file, content_dir)
    if not story_file.is_file():
        raise ContentError([Problem(rel, None, "missing; every story folder needs one "
                                    "(`python build.py new <slug>` writes a template)")])
    _refuse_link_out(story_file, rel, content_dir)
    front, body, body_line = split_front_matter(read_text(story_file, rel), rel)
    if front is None:
        raise ContentError([Problem(rel, 1, "needs YAML front matter between `---` lines "
                                    "with at least `title:` and `date:`")])
    mapping = parse_yaml_mapping(front, rel, first_line=2)
    warnings.extend(check_keys(mapping, STORY_KEYS, rel))
    if "annotations" in mapping.values:
        warnings.append(Problem(rel, mapping.line_of("annotations"), "`annotations` are not shown on the "
                                "site yet; put notes in the introduction below the front matter", "warning"))
    articles = load_articles(story_dir, content_dir, warnings)
    if len(articles) == 1:
        warnings.append(Problem(rel, None, "this story has one article; a digest needs two "
                                "or more outlets to compare", "warning"))
    return RawStory(
        slug=story_dir.name,
        path=rel,
        title=required_text(mapping, "title", rel, "add `title: What happened`"),
        date=_story_date(mapping, rel),
        introduction=body.strip("\n"),
        articles=articles,
        tags=_tags(mapping, rel),
        summary=_summary(mapping, rel),
        settings=_settings(mapping, rel, warnings),
        metadata=_extras(mapping, STORY_KEYS),
        introduction_line=body_line + len(body) - len(body.lstrip("\n")),
    )


def load_articles(story_dir: Path, content_dir: Path, warnings: list[Problem]) -> tuple[RawArticle, ...]:
    """Read every article file, in file-name order, which also fixes the sigla."""
    problems: list[Problem] = []
    read: list[RawArticle] = []
    outlet_lines: dict[str, int | None] = {}
    files = sorted(p for p in story_dir.iterdir() if p.name != "story.md" and not p.name.startswith("."))
    for path in files:
        rel = _rel(path, content_dir)
        if path.is_dir() or path.suffix.lower() not in ARTICLE_SUFFIXES:
            warnings.append(Problem(rel, None, "ignored: articles are .md, .txt or .html files",
                                    "warning"))
            continue
        try:
            _refuse_link_out(path, rel, content_dir)
            article, outlet_lines[rel] = load_article(path, rel, siglum_for(len(read)), warnings)
            read.append(article)
        except ContentError as error:
            problems.extend(error.problems)
        except OSError as error:  # removed or unreadable since the folder was listed
            problems.append(Problem(rel, None, f"cannot be read: {error.strerror}"))
    if not files:
        problems.append(Problem(_rel(story_dir, content_dir), None,
                                "no articles; add the outlets' articles as .md, .txt or .html files"))
    problems.extend(_duplicate_outlets(read, outlet_lines))
    if problems:
        raise ContentError(problems)
    return tuple(read)


def load_article(path: Path, rel: str, siglum: str, warnings: list[Problem]) -> tuple[RawArticle, int | None]:
    """The article, and the line its outlet is named on (None when the file name names it)."""
    suffix = path.suffix.lower()
    if path.stat().st_size > MAX_ARTICLE_BYTES:
        raise ContentError([Problem(rel, None, f"is larger than {MAX_ARTICLE_BYTES // 1_000_000} MB; "
                                    "an article is text: check this is the right file")])
    text = read_text(path, rel)
    if suffix in (".html", ".htm"):
        extracted = extract_html_article(text, rel)
        warnings.extend(extracted.warnings)
        fields = dict(extracted.fields)
        outlet_line = dict(extracted.lines).get("outlet")
        if not shown_name(fields.get("outlet", "")):  # the page names none, or only in invisible marks
            fields["outlet"], outlet_line = outlet_from_file_name(path), None
        return _article(siglum, rel, "html", fields, extracted.body, 1, (), outlet_line), outlet_line
    if suffix == ".txt":
        return _article(siglum, rel, "txt", {"outlet": outlet_from_file_name(path)}, text, 1, (), None), None
    front, body, body_line = split_front_matter(text, rel)
    if front is None:
        raise ContentError([Problem(rel, 1, "needs YAML front matter between `---` lines with "
                                    "at least `outlet:` (or save it as .txt)")])
    mapping = parse_yaml_mapping(front, rel, first_line=2)
    warnings.extend(check_keys(mapping, ARTICLE_KEYS, rel))
    fields = {key: optional_text(mapping, key, rel) for key in ARTICLE_KEYS}
    fields["outlet"] = required_text(mapping, "outlet", rel, "add `outlet: Name of the outlet`")
    if fields["url"] and not re.match(r"^https?://\S+$", fields["url"]):
        raise ContentError([Problem(rel, mapping.line_of("url"),
                                    "`url` must start with http:// or https:// and hold no spaces")])
    if fields["published"] and (problem := out_of_range_date(fields["published"])):
        raise ContentError([Problem(rel, mapping.line_of("published"), f"`published`: {problem}; "
                                    "write the day the article came out, as YYYY-MM-DD")])
    outlet_line = mapping.line_of("outlet")
    return _article(siglum, rel, "md", fields, body, body_line, _extras(mapping, ARTICLE_KEYS),
                    outlet_line), outlet_line


def _article(siglum, rel, fmt, fields, body, body_line, extras, outlet_line) -> RawArticle:
    if not VISIBLE.search(body):
        raise ContentError([Problem(rel, body_line, "the article has no text; paste the "
                                    "article's text below the front matter")])
    outlet = shown_name(fields["outlet"])
    if not outlet:
        mend = "write it out, like `outlet: Fox News`" if fmt == "md" else "name the file after the outlet"
        raise ContentError([Problem(rel, outlet_line, "the outlet's name shows nothing (it is made of "
                                    f"invisible characters); {mend}")])
    return RawArticle(siglum=siglum, path=rel, format=fmt, outlet=outlet, body=body,
                      body_line=body_line, title=fields.get("title"), url=fields.get("url"),
                      author=fields.get("author"), published=fields.get("published"),
                      metadata=extras, outlet_keys=_outlet_keys(outlet))


def read_text(path: Path, rel: str) -> str:
    """UTF-8 only (a BOM is tolerated); line endings become `\\n`."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError([Problem(rel, 1, "is UTF-16; save it as UTF-8")])
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        raise ContentError([Problem(rel, line, "contains binary data (a NUL byte); is this a text file?")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ContentError([Problem(rel, line, f"is not UTF-8 (byte 0x{data[error.start]:02x}); "
                                    "save it as UTF-8")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def siglum_for(index: int) -> str:
    """A, B, ... Z, AA, AB, ...: short, stable footnote marks."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def outlet_from_file_name(path: Path) -> str:
    """`03-fox-news.txt` -> `Fox News`: the editor's file name is the outlet's only record."""
    stem = shown_name(_utf8_file_name(path.stem))
    words = re.sub(r"^[\d_\-. ]+", "", stem).replace("_", " ").replace("-", " ").split()
    return " ".join(w if w.isupper() else w.capitalize() for w in words) or stem


def shown_name(name: str) -> str:
    """A name as pages show it: a direction override or an invisible character in it could make
    it read as another name, so none is kept (the joiners that shape letters excepted)."""
    return "".join(c for c in name if c in JOINERS or not _invisible(c)).strip()


def _outlet_keys(name: str) -> tuple[str, str]:
    """Two names are one outlet when either of these agrees: the name in compatibility form (NFKC folds
    fullwidth letters), without invisible characters, spaces folded, then case and Latin
    look-alikes folded in both orders, since the two disagree on some letters (Greek Ν is N as a
    capital but its small ν looks like v)."""
    plain = "".join(c for c in unicodedata.normalize("NFKC", name) if not _invisible(c))
    plain = " ".join(plain.split())
    return (_fold_case(plain.translate(LATIN_LOOKALIKES)), _fold_case(plain).translate(LATIN_LOOKALIKES))


def _fold_case(text: str) -> str:
    return unicodedata.normalize("NFKC", text.casefold())  # casefold may leave a decomposed letter


def _invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf" or char in IGNORABLE


def _duplicate_outlets(articles: list[RawArticle], outlet_lines: dict[str, int | None]) -> list[Problem]:
    seen: dict[str, RawArticle] = {}
    problems = []
    for article in articles:
        keys = article.outlet_keys
        first = next((seen[key] for key in keys if key in seen), None)
        if first is None:
            seen.update(dict.fromkeys(keys, article))
            continue
        where = f"{first.path}:{outlet_lines[first.path]}" if outlet_lines[first.path] else first.path
        alike = "" if first.outlet == article.outlet else (
            f" (`{first.outlet}` there: the two differ only in case, spaces, invisible characters "
            "or letters of another alphabet that look alike)")
        problems.append(Problem(article.path, outlet_lines[article.path],
                                f"outlet `{article.outlet}` is also the outlet of {where}{alike}; each "
                                "outlet gives one article per story (rename one outlet if they differ)"))
    return problems


def _story_date(mapping: Mapping, rel: str) -> str:
    value = mapping.values.get("date")
    line = mapping.line_of("date")
    if value is None:
        raise ContentError([Problem(rel, line, "`date` is required, as YYYY-MM-DD")])
    if isinstance(value, dt.date):  # a datetime is a date too
        value = value.isoformat()[:10]
    try:
        date = dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ContentError([Problem(rel, line, f"`date: {value}` is not a date; write YYYY-MM-DD")]) from None
    if problem := out_of_range_date(date):
        raise ContentError([Problem(rel, line, f"`date`: {problem}; write the day the story broke, "
                                    "as YYYY-MM-DD")])
    return date


def _summary(mapping: Mapping, rel: str) -> str:
    """One line: YAML's block scalars keep their line breaks, which a one-line summary folds."""
    summary = " ".join(shown_name(optional_text(mapping, "summary", rel) or "").split())
    if len(summary) > MAX_SUMMARY_CHARS:
        raise ContentError([Problem(rel, mapping.line_of("summary"), f"`summary` has {len(summary)} "
                                    f"characters; keep it to one line of at most {MAX_SUMMARY_CHARS}")])
    return summary


def _tags(mapping: Mapping, rel: str) -> tuple[str, ...]:
    value = mapping.values.get("tags")
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, (str, int)) for t in value):
        raise ContentError([Problem(rel, mapping.line_of("tags"),
                                    "`tags` must be a list of words, like `tags: [ai, china]`")])
    return tuple(str(t).strip() for t in value if str(t).strip())


def _settings(mapping: Mapping, rel: str, warnings: list[Problem]) -> StorySettings:
    value = mapping.values.get("settings")
    line = mapping.line_of("settings")
    if value is None:
        return StorySettings()
    if not isinstance(value, dict):
        raise ContentError([Problem(rel, line, "`settings` must be a mapping of `name: value` lines")])
    settings = Mapping({str(k): v for k, v in value.items()}, {}, line)
    warnings.extend(check_keys(settings, SETTING_KEYS, rel))
    min_support = value.get("min_support", 2)
    if isinstance(min_support, bool) or not isinstance(min_support, int) or min_support < 1:
        raise ContentError([Problem(rel, line, "`settings.min_support` must be a whole number, 1 or more")])
    patterns = value.get("boilerplate_patterns")
    patterns = [] if patterns is None else [patterns] if isinstance(patterns, str) else patterns
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ContentError([Problem(rel, mapping.line_within("settings", "boilerplate_patterns"),
                                    "`settings.boilerplate_patterns` must be a list "
                                    "of regular expressions in quotes")])
    lines = [mapping.line_within("settings", "boilerplate_patterns", i) for i in range(len(patterns))]
    return StorySettings(min_support=min_support, boilerplate_patterns=boilerplate.checked(patterns, lines, rel))


def _extras(mapping: Mapping, known: tuple[str, ...]) -> tuple[tuple[str, object], ...]:
    """Unknown keys are kept (real files carry provenance), as plain text values."""
    return tuple((key, _plain(value)) for key, value in sorted(mapping.values.items()) if key not in known)


def _plain(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _refuse_link_out(path: Path, rel: str, content_dir: Path) -> None:
    """A link may lead elsewhere in content/, never out of it: the site would publish a file
    no editor put there."""
    if path.is_symlink() and not _inside(path, content_dir):
        raise ContentError([Problem(rel, None, "is a link to a file outside the content folder "
                                    "(or to no file at all); copy the file in instead")])


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, exists inside `root`."""
    try:
        return path.resolve(strict=True).is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # missing, or a link loop (RuntimeError before Python 3.13)
        return False


def _rel(path: Path, content_dir: Path) -> str:
    """Paths in messages and pages read as `content/story/file.md`, never absolute, and the same
    however the folder was spelled (`--content .` from inside it names it too)."""
    try:
        return _utf8_file_name(str(Path(content_dir.resolve().name) / path.relative_to(content_dir)))
    except ValueError:
        return _utf8_file_name(path.name)


def _utf8_file_name(name: str) -> str:
    """A file name's bytes read as UTF-8, as pages are written, whatever the locale: under an ASCII
    one Python holds `café` as surrogates, which no page can encode. Bytes not UTF-8 show as U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")
