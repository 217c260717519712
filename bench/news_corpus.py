"""Write a synthetic news corpus for benchmarks: `python bench/news_corpus.py OUT STORIES OUTLETS`.

Each story has a cast (people with titles, bodies, a town), a pool of facts, and articles by
several outlets that retell a Zipf-weighted share of the pool (some outlets carry most of it,
every fact a few) with rewrites (synonyms, clauses moved or dropped, attribution reworded, now
and then a number changed), add facts of their own, print quotations (verbatim, cut short or
altered), and carry their own boilerplate (bylines, newsletter pitches, copyright footers) from
story to story. One outlet in five saves its article as a `.html` page; one story in four has a
wire copy printed by a second outlet. Seeded: the same arguments give the same bytes.

The names are invented, the grammar is a news sentence's (who did what, with what, when,
according to whom; "...," X said), and its open slots take English words by frequency (the
paraphrase tokenizer's list, commonest first, with Zipf's weights); no real article is copied.
`python bench/news_rates.py FOLDER` measures the rates below: real news (BASIL, 32 stories of
three US outlets) against this corpus at the same size (`news_corpus.py OUT 32 3`):

| rate | real news | this corpus |
| --- | ---: | ---: |
| sentences per article, median | 23 | 21 |
| sentences per paragraph, mean | 1.53 | 1.47 |
| words per sentence: median, mean, sd | 25, 26.4, 12.7 | 25, 25.9, 11.8 |
| sentences under 10 words / over 40 | 6% / 14% | 9% / 12% |
| sentences with a digit | 16% | 16% |
| sentences with a capital after the first word; per sentence | 86%; 3.3 | 87%; 3.1 |
| sentences with a quotation mark | 40% | 47% |
| words among the 100 commonest | 47% | 57% |
| distinct words per 1,000 | 117 | 78 |

Its outlets share more wording than real ones (they retell one pool, where real outlets write
apart), so its text repeats more: a harder case for align than real news, not an easier one.
"""

from __future__ import annotations

import html
import itertools
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

TOKENIZER = Path(__file__).resolve().parent.parent / "site_src" / "data" / "paraphrase" / "tokenizer.json"

SEED = 20260423
SENTENCE_WORDS = (25.0, 12.0)  # mean and sd of a fact's words before rewording (measured: 26.4, 12.7)
SENTENCES_PER_ARTICLE = (23, 7)  # median and sd (measured median 23)
SENTENCE_FIRST_IN_PARAGRAPH = 0.65  # a paragraph ends after a sentence with this chance: 1.5 a paragraph
SHARED_SHARE = 0.6  # of an article's sentences, those retelling the story's pool
QUOTE_FACT = 0.18  # facts that are a quotation; with quoted terms, 40% of sentences carry a mark
NUMBER_FACT = 0.2  # facts with a figure (measured: 16% of sentences have a digit)
REWRITE_WORD = 0.25  # a retelling swaps each word that has synonyms with this chance
CHANGED_NUMBER = 0.04  # a retelling gives a different figure: the disagreements to find
HTML_EVERY = 5  # one outlet in five saves its articles as web pages
WIRE_EVERY = 4  # one story in four has an outlet print another's article as wire copy
POOL_FACTS = 30  # facts a story's outlets share, plus one per POOL_PER articles
POOL_PER = 5
COMMON_WORDS = 300  # the tokenizer's commonest words are function words: the grammar brings its own
ZIPF_OFFSET = 30  # Zipf's 1 / (rank + offset): a flatter head, as news reaches past everyday words
LONG_TAIL = 0.75  # a noun or adjective slot takes any English word, by frequency, with this chance

GIVEN = ("Ana Ben Carla David Elena Frank Grace Hector Irene James Karen Luis Maria Nadia Omar Paul "
         "Rosa Samuel Teresa Victor Wendy Yusuf Alan Beth Colin Diane Edgar Fiona George Helen Ivan Julia "
         "Kevin Laura Martin Nina Oscar Priya Quentin Ruth Simon Tara").split()
