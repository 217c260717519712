"""Measure how news text reads, to tune the benchmark corpus: `python bench/news_rates.py FOLDER ...`.

Reads every article (`*.md` but `story.md`) under the folders with the project's own loader,
cleaner and sentence splitter, and prints one table of rates; bench/news_corpus.py is tuned to
them, and the same table for its output shows how close it comes. Only rates are printed, never
text.
"""

from __future__ import annotations

import re
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from site_src.clean import clean_story, find_templates  # noqa: E402
from site_src.load import load_site  # noqa: E402
from site_src.segment import segment_story  # noqa: E402

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
NUMBER = re.compile(r"\d")
NAME = re.compile(r"(?<![.!?\"“] )(?<!^)\b[A-Z][a-z]+")  # a capital word not opening the sentence
QUOTE = re.compile(r"[\"“”]")


def articles_of(content: Path) -> list[list[list[str]]]:
    """Each article as its paragraphs' sentences, as the build reads them."""
    loaded = load_site(content)
    templates = find_templates(loaded.stories)
    return [[[sentence.text for sentence in paragraph.sentences] for paragraph in article.paragraphs]
            for raw in loaded.stories for article in segment_story(clean_story(raw, templates=templates)).articles]


def rates(articles: list[list[list[str]]]) -> dict[str, float]:
    texts = [t for article in articles for paragraph in article for t in paragraph]
    lengths = [len(WORD.findall(t)) for t in texts]
    words = [w.lower() for t in texts for w in WORD.findall(t)]
    counts = Counter(words)
    top100 = sum(n for _, n in counts.most_common(100))
    return {
        "articles": len(articles),
        "sentences": len(texts),
        "sentences per article, median": statistics.median(sum(map(len, a)) for a in articles),
        "sentences per paragraph, mean": len(texts) / sum(len(a) for a in articles),
        "words per sentence, median": statistics.median(lengths),
        "words per sentence, mean": statistics.mean(lengths),
        "words per sentence, stdev": statistics.pstdev(lengths),
        "share of sentences under 10 words": sum(n < 10 for n in lengths) / len(lengths),
        "share of sentences over 40 words": sum(n > 40 for n in lengths) / len(lengths),
        "share of sentences with a digit": sum(bool(NUMBER.search(t)) for t in texts) / len(texts),
        "share of sentences with a mid-sentence capital": sum(bool(NAME.search(t)) for t in texts) / len(texts),
        "mid-sentence capitals per sentence": sum(len(NAME.findall(t)) for t in texts) / len(texts),
        "share of sentences with a quotation mark": sum(bool(QUOTE.search(t)) for t in texts) / len(texts),
        "share of words among the 100 commonest": top100 / len(words),
        "distinct words per 1,000 words": 1000 * len(counts) / len(words),
    }


if __name__ == "__main__":
    for name, value in rates([a for folder in sys.argv[1:] for a in articles_of(Path(folder))]).items():
        print(f"| {name} | {value:.3g} |" if isinstance(value, float) else f"| {name} | {value} |")
