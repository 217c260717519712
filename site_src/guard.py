"""The merge guard: do two close sentences assert the same fact, or only share its words?

Similarity cannot tell "the same fact reworded" from "the same topic, a
different fact": both share names, dates and numbers. So each sentence is
read once into what it asserts, a typed signature: its quantities with their
kind (a vote tally, a date, a percentage, money, a count of some noun), who
does what to whom in its main clause, what it negates, which way it says
things move. Two signatures that disagree on any of these never merge; the
plainest disagreements are shown to readers, the rest only block.

Everything here is linear in the words of one sentence, or of one pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import MONTHS, SAYING_VERBS
from .words import ALIAS_NAMES, NUMBER_WORDS, SCALES, STOP_WORDS, WORD, fold, stem, token, word_opcodes

# Conflict kinds clear enough to show a reader as a disagreement; the others only block a merge.
SHOWN = frozenset({"number", "name", "negation", "direction", "role"})

# Words. A name swapped within this many words blocks a merge; a rewritten clause is not a swap.
MAX_SUBSTITUTION = 6
# A swap this tight ("12 Chinese firms" / "12 Russian firms") is shown as a disagreement.
SHOWN_SUBSTITUTION = 2
NEGATION_SCOPE = 3  # words after "not" / "no" that it negates
DIRECTION_SCOPE = 3  # words before "rose" / "fell" among which is the thing that moves
REPORT_SCOPE = 6  # words after "said" within which a "that" opens what is said ("said Friday that")
MAX_REPORTED = 2  # reported clauses read into ("X said Y told Z that ..."): a bound keeps it linear
PASSIVE_AGENT_SPAN = 2  # words after a passive verb within which "by" names its agent ("released Tuesday by")
# Shared content words a pair needs besides its numbers (or all of the shorter one's): one shared
# figure is not one fact.
MIN_SHARED_WORDS = 1
# Shared words besides names that a pair needs when it shares no measured quantity (a date, a sum,
# a tally, a count of something): who a sentence is about is its topic, what it says of them is its
# fact ("Cruz lashed out at Trump" / "Cruz laid down the gauntlet to Trump" share three names and
# nothing they say), and a bare number both give is as thin ("Mattis, 68,").
MIN_SHARED_PLAIN_WORDS = 1
# ... and when a figure they share is of different kinds ("6-1" / "January 1"), which makes them look
# closer than they are.
MIN_SHARED_WORDS_BY_COINCIDENCE = 2

# Polarity words. "Denied using" is "did not use"; "without basis" restates a claim as often
# as it negates one, so "without" is left out.
NEGATIONS = frozenset({"no", "not", "never", "nor", "none", "nothing", "neither", "deny", "denied", "denies",
                       "denying"})
# Each line one axis: the words that move one way, then the words that move the other way.
DIRECTIONS = tuple((frozenset(up.split()), frozenset(down.split())) for up, down in (
    ("rise rises rising rose risen increase increases increased increasing raise raises raised higher "
     "grow grows grew grown growing gain gains gained more",
     "fall falls falling fell fallen decrease decreases decreased decreasing lower lowers lowered "
     "drop drops dropped decline declines declined less fewer"),
    ("approve approves approved accept accepts accepted", "reject rejects rejected"),
    ("win wins won", "lose loses lost"),
    ("praise praises praised", "criticize criticizes criticized criticise criticises criticised"),
    ("add adds added", "remove removes removed"),
    ("support supports supported", "oppose opposes opposed"),
    ("guilty", "innocent"),
))
_DIRECTION = {word: (axis, sign) for axis, sides in enumerate(DIRECTIONS)
              for sign, words in zip((1, -1), sides) for word in words}

# --- the main clause: a rough reading, without a parser, of who does what to whom.
# Words that open a sentence without belonging to its clause.
_LEADERS = frozenset("but and so yet however meanwhile still also now then instead indeed separately".split())
# Words that open an introductory phrase, which ends at the first comma ("On Monday, ...").
_INTRODUCERS = frozenset("""
    after before when while as if although though because since once until unless despite in on at
    during within with without for by from amid following under over according to like unlike among
    last earlier later
