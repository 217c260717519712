"""The stages run in order: load -> clean -> segment -> quotes -> align -> compose -> correct -> render
-> index.

Nothing is written here. The stages after load are imported where they run, not above: align
alone brings scipy and numpy (half a second), render Jinja, Markdown and the feeds' lxml, clean
the regex module, none of which a build that takes every story and page from the cache needs.
"""

from __future__ import annotations

import hashlib
import pickle
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .cache import PICKLE_PROTOCOL, CompiledTemplates, Shelf, digest_of, generator_version, through_cache
from .frontmatter import ContentError
from .load import is_published, load_site, load_story, site_base_url
from .model import Problem, RawStory, Site, SiteConfig, Story
from .search import INDEX_DIR, SHARDS_DIR, SHARDS_LIST, bundle_folder, bundles_of, indexed_pages, pagefind_binary, \
    search_index, shards_list

if TYPE_CHECKING:
    from jinja2 import Environment

# The templates' code this process compiled or took from the cache: every environment it makes uses it.
COMPILED = CompiledTemplates()


@dataclass(frozen=True)
class Built:
    sources: tuple[RawStory, ...]  # the site's stories as read, in its order: what a message counts
    open_site: Callable[[], Site]  # the site, opened at its first call and kept: see `site`
    files: dict[str, bytes]
    warnings: tuple[Problem, ...]
    templates: frozenset[tuple[str, str]] = frozenset()  # outlets' page-template lines, learnt across stories
    template_lines: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)  # by story: what they count
    drafts: tuple[str, ...] = ()  # story folders left out as drafts

    @property
    def site(self) -> Site:
        """The site, its stories unpickled from their cache entries when first read: a build that
        takes every page from the cache reads none (100 stories: 0.09 s of a 0.6 s rebuild)."""
        return self.open_site()


def build_site(content_dir: Path, templates_dir: Path, base_url: str | None = None,
               strict: bool = False, drafts: bool = False,
               progress: Callable[[int, int], None] | None = None, jobs: int = 1,
               cache: Path | None = None) -> Built:
    """Everything but writing: raise ContentError on any problem (warnings too, when strict).
    Drafts are built too when `drafts`. Stories are built and their pages rendered in `jobs`
    processes; each step's result is kept in the folder `cache` (when given) for the next build
    to take as it is while what the step reads is unchanged; `progress` is told (stories done,
    stories in all) as each is done."""
    shelf = Shelf(cache, generator_version(templates_dir) if cache else "")
    compiled = shelf.key("compiled")
    kept_code = shelf.take(compiled)
    COMPILED.code.update(kept_code or {})
    loaded = load_site(content_dir, drafts, shelf)
    _refuse_warnings_when_strict(loaded.warnings, strict)
    config = loaded.config
    if base_url is not None:
        config = replace(config, base_url=site_base_url(base_url))
    read = [hashlib.sha256(repr(raw).encode("utf-8", "surrogatepass")).hexdigest() for raw in loaded.stories]
    lines = {raw.slug: shelf.kept(shelf.key("lines", digest), partial(_template_lines, raw))
             for raw, digest in zip(loaded.stories, read)}
    templates = _templates_among(lines.values())
    learnt = sorted(templates)
    keys = [shelf.key("story", digest, learnt, config) for digest in read]
    made = through_cache(partial(_story_and_pages, templates=templates, config=config, templates_dir=templates_dir),
                         loaded.stories, keys, shelf, jobs, progress)
    site = lru_cache(maxsize=1)(partial(_opened, config, tuple(story for story, _ in made)))  # opened once
    files = {path: data for _, pages in made for path, data in pages.items()}
    files.update(shelf.kept(shelf.key("shared", config, keys), lambda: _shared_pages(site(), templates_dir)))
    if COMPILED.code != kept_code:
        shelf.file(compiled, dict(COMPILED.code))
    built = Built(sources=loaded.stories, open_site=site, files=_indexed(files, config, shelf, loaded.stories, jobs),
                  warnings=loaded.warnings, templates=templates, template_lines=lines, drafts=loaded.drafts)
    shelf.put_away()
    return built


