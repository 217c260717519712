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

from .cache import Shelf, digest_of
from .frontmatter import (ContentError, Mapping, parse_yaml_mapping, read_item, read_schema, split_front_matter,
                          values_or_raise)
from .model import Correction, EditorNote, LoadedSite, Problem, RawArticle, RawStory, SiteConfig, StorySettings
from .search import MISSING_PAGEFIND, pagefind_binary
from .settings import (ANNOTATION, ARTICLE, BASE_URL, CORRECTION, FEWEST_OUTLETS, SITE, STORY, STORY_SETTINGS,
                       Schema)

ARTICLE_SUFFIXES = (".md", ".txt", ".html", ".htm")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}\Z")  # \Z: `$` would let a final newline through
MAX_ARTICLE_BYTES = 5_000_000
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


def load_site(content_dir: Path, drafts: bool = False, shelf: Shelf = Shelf(None, "")) -> LoadedSite:
    """Read and validate the whole content folder; raise ContentError listing every problem.

    A draft is left out unless `drafts`, and a story with no articles yet is left out with a
    warning: neither stops the other stories from publishing. A story folder whose files are
    byte for byte those of one read before is taken from `shelf`, with its warnings.
    """
    if not content_dir.is_dir():
        raise ContentError([Problem(str(content_dir), None,
                                    "content folder not found; pass --content or create it")])
    problems: list[Problem] = []
    warnings: list[Problem] = []
    config = _collect(problems, warnings, lambda w: load_site_config(content_dir, w))
    stories, left_out = [], []
    story_dirs = sorted(p for p in content_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    for story_dir in story_dirs:
        story = _collect(problems, warnings, lambda w, d=story_dir: _kept_story(d, content_dir, w, drafts, shelf))
        if story is not None and is_published(story, drafts):
            stories.append(story)
        elif story is not None and story.draft and not drafts:
            left_out.append(story.slug)
    if not story_dirs and config is not None:
        problems.append(Problem(_rel(content_dir, content_dir), None,
                                "no story folders; create one with `python3 build.py new <slug>`"))
    if problems:
        raise ContentError(problems + warnings)
    return LoadedSite(config=config, stories=tuple(stories), warnings=tuple(warnings), drafts=tuple(left_out))


def _kept_story(story_dir: Path, content_dir: Path, warnings: list[Problem], drafts: bool, shelf: Shelf) -> RawStory:
    """load_story's story and warnings, kept by the bytes of the folder's files. A folder that
    changes while it is read is not kept: its entry could hold another version than its name."""
    before = _folder_bytes(story_dir) if shelf.folder is not None else None
    if before is None:
        return load_story(story_dir, content_dir, warnings, drafts)
    key = shelf.key("load", _rel(story_dir, content_dir), drafts, before)
    kept = shelf.take(key)
    if kept is None:
        found: list[Problem] = []
        used = set(shelf.used)
        story = load_story(story_dir, content_dir, found, drafts, shelf)
        kept = story, tuple(found), tuple(sorted(shelf.used - used))  # the pages it read, kept with it
        if _folder_bytes(story_dir) == before:
            shelf.file(key, kept)
    story, found, pages = kept
    shelf.used.update(pages)  # so that an edit of another of its files finds them
    warnings.extend(found)
    return story


def _folder_bytes(story_dir: Path) -> str | None:
    """What load_story reads of a folder, hashed: each entry's name, and each file's bytes where
    it may be the story or an article. None where a link is met (what it leads to is read too,
    or refused) or an entry is neither a file nor a folder, or too large to be an article."""
    files: dict[str, bytes] = {}
    try:
        if story_dir.is_symlink():
            return None
        for entry in os.scandir(story_dir):
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                return None
            if entry.is_dir():
                files[entry.name + "/"] = b""
            elif not entry.is_file() or entry.stat().st_size > MAX_ARTICLE_BYTES:
                return None
            else:
                read_by_load = entry.name == "story.md" or Path(entry.name).suffix.lower() in ARTICLE_SUFFIXES
                files[entry.name] = Path(entry.path).read_bytes() if read_by_load else b""
    except OSError:
        return None
    return digest_of(files)


def is_published(story: RawStory, drafts: bool) -> bool:
    """Whether the site shows `story`: one with articles, and no draft unless drafts are shown."""
    return bool(story.articles) and (drafts or not story.draft)


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
    values = values_or_raise(read_schema(mapping, SITE, rel), warnings)
    if values["cname"] and re.sub(r"^https?://[^/]+", "", values["base_url"]).rstrip("/"):
        warnings.append(Problem(rel, mapping.line_of("base_url"), "a custom domain serves the site at its "
                                f"root: set `base_url: https://{values['cname']}/` (or `/`)", "warning"))
    if values["search"] and pagefind_binary() is None:
        warnings.append(Problem(rel, mapping.line_of("search"), MISSING_PAGEFIND, "warning"))
        values["search"] = False
    return SiteConfig(**{**values, "base_url": site_base_url(values["base_url"])},
                      metadata=_extras(mapping, SITE.keys))


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
    from .render import RESERVED_SLUGS  # not above: a build that reads no story folder needs no renderer

    if name in RESERVED_SLUGS:
        return (f"the site's own files take the names {', '.join(sorted(RESERVED_SLUGS))} at the "
                "top of the site; rename the story folder")
    return None


def load_story(story_dir: Path, content_dir: Path, warnings: list[Problem], drafts: bool = False,
               shelf: Shelf = Shelf(None, "")) -> RawStory:
    """The story folder as read; a draft's articles are not read unless `drafts` (it is not
    published, so a half-made file in it stops nothing). A saved web page's reading is taken from
    `shelf` while its bytes are unchanged."""
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
                                    "(`python3 build.py new <slug>` writes a template)")])
    _refuse_link_out(story_file, rel, content_dir)
    front, body, body_line = split_front_matter(read_text(story_file, rel), rel)
    if front is None:
        raise ContentError([Problem(rel, 1, "needs YAML front matter between `---` lines "
                                    "with at least `title:` and `date:`")])
    mapping = parse_yaml_mapping(front, rel, first_line=2)
    values, problems = read_schema(mapping, STORY, rel)
    knobs, knob_problems = read_schema(mapping.within("settings"), STORY_SETTINGS, rel, "settings.")
    notes, note_problems = _editor_items(mapping, "annotations", ANNOTATION, _note, rel)
    corrections, correction_problems = _editor_items(mapping, "corrections", CORRECTION, _correction, rel)
    values_or_raise((values, problems + knob_problems + note_problems + correction_problems), warnings)
    from . import boilerplate  # not above: the regex module is for a story folder read, not one kept

    patterns = knobs["boilerplate_patterns"]
    lines = [mapping.line_within("settings", "boilerplate_patterns", i) for i in range(len(patterns))]
    settings = StorySettings(min_support=knobs["min_support"],
                             boilerplate_patterns=boilerplate.checked(list(patterns), lines, rel))
    read_articles = drafts or not values["draft"]
    articles = load_articles(story_dir, content_dir, warnings, shelf) if read_articles else ()
    if read_articles and not articles:
        warnings.append(Problem(rel_dir, None, "no articles yet, so the story is left out of the site; "
                                "add the outlets' articles as .md, .txt or .html files", "warning"))
    if len(articles) == 1:
        waiting = " (its annotations and corrections wait for the digest)" if notes or corrections else ""
        warnings.append(Problem(rel, None, f"this story has one article; a digest needs {FEWEST_OUTLETS} "
                                f"or more outlets to compare, so its page shows the article alone{waiting}",
                                "warning"))
    if FEWEST_OUTLETS <= len(articles) < settings.min_support:
        line = mapping.within("settings").line_of("min_support")
        raise ContentError([Problem(rel, line, f"`settings.min_support: {settings.min_support}` cannot work: "
                                    f"the story has {len(articles)} outlets, so no fact could enter the "
                                    f"digest; write at most {len(articles)}")])
    return RawStory(
        slug=story_dir.name,
        path=rel,
        title=values["title"],
        date=values["date"],
        introduction=body.strip("\n"),
        articles=articles,
        tags=values["tags"],
        settings=settings,
        metadata=_extras(mapping, STORY.keys),
        introduction_line=body_line + len(body) - len(body.lstrip("\n")),
        summary=values["summary"],
        draft=values["draft"],
        annotations=notes,
        corrections=corrections,
    )