""".split())
_RELATIVES = frozenset("who which whose whom".split())
_PREPOSITIONS = frozenset("of for in at on with by from to about against between among into over under "
                          "near after before during since".split())
_TIMES = frozenset("year week month day morning afternoon evening night spring summer fall autumn winter "
                   "weekend time".split())
# Verbs that report another clause: what the sentence asserts is that clause.
_REPORTING = SAYING_VERBS
# Words that end the main clause's object: a new clause starts.
_CLAUSE_ENDS = frozenset("after before because when while although though since if unless who which whom "
                         "whose but as where amid despite".split())
_AUXILIARIES = frozenset("is are was were be been being has have had will would can could may might must "
                         "shall should did does do".split())
_BE = frozenset("is are was were be been being".split())
_STATES = frozenset(stem(word) for word in _BE | {"has", "have", "had"})  # verbs that relate, not act
# Verbs the "-ed" and "-s" tests miss: irregular pasts and common reporting verbs.
_VERBS = frozenset("""
    said says told tells made makes took takes met meets won wins lost loses left leaves went goes came comes
    gave gives began begins led leads ran runs sent sends saw sees held holds paid pays brought brings fell
    falls rose rises grew grows wrote writes spoke speaks knew knows found finds became becomes got gets kept
    keeps put puts cut cuts hit hits quit quits faces denies calls wants plans follows
""".split())
_PARTICIPLES = frozenset("taken given seen known held found made sent told led paid brought written spoken "
                         "kept put cut hit won lost chosen shown".split())
_DETERMINERS = frozenset("the a an his her its their this that these those our my your".split())
_PRONOUNS = frozenset("he she it they we i you".split())
_DEMONSTRATIVES = frozenset("this that these those".split())  # determiners that stand alone as a subject ("that was")
# Capitalised words that describe a subject rather than name it ("the Iowa Democrat").
_DESCRIPTORS = frozenset("""
    democrat democrats democratic republican republicans gop conservative liberal independent
    president senator senators representative representatives governor general lieutenant colonel doctor
    judge justice professor chief leader minister secretary mayor chairman chairwoman attorney officer spokesman
    spokeswoman congressman congresswoman
""".split()) | ALIAS_NAMES
# Kinds of institution: two subjects headed by different ones are different actors.
_INSTITUTIONS = frozenset("""
    company firm corporation department ministry agency committee council court government administration
    office party campaign commission board bureau house senate congress parliament union bank police
    army military newspaper network university
""".split())

# --- quantities: each kind of number is matched only against its own kind.
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_FIGURE = r"\d[\d,]*(?:\.\d+)?"
_SPELLED = "|".join(NUMBER_WORDS)
_SCALE = "|".join(SCALES)
_QUANTITY = re.compile(rf"""
    (?P<money>(?:\bus\s?)?[$€£]\s?(?P<money_value>{_FIGURE})(?:\s*(?P<money_scale>{_SCALE})\b)?)
  | (?P<tally>(?<![\w.,])(?P<left>\d{{1,3}})\s?[-–]\s?(?P<right>\d{{1,3}})(?![\w,]|\.\d))
  | (?P<time>(?<![\w.,])\d{{1,2}}(?::\d\d)?\s?[ap]\.?m\b\.?)
  | (?P<slash_date>(?<![\w.,/])(?P<slash_month>1[0-2]|0?[1-9])/(?P<slash_day>3[01]|[12]\d|0?[1-9])(?![\w/]|[.,]\d))
  | (?P<date>\b(?P<month>{_MONTH})\b\.?\s+(?P<day>\d{{1,4}})(?:st|nd|rd|th)?\b
       |(?<![\w.,])(?P<day_first>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month_after>{_MONTH})\b(?!\.?\s+\d{{1,2}}\b))
  | (?P<ordinal>(?<![\w.,])\d+(?:st|nd|rd|th)\b)
  | (?P<plain>(?<![\w.,])(?:(?P<figure>{_FIGURE})|\b(?P<spelled>{_SPELLED})\b)(?:\s+(?P<scale>{_SCALE})\b)?
       (?P<percent>\s?%|\s+percent\b|\s+per\s+cent\b)?(?:\s+(?!(?:{_MONTH})\b)(?P<after>[^\W\d_][\w'’-]*)(?:\s+(?P<then>[^\W\d_][\w'’-]*))?)?)
