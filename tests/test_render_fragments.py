"""The HTML render.py builds per sentence and per footnote is what the Jinja macros it replaced
wrote, byte for byte, for any text (a quotation's carriers too): the same markup and the same escaping as autoescape; the
list of an outlet's own facts is, but for whitespace between its elements."""

from __future__ import annotations

import re

from conftest import examples
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jinja2 import Environment
from markupsafe import escape

from site_src.model import Claim, Paragraph, Quote, QuoteOccurrence, Sentence
from site_src.render import (Fate, Footnote, Page, carrier_list, carrier_rows, claim_spans, footnote_markers,
                             marked_sentences, new_fact_items, place)

# The macros as the templates had them, and the loops that called them once per sentence.
MACROS = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string("""
{%- macro footnotes(notes, story, page) -%}
<span class="footnotes" data-pagefind-ignore>{% for note in notes %}<span class="ref"><a class="fn{{ ' fn-words' if note.words }}" \
href="{{ page.sentence(story.slug, note.sentence.anchor) }}" aria-describedby="{{ note.tip }}" \
aria-label="{{ note.sentence.siglum }}, {{ note.outlet }}{{ ': these words' if note.words }}\
{{ ', in %d sentences' % note.sentences|length if note.sentences|length > 1 }}">{{ note.sentence.siglum }}</a>\
<span class="tip" role="tooltip" id="{{ note.tip }}" hidden><span class="tip-outlet">{{ note.outlet }}\
{% if note.words %} <span class="tip-words">(the words shown)</span>{% endif %}</span> \
{% for s in note.sentences %}<span class="tip-text">{{ s.text }}</span>{{ ' ' if not loop.last }}{% endfor %}</span></span>{% endfor %}</span>
{%- endmacro %}
{%- macro sentence(s, fate, story, page) -%}
<a class="fate fate-{{ fate.kind }}" href="{{ page.story(story.slug) }}#{{ fate.claim }}" title="{{ fate.label }}" \
aria-label="{{ fate.label }}">{{ fate.mark }}</a><span class="sentence" id="{{ s.anchor }}">{{ s.text }}</span>
{%- endmacro %}
""")
SOURCE_LOOP = Environment(autoescape=True).from_string(
    "{% for s in sentences %}{{ m.sentence(s, fates[s.anchor], story, page) }}{{ ' ' if not loop.last }}{% endfor %}")
SINGLE_LOOP = Environment(autoescape=True).from_string(
    '{% for s in sentences %}<span id="{{ claim_of[s.anchor] }}">{{ s.text }}</span>{{ " " if not loop.last }}{% endfor %}')

HOSTILE = ["<script>alert(1)</script>", "\"onmouseover=\"x", "'><img src=x>", "a & b", "{{ 7 * 7 }}", "\u2019s"]


class _Story:
    slug = "story-one"


texts = st.text(max_size=30) | st.sampled_from(HOSTILE)


@st.composite
def paragraphs(draw):
    """A paragraph of article B, of sentences of any text, each with any fate."""
    count = draw(st.integers(0, 4))
    sentences = tuple(Sentence("B", 3, i, draw(texts), 0, 0) for i in range(1, count + 1))
    fates = {s.anchor: Fate(draw(st.sampled_from(["digest", "own"])), draw(texts), draw(texts), draw(texts))
             for s in sentences}
    return Paragraph(3, "paragraph", "", 0, sentences), fates


class _Article:
    def __init__(self, paragraph):
        self.paragraphs = (paragraph,)


@settings(max_examples=examples(100), suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs())
@example((Paragraph(3, "paragraph", "", 0, (Sentence("B", 3, 1, HOSTILE[0], 0, 0),)),
          {"B-3-1": Fate("own", "c1\"", HOSTILE[1], "<")}))
def test_source_sentences_are_what_the_macro_wrote(drawn):
    paragraph, fates = drawn
    page = Page("story-one/sources/B.html")
    macro = SOURCE_LOOP.render(m=MACROS.module, sentences=paragraph.sentences, fates=fates, story=_Story, page=page)
    assert marked_sentences(_Article(paragraph), fates, page.story("story-one"))[3] == macro