def _editor_items(mapping: Mapping, key: str, schema: Schema, make, rel: str) -> tuple[tuple, list[Problem]]:
    """The notes (or corrections) listed under `key`, each read by its schema, and every problem."""
    found, problems = [], []
    for item in mapping.items(key):
        values, item_problems = read_item(item, schema, rel, "")
        problems += item_problems
        if not any(p.severity == "error" for p in item_problems):
            found.append(make(values, item))
    return tuple(found), problems


def _note(values: dict, item: Mapping) -> EditorNote:
    about = "claim" if values["on"] else "quote"
    return EditorNote(selector=values["on"] or values["quote"], about=about, note=values["note"],
                      line=item.first_line, note_line=item.line_of("note") + _block_scalar(item, "note"))


def _block_scalar(item: Mapping, key: str) -> int:
    """1 when the value is a block (`note: |`), which starts on the line below its key."""
    return int(getattr(item.nodes.get(key), "style", None) in ("|", ">"))


def _correction(values: dict, item: Mapping) -> Correction:
    kind = next(key for key in CORRECTION.one_of if values[key])
    selectors = values[kind] if kind == "merge" else (values[kind],)
    return Correction(kind=kind, selectors=selectors, reason=values["reason"], line=item.first_line,
                      out=values["out"], to=values["to"])