def _opened(config: SiteConfig, stories: tuple[_Kept, ...]) -> Site:
    return Site(config=config, stories=tuple(story.open() for story in stories))


class _Kept:
    """A merged story as a build holds it: the story itself where this process merged it, else
    its pickle (from a worker or a cache entry), read when the story is. It is pickled only when
    it must leave this process or be filed, and so once: a story merged here and never filed is
    never pickled (a 1 MB article's story: 0.8 s of pickling spared)."""

    __slots__ = ("_story", "_pickled")

    def __init__(self, story: Story | None = None, pickled: bytes | None = None):
        self._story, self._pickled = story, pickled

    def open(self) -> Story:
        return self._story if self._story is not None else pickle.loads(self._pickled)

    def __getstate__(self) -> bytes:
        return self._pickled if self._pickled is not None else pickle.dumps(self._story, protocol=PICKLE_PROTOCOL)

    def __setstate__(self, pickled: bytes) -> None:
        self._story, self._pickled = None, pickled


def _template_lines(raw: RawStory) -> frozenset[tuple[str, str]]:
    from .clean import template_lines

    return template_lines(raw)


def _templates_among(lines) -> frozenset[tuple[str, str]]:
    from .clean import templates_among

    return templates_among(lines)


def _shared_pages(site: Site, templates_dir: Path) -> dict[str, bytes]:
    from .render import render_shared_pages

    return render_shared_pages(site, _kept_environment(templates_dir), templates_dir)


def _story_and_pages(raw: RawStory, templates: frozenset[tuple[str, str]], config: SiteConfig,
                     templates_dir: Path) -> tuple[_Kept, dict[str, bytes]]:
    """One story built (kept as _Kept says) and its own pages rendered, as render_site would: a
    story's pages read the site's config alone, never the other stories, so a worker needs no more."""
    from .render import render_story

    story = build_story(raw, templates)
    pages = render_story(story, Site(config=config, stories=()), _kept_environment(templates_dir))
    return _Kept(story), pages


def rebuild_stories(previous: Built, slugs: frozenset[str], content_dir: Path, templates_dir: Path,
                    strict: bool = False, drafts: bool = False, jobs: int = 1) -> Built:
    """After edits inside some existing story folders: what build_site would give, at their cost.

    Only those stories are read and built again, and only their pages and the shared ones (the
    index lists every story) rendered; every other story and page is kept from `previous`. An
    outlet's page template is learnt across stories, so when an edit changes one, every story is
    built again. Warnings are those of the stories read again. An edit that takes a story off
    the site (it became a draft, or lost its articles) changes the index's list: build it all.
    """
    from .render import render_shared_pages, render_story

    problems: list[Problem] = []
    warnings: list[Problem] = []
    reread: dict[str, RawStory] = {}
    for slug in sorted(slugs):
        try:
            reread[slug] = load_story(content_dir / slug, content_dir, warnings, drafts)
        except ContentError as error:
            problems.extend(error.problems)
    if problems:
        raise ContentError(problems + warnings)
    if not all(is_published(story, drafts) for story in reread.values()):
        return build_site(content_dir, templates_dir, previous.site.config.base_url, strict, drafts)
    _refuse_warnings_when_strict(warnings, strict)
    raws = tuple(reread.get(raw.slug, raw) for raw in previous.sources)
    lines = {raw.slug: _template_lines(raw) if raw.slug in reread or raw.slug not in previous.template_lines
             else previous.template_lines[raw.slug] for raw in raws}
    templates = _templates_among(lines.values())
    if templates != previous.templates:
        reread = {raw.slug: raw for raw in raws}
    stories = tuple(build_story(reread[story.slug], templates) if story.slug in reread else story
                    for story in previous.site.stories)
    site = Site(config=previous.site.config, stories=stories)
    env = _kept_environment(templates_dir)
    redone = {*reread, INDEX_DIR}
    files = {path: data for path, data in previous.files.items() if path.split("/", 1)[0] not in redone}
    for story in stories:
        if story.slug in reread:
            files.update(render_story(story, site, env))
    files.update(render_shared_pages(site, env, templates_dir))
    return Built(sources=raws, open_site=lambda: site, files=_indexed(files, site.config, Shelf(None, ""), raws, jobs, previous),
                 warnings=tuple(warnings),
                 templates=templates, template_lines=lines, drafts=previous.drafts)