""", re.IGNORECASE | re.VERBOSE)
# What every _QUANTITY begins with or holds: a digit, a currency sign or a number word. Most
# sentences hold none, and this finds so at a seventh of the cost of trying every kind at each place.
_MAY_HOLD_QUANTITY = re.compile(rf"[\d$€£]|\b(?:{_SPELLED})\b", re.IGNORECASE)
_YEAR = re.compile(r"1[89]\d\d|20\d\d")

_PIECE = re.compile(rf"(?P<word>{WORD.pattern})|(?P<mark>[,;:()\"“”—])")
_OPENING_QUOTES = "\"“"


@dataclass(frozen=True)
class Statement:
    """What one sentence asserts, read once so that every pair it is in compares cheaply."""

    tokens: tuple[str, ...]  # folded words in order, for the substitution check
    names: frozenset[str]  # its words that the story uses as names
    stems: frozenset[str]  # content words, stemmed
    plain: frozenset[str]  # those of them that are not names: what the sentence says of its names
    quantities: frozenset[tuple[str, str]]  # (kind, value): ("tally", "6-1"), ("count:firm", "12")
    negation: bool  # has a negation word anywhere
    negated: frozenset[str]  # stems within the scope of one
    directions: frozenset[tuple[int, int, str]]  # (axis, sign, the stem of what moves, or "")
    subject: frozenset[str]  # stems of who acts in the main clause (the agent, also in the passive)
    subject_names: frozenset[str]  # names among them, less descriptions such as "Democrat"
    institution: str  # the kind of institution the subject is ("department"), or ""
    verb: str  # the main verb's stem, or ""
    object: frozenset[str]  # stems of the rest of the main clause: whom, what


def prepare(text: str, story_names: frozenset[str]) -> Statement:
    """Read a sentence once; `story_names` are the words the story capitalises as names."""
    pieces = [(m.lastgroup, token(m.group()) if m.lastgroup == "word" else m.group())
              for m in _PIECE.finditer(fold(text))]
    tokens = tuple(value for kind, value in pieces if kind == "word")
    clause = _main_clause(pieces, story_names)
    subject_tokens = [t for t in clause.subject if t not in STOP_WORDS]
    names = names_among(tokens, story_names)
    stems = frozenset(stem(t) for t in tokens if _is_content(t))
    head = ""
    for word in subject_tokens:
        if word in _INSTITUTIONS:
            head = word
    return Statement(
        tokens=tokens,
        names=names,
        stems=stems,
        plain=stems - {stem(t) for t in names},
        quantities=_quantities(text, story_names),
        negation=any(t in NEGATIONS or t.endswith("n't") for t in tokens),
        negated=_negated(tokens),
        directions=_directions(tokens),
        subject=frozenset(stem(t) for t in subject_tokens if _is_content(t)),
        subject_names=frozenset() if clause.described else frozenset(
            stem(t) for t in subject_tokens if t in names and t not in _DESCRIPTORS and t not in _INSTITUTIONS),
        institution=head,
        verb=stem(clause.verb) if clause.verb else "",
        object=frozenset(stem(t) for t in clause.object if _is_content(t)),
    )


def names_among(tokens: tuple[str, ...], story_names: frozenset[str]) -> frozenset[str]:
    """A sentence's names (`Statement.names`) from its tokens alone (`words.comparable_words`), for
    a reader that needs them for every sentence, and the rest of the signature only for some."""
    return frozenset(t for t in tokens if t in story_names or t in ALIAS_NAMES)


def _too_few_shared(a: frozenset[str], b: frozenset[str], counted: frozenset[str], needed: int) -> bool:
    """Fewer than `needed` words in common, besides the quantities' own (fewer still when one
    side has fewer words than that: a short sentence can share all it has)."""
    return len((a & b) - counted) < min(needed, len(a - counted), len(b - counted))


def conflicts(a: Statement, b: Statement) -> frozenset[str]:
    """The ways two sentences differ in what they assert; empty when they may state one fact.

    Symmetric, and empty for a sentence against itself.
    """
    kinds = set()
    counted = _quantity_words(a, b)
    needed = MIN_SHARED_WORDS_BY_COINCIDENCE if _coincident_figures(a, b) else MIN_SHARED_WORDS
    measured = any(kind != "number" for kind, _ in a.quantities & b.quantities)
    if (_too_few_shared(a.stems, b.stems, counted, needed)
            or not measured and _too_few_shared(a.plain, b.plain, counted, MIN_SHARED_PLAIN_WORDS)):
        kinds.add("unsupported")
    if _different_quantities(a, b):
        kinds.add("number")
    if (a.negation and not b.negation and a.negated & b.stems) or (b.negation and not a.negation and b.negated & a.stems):
        kinds.add("negation")
    if _opposite_directions(a, b):
        kinds.add("direction")
    span = _substitution(a, b)
    if span is not None:
        kinds.add("name" if span <= SHOWN_SUBSTITUTION else "other name")
    if a.verb and a.verb == b.verb and _swapped(a, b):
        kinds.add("role")
    if _different_subjects(a, b) or _shifted_roles(a, b) or _shifted_roles(b, a):
        kinds.add("subject")
    return frozenset(kinds)


def _is_content(word: str) -> bool:
    return word not in STOP_WORDS and not word[0].isdigit() and len(word) > 1


# --- quantities ----------------------------------------------------------------


def _quantities(text: str, story_names: frozenset[str]) -> frozenset[tuple[str, str]]:
    """Each number with what it counts: "6-1" a tally, "January 1" and "9/11" dates, "12 firms" a count
    of firms. A day before a month is a date unless a day follows the month: "the 19 Sept. 11
    hijackers" count 19 of them on September 11."""
    return _read_quantities(text, story_names) if _MAY_HOLD_QUANTITY.search(text) else frozenset()