SURNAMES = ("Abbott Barlow Castillo Dunmore Ellison Farrow Galvez Hartley Ingram Jessup Kowal Lindqvist "
            "Moreau Nakata Oduya Pellham Quarles Renwick Sorensen Thackery Upton Varga Whitlock Yardley "
            "Zimmer Ashby Brandt Corrigan Delacroix Estrada Fenwick Greer Holloway Iverson Janssen Kearney "
            "Lomax Mercer Novotny Ortega Prescott Radcliffe Salazar Tennant Vance Wexler").split()
TOWNS = ("Ashford|Brookvale|Cedar Falls|Dunmore|Eastwick|Fairhaven|Glenrock|Harrow|Ironwood|Juniper|"
         "Kingsport|Lakemont|Millbrook|Northgate|Oakridge|Pinehurst|Quarry Hill|Riverton|"
         "Stonebridge|Thornbury|Upland|Valemont|Westbrook|Yarrow|Zephyr Bay|Alder Creek|Bellmore|"
         "Carver City|Dalton|Elmstead|Foxborough|Greywater|Highmoor|Ivydale|Jasper Point|Kestrel|"
         "Lindenhurst|Marlow|Newhaven|Orchard Park|Pembrook|Redcliff|Silverton|Tidewater|Underhill|"
         "Vernon|Willowby|Yorkfield|Ambergate|Birchwood|Coldspring|Deepwell|Emberly|Frostburg").split("|")
PAPERS = ("Courier Herald Gazette Times Post Tribune Ledger Observer Chronicle Sentinel Journal Register "
          "Record Star Examiner Dispatch Bulletin Press Standard Mirror Telegraph Leader Review Monitor "
          "Reporter Globe Inquirer Argus Beacon Clarion Courant Enquirer Express Pioneer Sun Transcript "
          "Voice Daily Weekly Wire").split()
TITLES = ("Mayor", "Sen.", "Rep.", "Gov.", "Judge", "Commissioner", "Chief", "Dr.", "Secretary", "Director")
BODIES = ("City Council", "State Department", "Department of Transportation", "Water Authority",
          "Board of Education", "Health Department", "Planning Commission", "Supreme Court",
          "Housing Agency", "Port Authority", "Energy Commission", "Police Department", "Senate",
          "Chamber of Commerce", "Teachers Union", "Transit Board", "Election Board", "Parks Service")
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()
# Each group: words a retelling may swap for one another.
SYNONYMS = [g.split() for g in (
    "said told stated added", "plan proposal measure", "officials authorities leaders",
    "residents people citizens", "approved passed adopted", "rejected blocked opposed",
    "warned cautioned", "announced unveiled disclosed", "increase rise jump", "cut reduction decline",
    "project program effort", "meeting session hearing", "critics opponents", "supporters backers",
    "week weekend", "report study review", "funding money spending", "deal agreement accord",
    "vote ballot", "lawmakers legislators", "emergency crisis", "concerns worries fears",
    "investigation inquiry probe", "decision ruling", "company firm", "workers employees staff",
    "big large major", "new fresh", "early initial", "quickly swiftly rapidly", "expected likely",
)]
SWAP = {word: group for group in SYNONYMS for word in group}
NOUNS = ("plan budget proposal measure officials residents school road bridge water tax project meeting "
         "report funding deal vote lawmakers court case election campaign district city county state "
         "program policy rules law bill agency board contract company workers families emergency "
         "concerns investigation decision hospital housing rent prices energy grid transit station "
         "river flood storm repairs safety police charges lawsuit records data schedule deadline "
         "committee critics supporters neighborhood parents students teachers permits land "
         "development review audit shortfall reserves loan bonds revenue fees").split()
VERBS = ("approved rejected announced warned delayed expanded questioned defended criticized proposed "
         "blocked reviewed signed released funded cut raised challenged praised ordered weighed "
         "postponed described confirmed disputed considered opened closed backed urged").split()
ADJECTIVES = ("new big early final local public federal former independent long private major "
              "tough sharp full annual unusual key broad costly closed quiet").split()
DETERMINERS = ("the", "the", "the", "a", "its", "their", "this", "that", "some", "his", "her")
PREPOSITIONS = ("in", "at", "for", "over", "after", "before", "during", "under", "against", "with",
                "without", "across", "near")