def test_a_source_page_makes_no_markup_per_sentence(monkeypatch):
    """A long article's sentences are escaped as plain strings, each paragraph made Markup once:
    a Markup per escaped value cost a megabyte's source page a second."""
    from site_src import render
    made = []
    monkeypatch.setattr(render, "escape", lambda value: made.append(value) or escape(value))
    escaped, real = [], render._escaped
    monkeypatch.setattr(render, "_escaped", lambda text: escaped.append(text) or real(text))
    sentences = tuple(Sentence("B", 3, i, HOSTILE[i % len(HOSTILE)], 0, 0) for i in range(1, 50))
    fates = {s.anchor: Fate("own", f"c{s.index}", "Only this outlet reported it", "○") for s in sentences}
    paragraph = Paragraph(3, "paragraph", "", 0, sentences)
    marked = marked_sentences(_Article(paragraph), fates, "../index.html")[3]
    assert made == [] and len(escaped) < 10  # the link, the fate's kind, label and mark, and three lists
    assert marked.count('<span class="sentence"') == 49 and escape(HOSTILE[0]) in marked


def test_texts_escaped_together_are_each_escaped():
    """Joined at line breaks for one pass, unless a text holds one."""
    from site_src.render import _all_escaped
    for texts in (HOSTILE, ["a\nb", "<"], [], [""], ["", "&"]):
        assert _all_escaped(list(texts)) == [str(escape(t)) for t in texts]


@settings(max_examples=examples(100), suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs(), st.lists(texts, min_size=4, max_size=4))
def test_claim_spans_are_what_the_template_wrote(drawn, ids):
    paragraph, _ = drawn
    claim_of = {s.anchor: ids[s.index - 1] for s in paragraph.sentences}
    loop = SINGLE_LOOP.render(sentences=paragraph.sentences, claim_of=claim_of)
    assert claim_spans(_Article(paragraph), claim_of)[3] == loop


@settings(max_examples=examples(100), suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.lists(texts, min_size=1, max_size=3), texts, st.booleans(), texts), max_size=4))
@example([([HOSTILE[0]], HOSTILE[2], True, HOSTILE[1]), (["x", "<b>y</b>"], "a & b", False, "tip")])
def test_footnote_markers_are_what_the_macro_wrote(drawn):
    notes = tuple(Footnote(tuple(Sentence("C", 2 + i, k + 1, text, 0, 0) for k, text in enumerate(said)), outlet, words, tip)
                  for i, (said, outlet, words, tip) in enumerate(drawn))
    page = Page("story-one/index.html")
    assert footnote_markers(notes, "story-one", page) == MACROS.module.footnotes(notes, _Story, page)


NEW_FACTS_LOOP = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string("""
        {% for claim in claims %}
        <li id="{{ claim.id }}">{{ claim.text }} <a class="source-link" href="{{ page.sentence(story.slug, claim.canonical.anchor) }}" data-pagefind-ignore>{{ place(claim.canonical.anchor) }}</a>
          {% for near in claim.possibly_also %}
          <span class="possibly">Possibly also reported by {{ articles[near.siglum].outlet }},
            <a href="{{ page.sentence(story.slug, near.anchor) }}" data-pagefind-ignore>{{ place(near.anchor) }}</a></span>
          {% endfor %}
        </li>
        {% endfor %}
""")


class _Outlet:
    def __init__(self, outlet):
        self.outlet = outlet


def _spaced(html: str) -> str:
    """HTML as a browser lays it out: runs of whitespace are one space, none before a closing </li>."""
    return re.sub(r" </li>", "</li>", re.sub(r"\s+", " ", html)).strip()


@settings(max_examples=examples(100), suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(texts, texts, st.lists(st.tuples(st.sampled_from("AC"), texts), max_size=2)), max_size=3))
@example([(HOSTILE[0], HOSTILE[1], [("A", HOSTILE[2])])])
def test_new_facts_are_what_the_template_wrote(drawn):
    articles = {"A": _Outlet(HOSTILE[2]), "B": _Outlet("B"), "C": _Outlet("a & b")}
    claims = []
    for k, (claim_id, text, near) in enumerate(drawn):
        canonical = Sentence("B", k + 1, 1, text, 0, 0)
        possibly = tuple(Sentence(siglum, k + 1, j + 1, t, 0, 0) for j, (siglum, t) in enumerate(near))
        claims.append(Claim(claim_id, (canonical,), canonical, False, possibly_also=possibly))
    page = Page("story-one/index.html")
    loop = NEW_FACTS_LOOP.render(claims=claims, page=page, story=_Story, place=place, articles=articles)
    assert _spaced(new_fact_items(tuple(claims), "story-one", page, articles, {})) == _spaced(loop)