def _read_quantities(text: str, story_names: frozenset[str]) -> frozenset[tuple[str, str]]:
    found = set()
    for match in _QUANTITY.finditer(text):
        group = match.groupdict()
        if group["money"]:
            found.add(("money", _value(group["money_value"], group["money_scale"])))
        elif group["tally"]:
            found.add(("tally", f"{int(group['left'])}-{int(group['right'])}"))
        elif group["time"]:
            found.add(("time", re.sub(r"\W", "", match.group("time").casefold())))
        elif group["slash_date"]:  # "9/11": a month and a day, as "Sept. 11" is
            found.add(("date", f"{int(group['slash_month'])}/{int(group['slash_day'])}"))
        elif group["ordinal"]:
            found.add(("ordinal", str(int(match.group("ordinal")[:-2]))))
        elif group["date"]:
            month = MONTHS[(group["month"] or group["month_after"]).casefold()]
            day = group["day"] or group["day_first"]
            found.add(("year" if len(day) == 4 else "date", f"{month}/{int(day)}" if len(day) < 4 else day))
        else:
            digits = group["figure"]
            value = _value(digits, group["scale"]) if digits else \
                _value(str(NUMBER_WORDS[group["spelled"].casefold()]), group["scale"])
            after = token(group["after"] or "")
            if after in story_names or after in ALIAS_NAMES:  # "12 Chinese firms" count firms
                after = token(group["then"] or "")
            if group["percent"]:
                kind = "percent"
            elif digits and not group["scale"] and _YEAR.fullmatch(digits):
                kind = "year"
            elif after and after not in STOP_WORDS and after not in story_names:
                kind = f"count:{stem(after)}"
            else:
                kind = "number"
            found.add((kind, value))
    return frozenset(found)


def _value(digits: str, scale: str | None) -> str:
    try:
        number = float(digits.replace(",", "")) * SCALES.get((scale or "").casefold(), 1)
    except ValueError:
        return digits
    return f"{number:.6g}"


def _different_quantities(a: Statement, b: Statement) -> bool:
    """Both give a quantity of one kind, and each gives a value of it that the other does not."""
    only_a = {kind for kind, _ in a.quantities - b.quantities}
    only_b = {kind for kind, _ in b.quantities - a.quantities}
    return bool(only_a & only_b)


def _coincident_figures(a: Statement, b: Statement) -> bool:
    """A figure both write, each as a different kind of quantity, and no quantity they share."""
    if a.quantities & b.quantities:
        return False
    return bool({_figure(v) for _, v in a.quantities} & {_figure(v) for _, v in b.quantities})