LINKS = ("and", "but", "while", "after", "because", "as", "although")
QUOTE_OPENERS = ("We", "This", "It", "Nobody", "I", "They", "Our city", "People")
QUOTE_VERBS = ("have to", "cannot", "will not", "need to", "are going to", "should")
QUOTE_ACTIONS = "fix stop fund build protect finish change explain protect delay keep pay".split()
REPORTING = ("said", "told reporters", "said in a statement", "said on Twitter", "added")


def _vocabulary() -> tuple[list[str], list[float]]:
    """English words by frequency (the paraphrase tokenizer lists its whole words commonest
    first) and Zipf's cumulative weights for them: the long tail real news draws on."""
    vocab = json.loads(TOKENIZER.read_text(encoding="utf-8"))["model"]["vocab"]
    ranked = sorted((rank, word) for word, rank in vocab.items())
    words = [w for _, w in ranked if w.isascii() and w.isalpha() and len(w) > 2][COMMON_WORDS:]
    return words, list(itertools.accumulate(1 / (rank + ZIPF_OFFSET) for rank in range(len(words))))


VOCABULARY = _vocabulary()


def any_word(rng: random.Random) -> str:
    words, weights = VOCABULARY
    return rng.choices(words, cum_weights=weights)[0]


@dataclass(frozen=True)
class Person:
    given: str
    surname: str
    title: str
    body: str

    @property
    def full(self) -> str:
        return f"{self.title} {self.given} {self.surname}"


@dataclass(frozen=True)
class Fact:
    """One thing that happened, as slots a retelling may reorder, reword or drop."""

    subject: str
    verb: str
    rest: tuple[str, ...]  # phrases after the verb, in order
    quote: str | None  # the speaker's words, when the fact is a quotation
    speaker: Person | None
    figure: int | None  # the number it states, when it states one


@dataclass(frozen=True)
class Article:
    slug: str
    outlet: str
    file_stem: str
    title: str
    published: str
    author: str
    paragraphs: tuple[str, ...]  # the news text, as the outlet printed it
    top: tuple[str, ...]  # clutter before the text (byline)
    bottom: tuple[str, ...]  # clutter after it (newsletter pitch, copyright)
    as_html: bool


@dataclass(frozen=True)
class CorpusStory:
    slug: str
    title: str
    date: str
    summary: str
    articles: tuple[Article, ...]


def outlet_names(count: int) -> list[str]:
    """`count` distinct outlet names, town by paper, the same for the same count."""
    names = [f"{town} {paper}" for paper in PAPERS for town in TOWNS]
    if count > len(names):
        raise ValueError(f"at most {len(names)} outlets")
    return random.Random(SEED).sample(names, count)


def corpus(stories: int, outlets: int, seed: int = SEED) -> list[CorpusStory]:
    """`stories` stories, each covered by every one of `outlets` outlets."""
    names = outlet_names(outlets)
    return [story(number, names, random.Random(seed * 1000 + number)) for number in range(stories)]