# The story quote index's list of carriers, as the template had it, called once per quotation.
CARRIERS_MACRO = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string("""{% macro carriers(quote) %}
<ul class="carriers">
  {% for row in quote_rows[quote.id] %}
  <li>
    <span class="siglum">{{ row.siglum }}</span> {{ articles[row.siglum].outlet }}
    {% for o in row.occurrences %}
    <span class="carried">
    <span class="fidelity fidelity-{{ o.fidelity }}">{{ o.fidelity }}</span>
    {%- if o.verb %} <span class="verb" title="the reporting verb this outlet used">{{ o.verb }}</span>{% endif %}
    {%- if o.attribution == 'vote' %} <span class="attribution">names no speaker here</span>
    {%- elif o.speaker and o.speaker != quote.speaker %} <span class="attribution">attributes it to {{ o.speaker }}</span>
    {%- elif not o.speaker and quote.kind == 'quotation' %} <span class="attribution">names no speaker</span>{% endif %}
    · <a href="{{ page.sentence(story.slug, o.address) }}" data-pagefind-ignore>{{ place(o.address) }}</a>
    </span>
    {% if o.fidelity == 'altered' %}
    <p class="diff" aria-label="{{ articles[row.siglum].outlet }}'s wording against the quotation above">{% for op, words in o.diff %}{% if op == 'dropped' %}<del title="not in {{ articles[row.siglum].outlet }}'s wording">{{ words }}</del>{% elif op == 'added' %}<ins title="{{ articles[row.siglum].outlet }}'s own words">{{ words }}</ins>{% else %}{{ words }}{% endif %}{{ ' ' if not loop.last }}{% endfor %}</p>
    {% elif o.fidelity == 'partial' %}
    <p class="excerpt">“{{ o.text }}”</p>
    {% endif %}
    {% endfor %}
  </li>
  {% endfor %}
</ul>
{% endmacro %}
{{ carriers(quote) }}""")

occurrences = st.builds(
    lambda siglum, paragraph, text, speaker, verb, fidelity, diff, attribution: QuoteOccurrence(
        siglum, f"{siglum}-{paragraph}-1", paragraph, text, 0, 0, speaker, verb, fidelity,
        tuple(diff) if fidelity == "altered" else (), attribution),
    st.sampled_from("AC"), st.integers(1, 9), texts, st.none() | texts, st.none() | texts,
    st.sampled_from(["verbatim", "partial", "altered"]),
    st.lists(st.tuples(st.sampled_from(["same", "dropped", "added"]), texts), max_size=3),
    st.sampled_from(["post", "vote", "none"]))


@settings(max_examples=examples(100), suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(occurrences, min_size=1, max_size=4), st.none() | texts, st.sampled_from(["quotation", "term"]))
@example([QuoteOccurrence("A", "A-2-1", 2, HOSTILE[0], 0, 0, HOSTILE[1], HOSTILE[2], "altered",
                          (("dropped", HOSTILE[3]), ("added", HOSTILE[4]), ("same", HOSTILE[5])))], None, "quotation")
def test_carriers_are_what_the_macro_wrote(drawn, speaker, kind):
    articles = {"A": _Outlet(HOSTILE[2]), "C": _Outlet("a & b")}
    quote = Quote("q1", drawn[0].text, kind, speaker, tuple(drawn))
    rows = carrier_rows(quote)
    page = Page("story-one/index.html")
    macro = CARRIERS_MACRO.render(quote=quote, quote_rows={"q1": rows}, articles=articles, page=page,
                                  story=_Story, place=place)
    assert carrier_list(quote, rows, "story-one", page, articles) == macro