def _figure(value: str) -> str:
    """The last figure of a value: the "1" of "6-1" and of "1/1"."""
    return re.split(r"[-/]", value)[-1]


def _quantity_words(a: Statement, b: Statement) -> frozenset[str]:
    """The nouns that shared counts count: "12 firms" and "12 firms" share a figure, not a second word."""
    return frozenset(kind[len("count:"):] for kind, _ in a.quantities & b.quantities if kind.startswith("count:"))


# --- polarity ------------------------------------------------------------------


def _negated(tokens: tuple[str, ...]) -> frozenset[str]:
    """What the sentence's negations negate: the content words just after each."""
    scope = set()
    for i, word in enumerate(tokens):
        if word in NEGATIONS or word.endswith("n't"):
            scope.update(stem(t) for t in tokens[i + 1:i + 1 + NEGATION_SCOPE] if t not in STOP_WORDS)
    return frozenset(scope)


def _directions(tokens: tuple[str, ...]) -> frozenset[tuple[int, int, str]]:
    """Each direction word with the thing it moves: "taxes rose" is (axis, +1, "tax")."""
    found = set()
    for i, word in enumerate(tokens):
        if word in _DIRECTION:
            axis, sign = _DIRECTION[word]
            before = [t for t in tokens[max(0, i - DIRECTION_SCOPE):i] if _is_content(t) and t not in NEGATIONS]
            found.add((axis, sign, stem(before[-1]) if before else ""))
    return frozenset(found)


def _opposite_directions(a: Statement, b: Statement) -> bool:
    """One says a thing moves one way, the other that it moves the other way.

    Where both name what moves it must be the same thing; where one does not, the
    sentences must each move only one way on that axis.
    """
    for first, second in ((a, b), (b, a)):
        for axis, sign, target in second.directions:
            if target and (axis, -sign, target) in first.directions and (axis, sign, target) not in first.directions \
                    and (axis, -sign, target) not in second.directions:
                return True
    signs_a, signs_b = _signs(a), _signs(b)
    untargeted = {axis for axis, _, target in a.directions | b.directions if not target}
    return any(len(signs_a.get(axis, ())) == 1 and signs_b.get(axis, set()) == {-sign for sign in signs_a[axis]}
               for axis in untargeted)


def _signs(statement: Statement) -> dict[int, set[int]]:
    signs: dict[int, set[int]] = {}
    for axis, sign, _ in statement.directions:
        signs.setdefault(axis, set()).add(sign)
    return signs


# --- names and roles ---------------------------------------------------------------


def _substitution(a: Statement, b: Statement) -> int | None:
    """The tightest span in which a name of one sentence stands where the other has a different name."""
    names_a, names_b = a.names, b.names
    if not (names_a - names_b) or not (names_b - names_a):
        return None
    if a.tokens > b.tokens:  # the matcher's alignment depends on the order; fix one, so a~b is b~a
        a, b, names_a, names_b = b, a, names_b, names_a
    tightest = None
    for op, i1, i2, j1, j2 in word_opcodes(a.tokens, b.tokens):
        span = max(i2 - i1, j2 - j1)
        if op != "replace" or span > MAX_SUBSTITUTION:
            continue
        left = {t for t in a.tokens[i1:i2] if t in names_a} - names_b
        right = {t for t in b.tokens[j1:j2] if t in names_b} - names_a
        if {_name_kind(t) for t in left} & {_name_kind(t) for t in right} and (tightest is None or span < tightest):
            tightest = span
    return tightest


def _name_kind(word: str) -> str:
    """A name stands for another only of its kind: "Smith" for "Jones", "Democrat" for "Republican",
    "the House" for "the Senate"; "his party" where the other has "Republicans", or "YouTube"
    where it has "Democrats", is the same words rewritten, not another actor."""
    if word in _DESCRIPTORS:
        return "description"
    return "institution" if word in _INSTITUTIONS else "proper"


def _swapped(a: Statement, b: Statement) -> bool:
    """Agent and patient trade places: "A follows B" against "B follows A"."""
    return bool(((a.subject & b.object) - b.subject) and ((a.object & b.subject) - a.subject)
                and (a.subject & b.object) != (a.object & b.subject))