def _indexed(files: dict[str, bytes], config: SiteConfig, shelf: Shelf, stories: tuple[RawStory, ...],
             jobs: int, previous: Built | None = None) -> dict[str, bytes]:
    """The rendered files and, when the site has search, the search index of their pages: each of
    its bundles (search.py) taken from `shelf`, or from the `previous` build's files, while the
    pages it reads are byte for byte the last build's, and made `jobs` at a time."""
    binary = pagefind_binary() if config.search else None
    if not binary:
        return files
    bundles = bundles_of(indexed_pages(files), frozenset(raw.slug for raw in stories))
    before = bundles_of(indexed_pages(previous.files), frozenset(raw.slug for raw in previous.sources)) \
        if previous is not None else {}
    keys = {name: shelf.key("index", config.language, bool(name), digest_of(pages)) for name, pages in bundles.items()}
    made = {name: _bundle_files(previous.files, name) if previous is not None and before.get(name) == pages
            else shelf.take(keys[name]) for name, pages in bundles.items()}
    missing = [name for name, found in made.items() if found is None]
    # Each bundle is a Pagefind process of its own, waited on by a thread: as many at once as cores.
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(missing)))) as pool:
        for name, found in zip(missing, pool.map(lambda name: search_index(bundles[name], config.language, binary,
                                                                           main=not name), missing)):
            shelf.file(keys[name], found)
            made[name] = found
    index = {bundle_folder(name) + rel: data for name in bundles for rel, data in made[name].items()}
    return {**files, f"{INDEX_DIR}/{SHARDS_LIST}": shards_list(bundles), **index}


def _bundle_files(files: dict[str, bytes], name: str) -> dict[str, bytes]:
    """One bundle's files among a site's, by their path within it."""
    folder, shards = bundle_folder(name), f"{INDEX_DIR}/{SHARDS_DIR}/"
    return {path[len(folder):]: data for path, data in files.items() if path.startswith(folder)
            and (name or not path.startswith(shards)) and path != f"{INDEX_DIR}/{SHARDS_LIST}"}


def _refuse_warnings_when_strict(warnings, strict: bool) -> None:
    """--strict: every warning is an error."""
    if strict and warnings:
        raise ContentError([replace(w, severity="error") for w in warnings])


@lru_cache(maxsize=4)
def _kept_environment(templates_dir: Path) -> Environment:
    """Compiling the templates costs more than rendering one story; Jinja recompiles an edited one."""
    from .render import template_environment

    environment = template_environment(templates_dir)
    environment.bytecode_cache = COMPILED
    return environment


def build_story(raw: RawStory, templates: frozenset[tuple[str, str]]) -> Story:
    """One story's stages: a pure function of its folder's contents and the outlets' templates."""
    story = raw
    for _, stage in story_stages(templates):
        story = stage(story)
    return story


def story_stages(templates: frozenset[tuple[str, str]]) -> tuple[tuple[str, Callable], ...]:
    """One story's stages in order, by name: build_story runs them, bench/stage_times.py times them."""
    from .align import align_story
    from .clean import clean_story
    from .compose import compose_story
    from .corrections import correct_story
    from .quotes import extract_quotes
    from .segment import segment_story

    return (("clean", partial(clean_story, templates=templates)), ("segment", segment_story),
            ("quotes", extract_quotes), ("align", align_story), ("compose", compose_story),
            ("correct", correct_story))