def load_articles(story_dir: Path, content_dir: Path, warnings: list[Problem],
                  shelf: Shelf = Shelf(None, "")) -> tuple[RawArticle, ...]:
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
            article, outlet_lines[rel] = load_article(path, rel, siglum_for(len(read)), warnings, shelf)
            read.append(article)
        except ContentError as error:
            problems.extend(error.problems)
        except OSError as error:  # removed or unreadable since the folder was listed
            problems.append(Problem(rel, None, f"cannot be read: {error.strerror}"))
    problems.extend(_duplicate_outlets(read, outlet_lines))
    if problems:
        raise ContentError(problems)
    return tuple(read)


def load_article(path: Path, rel: str, siglum: str, warnings: list[Problem],
                 shelf: Shelf = Shelf(None, "")) -> tuple[RawArticle, int | None]:
    """The article, and the line its outlet is named on (None when the file name names it). A
    saved web page's text and metadata are taken from `shelf` while its bytes are unchanged:
    trafilatura costs a page a tenth of a second, and its import a third of a second more."""
    suffix = path.suffix.lower()
    if path.stat().st_size > MAX_ARTICLE_BYTES:
        raise ContentError([Problem(rel, None, f"is larger than {MAX_ARTICLE_BYTES // 1_000_000} MB; "
                                    "an article is text: check this is the right file")])
    text = read_text(path, rel)
    if suffix in (".html", ".htm"):
        extracted = shelf.kept(shelf.key("page", rel, text), lambda: _extracted(text, rel))
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
    fields = values_or_raise(read_schema(mapping, ARTICLE, rel), warnings)
    outlet_line = mapping.line_of("outlet")
    return _article(siglum, rel, "md", fields, body, body_line, _extras(mapping, ARTICLE.keys),
                    outlet_line), outlet_line


def _extracted(html: str, rel: str):
    from .html_article import extract_html_article  # trafilatura and bs4 take 0.3 s to import

    return extract_html_article(html, rel)


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
                      metadata=extras, outlet_keys=outlet_keys(outlet))


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


def outlet_keys(name: str) -> tuple[str, str]:
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