def _different_subjects(a: Statement, b: Statement) -> bool:
    """Two actors: different names, or different institutions ("the company" / "the State Department")."""
    if not a.subject or not b.subject:
        return False
    if a.subject_names and b.subject_names:
        return not a.subject_names & b.subject_names
    if a.subject & b.subject:
        return False
    return bool(a.institution and b.institution and a.institution != b.institution)


def _shifted_roles(a: Statement, b: Statement) -> bool:
    """Who acts in `a` is acted on in `b`, by someone else whom `a` never mentions."""
    return bool(a.subject_names & b.object) and bool(b.subject_names) and b.verb not in _STATES \
        and not (b.subject & a.stems) and not (a.subject & b.subject)


def _main_clause(pieces: list[tuple[str, str]], story_names: frozenset[str]) -> _Clause:
    """Who does what to whom in the main clause; empty parts where the reading finds none.

    A rough reading: introductory phrases, parentheses, relative clauses and the
    attribution of a quotation are stepped over; what a reporting verb reports is
    read as the clause; the passive's "by" phrase is its agent.
    """
    start, end = _clause_span(pieces)
    clause = _Clause((), False, "", ())
    for _ in range(MAX_REPORTED + 1):
        if start >= end:
            break
        found, start = _read_clause(pieces, _past_introduction(pieces, start, end), end, story_names)
        if not found.verb:
            break
        if clause.verb and not any(t not in STOP_WORDS for t in found.subject):
            # "The committee said it would defer": "it" is the committee.
            found = _Clause(clause.subject, clause.described, found.verb, found.object)
        clause = found
        if found.verb not in _REPORTING:
            break
    return clause


@dataclass(frozen=True)
class _Clause:
    subject: tuple[str, ...]  # the agent's words: its head and appositions, not its modifiers
    described: bool  # the subject is a description ("the Texas lawmaker"), not a name
    verb: str
    object: tuple[str, ...]


def _read_clause(pieces, start: int, end: int, story_names: frozenset[str]) -> tuple[_Clause, int]:
    """The clause from `start`, and where what its verb reports would begin."""
    i = start
    subject: list[str] = []
    collecting = True  # off inside a modifier ("the investigation of ..."), on again after a comma
    while i < end:
        kind, value = pieces[i]
        if kind == "mark":
            following = pieces[i + 1][1] if i + 1 < end else ""
            if value == "(":
                i = _after(pieces, i, ")", end)
                continue
            if value == "," and following in _RELATIVES:
                i = _after(pieces, i + 1, ",", end)
                continue
            if value == "," and following in _PRONOUNS:
                subject, collecting = [], True  # "After ..., Heidi Cruz, ..., he retweeted": he acts
            elif value == ",":
                collecting = True
            i += 1
            continue
        if value in _RELATIVES:
            i = _after(pieces, i, ",", end)
            continue
        if subject and (subject == [pieces[i - 1][1]] and subject[0] in _PRONOUNS
                        or _is_verb(pieces, i, story_names)):
            break
        if value in _PREPOSITIONS and subject:
            collecting = False
        elif collecting:
            subject.append(value)
        i += 1
    else:
        return _Clause((), False, "", ()), end
    described = subject[0] in _DETERMINERS
    verb, passive, i = _verb_group(pieces, i, end)
    reported = i
    obj = []
    while i < end:
        kind, value = pieces[i]
        if (kind == "mark" and value in ",;:—”\"") or value in _CLAUSE_ENDS:
            break
        if kind == "word":
            obj.append(value)
        i += 1
    if verb in _REPORTING:
        # "said in a statement that ...": what is reported starts after the "that", if one comes soon.
        that = next((j for j in range(reported, min(end, reported + REPORT_SCOPE)) if pieces[j][1] == "that"), None)
        # "said that was not ...": a verb right after it makes "that" the reported clause's subject.
        following = pieces[that + 1][1] if that is not None and that + 1 < end else ""
        demonstrative = following in _AUXILIARIES or following.endswith("n't")
        reported = reported if that is None else that if demonstrative else that + 1
    if passive:
        by = obj.index("by") if "by" in obj[:PASSIVE_AGENT_SPAN + 1] else None
        agent = obj[by + 1:] if by is not None else []
        return _Clause(tuple(agent), bool(agent) and agent[0] in _DETERMINERS, verb,
                       tuple(subject + obj[:by])), reported
    return _Clause(tuple(subject), described, verb, tuple(obj)), reported