def story(number: int, outlets: list[str], rng: random.Random) -> CorpusStory:
    town = rng.choice(TOWNS)
    cast = [Person(rng.choice(GIVEN), rng.choice(SURNAMES), rng.choice(TITLES), rng.choice(BODIES))
            for _ in range(rng.randint(4, 8))]
    topic = rng.sample(NOUNS, 8)
    pool = [fact(rng, cast, town, topic) for _ in range(POOL_FACTS + len(outlets) // POOL_PER)]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(pool))]  # a few facts everyone carries
    month = rng.randrange(12)
    date = f"20{rng.randint(10, 25)}-{month + 1:02d}-{rng.randint(1, 28):02d}"
    slug = f"story-{number:03d}-{town.lower().replace(' ', '-')}-{topic[0]}"
    headline = f"{town} {topic[0]} {pool[0].verb} as {cast[0].full} faces {topic[1]} questions"
    articles = []
    for index, outlet in enumerate(outlets):
        wire_of = articles[0] if index == 1 and number % WIRE_EVERY == 0 else None
        articles.append(article(slug, outlet, index, rng, pool, weights, cast, town, topic, date, wire_of))
    return CorpusStory(slug=slug, title=headline.capitalize(), date=date,
                       summary=f"What the outlets reported on the {town} {topic[0]}.",
                       articles=tuple(articles))


def article(slug, outlet, index, rng, pool, weights, cast, town, topic, date, wire_of) -> Article:
    stem = f"{index + 1:04d}-{outlet.lower().replace(' ', '-')}"
    outlet_rng = random.Random(outlet)  # an outlet's clutter is the same in every story
    author = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
    top = (f"By {author}",) if outlet_rng.random() < 0.5 else ()
    bottom = (f"Sign up for the {outlet} morning newsletter for the day's top stories.",
              f"© 2026 {outlet}. All rights reserved.")[: outlet_rng.randint(1, 2)]
    if wire_of is not None:
        paragraphs = wire_of.paragraphs
    else:
        count = max(4, round(rng.gauss(*SENTENCES_PER_ARTICLE)))
        sentences = []
        for _ in range(count):
            if rng.random() < SHARED_SHARE:
                sentences.append(retell(rng.choices(pool, weights)[0], rng, cast))
            else:
                sentences.append(retell(fact(rng, cast, town, topic), rng, cast))
        paragraphs = tuple(paragraphs_of(sentences, rng))
        if rng.random() < 0.4:
            paragraphs = (f"{town.upper()} — {paragraphs[0]}",) + paragraphs[1:]
    return Article(slug=slug, outlet=outlet, file_stem=stem, title=f"{town} {rng.choice(topic)} update",
                   published=date, author=author, paragraphs=paragraphs, top=top, bottom=bottom,
                   as_html=index % HTML_EVERY == HTML_EVERY - 1)


def paragraphs_of(sentences: list[str], rng: random.Random) -> list[str]:
    paragraphs, current = [], []
    for sentence in sentences:
        current.append(sentence)
        if rng.random() < SENTENCE_FIRST_IN_PARAGRAPH:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def fact(rng: random.Random, cast: list[Person], town: str, topic: list[str]) -> Fact:
    target = max(6, round(rng.gauss(*SENTENCE_WORDS)))
    speaker = rng.choice(cast)
    figure = None
    if rng.random() < QUOTE_FACT:
        words = [rng.choice(QUOTE_OPENERS), rng.choice(QUOTE_VERBS), rng.choice(QUOTE_ACTIONS),
                 noun_phrase(rng, topic)]
        while sum(len(w.split()) for w in words) < target - 4:  # a term quoted inside takes single marks
            words.append(modifier(rng, topic, town, cast).replace("\u201c", "\u2018").replace("\u201d", "\u2019"))
        return Fact(subject="", verb="", rest=(), quote=" ".join(words), speaker=speaker, figure=None)
    subject = rng.choice((f"the {rng.choice(BODIES)}", speaker.full, f"{rng.choice(topic)} officials",
                          noun_phrase(rng, topic), noun_phrase(rng, topic)))
    rest = [noun_phrase(rng, topic)]
    if rng.random() < NUMBER_FACT:
        figure = rng.choice((rng.randint(2, 95), rng.randint(100, 5000), rng.randint(1990, 2030)))
        rest.append(f"by {figure} percent" if figure < 100 else
                    f"in {figure}" if figure >= 1990 else f"affecting about {figure:,} {rng.choice(topic)}")
    while len(subject.split()) + 1 + sum(len(r.split()) for r in rest) < target:
        rest.append(modifier(rng, topic, town, cast))
    return Fact(subject=subject, verb=rng.choice(VERBS), rest=tuple(rest), quote=None, speaker=speaker,
                figure=figure)


def noun_phrase(rng: random.Random, topic: list[str]) -> str:
    draw = rng.random()
    noun = rng.choice(topic) if draw < 0.35 else any_word(rng) if draw < 0.35 + LONG_TAIL else rng.choice(NOUNS)
    if rng.random() < 0.3:
        noun = f"{any_word(rng)} {noun}"
    if rng.random() < 0.4:
        adjective = any_word(rng) if rng.random() < LONG_TAIL else rng.choice(ADJECTIVES)
        return f"{rng.choice(DETERMINERS)} {adjective} {noun}"
    return f"{rng.choice(DETERMINERS)} {noun}"


def modifier(rng: random.Random, topic: list[str], town: str, cast: list[Person]) -> str:
    kind = rng.random()
    if kind < 0.5:
        return f"{rng.choice(PREPOSITIONS)} {noun_phrase(rng, topic)}"
    if kind < 0.56:
        return f"on {rng.choice(WEEKDAYS)}"
    if kind < 0.68:
        return f"{rng.choice(LINKS)} {rng.choice(cast).surname} {rng.choice(VERBS)} {noun_phrase(rng, topic)}"
    if kind < 0.8:
        return f"{rng.choice(LINKS)} {noun_phrase(rng, topic)} {rng.choice(VERBS)} {noun_phrase(rng, topic)}"
    if kind < 0.84:
        return f"in {town}"
    if kind < 0.9:
        person = rng.choice(cast)
        return f"according to {person.title} {person.surname} of the {person.body}"
    return f"which {rng.choice(cast).surname} called \u201c{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}\u201d"


def retell(fact: Fact, rng: random.Random, cast: list[Person]) -> str:
    """One outlet's wording of a fact: its own synonyms and order, the figure now and then changed."""
    if fact.quote is not None:
        words = fact.quote.split()
        shape = rng.random()
        if shape < 0.15:
            words = words[: max(4, len(words) * 2 // 3)]  # cut short
        elif shape < 0.3:
            words = [reword(w, rng) for w in words]  # altered
        said = rng.choice(REPORTING)
        who = fact.speaker.surname if rng.random() < 0.6 else fact.speaker.full
        if rng.random() < 0.5:
            return f"\u201c{' '.join(words)},\u201d {who} {said}."
        return f"{who} {said}: \u201c{' '.join(words)}.\u201d"
    rest = [reword_phrase(r, rng) for r in fact.rest]
    if len(rest) > 2 and rng.random() < 0.3:
        rest.pop(rng.randrange(1, len(rest)))
    if fact.figure is not None and rng.random() < CHANGED_NUMBER:
        rest = [r.replace(str(fact.figure), str(fact.figure + rng.randint(1, 9))) for r in rest]
    front = ""
    if len(rest) > 1 and rng.random() < 0.25:
        front = rest.pop(rng.randrange(1, len(rest))) + ", "
    text = f"{front}{fact.subject} {reword(fact.verb, rng)} {' '.join(rest)}"
    return text[0].upper() + text[1:] + "."


def reword_phrase(phrase: str, rng: random.Random) -> str:
    return " ".join(reword(w, rng) for w in phrase.split())


def reword(word: str, rng: random.Random) -> str:
    group = SWAP.get(word)
    return rng.choice(group) if group and rng.random() < REWRITE_WORD else word


def write(stories: list[CorpusStory], out: Path) -> None:
    """The corpus as a content folder the build reads."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "site.yml").write_text("title: Benchmark\n")
    for entry in stories:
        folder = out / entry.slug
        folder.mkdir(exist_ok=True)
        (folder / "story.md").write_text(f"---\ntitle: {entry.title}\ndate: {entry.date}\n"
                                         f"summary: {entry.summary}\n---\nA benchmark story.\n")
        for item in entry.articles:
            if item.as_html:
                (folder / f"{item.file_stem}.html").write_text(as_html(item))
            else:
                body = "\n\n".join(item.top + item.paragraphs + item.bottom)
                (folder / f"{item.file_stem}.md").write_text(
                    f"---\noutlet: {item.outlet}\ntitle: {item.title}\nauthor: {item.author}\n"
                    f"published: {item.published}\n---\n{body}\n")


def as_html(item: Article) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in item.top + item.paragraphs)
    footer = "\n".join(f"<p>{html.escape(p)}</p>" for p in item.bottom)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(item.title)} | {html.escape(item.outlet)}</title>
<meta property="og:site_name" content="{html.escape(item.outlet)}">
<meta property="og:title" content="{html.escape(item.title)}">
<meta property="article:published_time" content="{item.published}">
<meta name="author" content="{html.escape(item.author)}">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sports">Sports</a></nav>
<article><h1>{html.escape(item.title)}</h1>
{paragraphs}
</article>
<footer>{footer}</footer>
</body></html>
"""


def write_story(out: Path, articles: int) -> None:
    """One story told by `articles` outlets."""
    write(corpus(1, articles), out)


if __name__ == "__main__":
    write(corpus(int(sys.argv[2]), int(sys.argv[3])), Path(sys.argv[1]))