def _clause_span(pieces: list[tuple[str, str]]) -> tuple[int, int]:
    """Where the main clause begins and ends: past its introduction; inside a leading quotation,
    which is what the sentence reports."""
    end = len(pieces)
    i = _past_introduction(pieces, 0, end)
    if i < end and pieces[i][1] in _OPENING_QUOTES:
        close = next((j for j in range(i + 1, end) if pieces[j][1] in ("”", '"')), end)
        return i + 1, close
    return i, end


def _past_introduction(pieces: list[tuple[str, str]], i: int, end: int) -> int:
    """Past leading conjunctions and introductory phrases ("But on Monday, ...")."""
    while i < end:
        kind, value = pieces[i]
        if kind == "mark" and value not in _OPENING_QUOTES or value in _LEADERS:
            i += 1
        elif value in _INTRODUCERS or _is_time(pieces, i) or _is_adverbial(pieces, i):
            i = _after(pieces, i, ",", end)
        else:
            break
    return i


def _is_time(pieces, i: int) -> bool:
    """ "This year," "last week,": a time that opens the sentence."""
    return pieces[i][1] in ("this", "last", "next", "all", "every") and i + 1 < len(pieces) \
        and pieces[i + 1][1] in _TIMES


def _is_adverbial(pieces, i: int) -> bool:
    """ "More recently," "Still,": only adverbs and function words before the first comma."""
    for kind, value in pieces[i:]:
        if kind == "mark":
            return value == ","
        if not (value.endswith("ly") or value in STOP_WORDS):
            return False
    return False


def _after(pieces: list[tuple[str, str]], start: int, mark: str, end: int) -> int:
    """The position after the next `mark` from `start`, or `end`."""
    for j in range(start + 1, end):
        if pieces[j] == ("mark", mark):
            return j + 1
    return end


def _is_verb(pieces: list[tuple[str, str]], i: int, story_names: frozenset[str]) -> bool:
    """Could this word be the main verb, given the words around it?"""
    word = pieces[i][1]
    previous = pieces[i - 1][1] if i else ""
    following = pieces[i + 1] if i + 1 < len(pieces) else ("", "")
    auxiliary = word in _AUXILIARIES or word.endswith("n't")
    if word in story_names or previous in _DETERMINERS and not (auxiliary and previous in _DEMONSTRATIVES):
        return False
    if auxiliary or word in _VERBS:
        return not (word == "may" and following[1][:1].isdigit())
    if word.endswith("ed") and len(word) > 4:
        return True
    # "Lee follows Grant", "the photo features Mrs. Trump": a present-tense verb after its
    # subject and before its object.
    after_subject = previous in story_names and previous not in ALIAS_NAMES or previous in _PRONOUNS \
        or (i > 1 and pieces[i - 2][1] in _DETERMINERS)
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3 and after_subject \
        and (following[1] in _DETERMINERS or following[1] in story_names or following[1][:1].isdigit()
             or following[1] in ("mr", "mrs", "ms"))


def _verb_group(pieces: list[tuple[str, str]], i: int, end: int) -> tuple[str, bool, int]:
    """(main verb, whether passive, position after it) from the verb group starting at `i`."""
    first = pieces[i][1]
    if first not in _AUXILIARIES and not first.endswith("n't"):
        return first, False, i + 1
    passive = first in _BE
    j = i + 1
    while j < end and pieces[j][0] == "word" and (
            pieces[j][1] in NEGATIONS or pieces[j][1] in _AUXILIARIES or pieces[j][1].endswith("ly")
            or pieces[j][1] in ("also", "still", "already", "n't")):
        passive = passive or pieces[j][1] in _BE
        j += 1
    if j < end and pieces[j][0] == "word":
        word = pieces[j][1]
        if word in STOP_WORDS or word in _DETERMINERS:  # "was a ...": the auxiliary is the verb
            return first, False, j
        participle = word.endswith("ed") or word in _PARTICIPLES
        return word, passive and participle, j + 1
    return first, False, i + 1
