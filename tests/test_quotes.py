"""The quote index: spans, kinds, speakers, grouping across outlets, fidelity, and the pages."""

from __future__ import annotations

import importlib.util
import itertools
import json
import signal
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import pytest
from conftest import examples, write_tree
from hypothesis import example as known_case
from hypothesis import given, settings
from hypothesis import strategies as st

from site_src.clean import clean_story
from site_src.model import RawArticle, RawStory, Story
from site_src.quotes import extract_quotes
from site_src.quotes.grouping import _most_specific_first
from site_src.quotes.names import specificity
from site_src.quotes.spans import MAX_QUOTATIONS_PER_PARAGRAPH, closed_quotations, find_quote_spans
from site_src.quotes.wording import canonical_tokens
from site_src.segment import segment_story

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "quotes"


def make_story(*bodies: str, published: tuple[str | None, ...] = ()) -> Story:
    """A story of one article per body, through the real clean and segment stages."""
    articles = tuple(
        RawArticle(siglum=chr(ord("A") + i), path=f"{i}.md", format="md", outlet=f"Outlet {i + 1}",
                   body=body, body_line=1, published=published[i] if i < len(published) else None)
        for i, body in enumerate(bodies))
    raw = RawStory(slug="s", path="s", title="T", date="2026-01-01", introduction="", articles=articles)
    return extract_quotes(segment_story(clean_story(raw)))


def found(story: Story) -> list[tuple[str, str, str | None]]:
    """(text, kind, speaker) of every occurrence, in the order of the text."""
    rows = [(o.start, o.text, q.kind, o.speaker) for q in story.quotes for o in q.occurrences]
    return [row[1:] for row in sorted(rows)]


# --- 1. Extraction, kinds and speakers: one article at a time --------------------------------

Q, T = "quotation", "term"
CASES = [
    # marks
    ("curly double", "“We will win,” Smith said.", [("We will win,", Q, "Smith")]),
    ("straight double", '"We will win," Smith said.', [("We will win,", Q, "Smith")]),
    ("straight apostrophes inside", '"The company\'s plan won\'t work," Kim said.',
     [("The company's plan won't work,", Q, "Kim")]),
    ("nested single quotes", "“He told me ‘never again,’ and I believed him,” Jones said.",
     [("He told me ‘never again,’ and I believed him,", Q, "Jones"), ("never again,", T, None)]),
    ("possessive plural is no closing mark", "The cable warned of “adversaries’ extraction of U.S. models.”",
     [("adversaries’ extraction of U.S. models.", Q, "the cable")]),
    ("possessive singular", "“The clinic’s doors stay open,” the director said.",
     [("The clinic’s doors stay open,", Q, "the director")]),
    ("a participle past a verb that names nobody",
     "Her personal lawyer John Dowd later said he was the one who wrote the post, saying he “did not mean to "
     "break news.”", [("did not mean to break news.", Q, "lawyer John Dowd")]),
    ("a coordinated verb past a clause's verb",
     "The writers admit that the idea calls for local help but say it is “not a free pass,” and more.",
     [("not a free pass,", Q, "the writers")]),
    ("encouraged, as urged", "The union, in a letter to Congress, encouraged lawmakers to vote against the bill "
     "because of “provisions that impinge on free speech.”", [("provisions that impinge on free speech.", Q, "the union")]),
    ("an account's posts are its owner's", "Later Kent’s Twitter account posted: “I had to fire him.”",
     [("I had to fire him.", Q, "Kent")]),
    ("a noun's passive description is no cue",
     "Rep. Darrell Issa said the talks described by the White House “represent an illegal quid pro quo.”",
     [("represent an illegal quid pro quo.", Q, "Rep. Darrell Issa")]),
    ("a full name after a role is someone for a pronoun",
     "The drafts showed efforts by State Department spokeswoman Ann Roe to cut them. According to the "
     "excerpts, she argued that Congress should not get ammunition to “beat up on her department.”",
     [("beat up on her department.", Q, "Ann Roe")]),
    ("people who write by their role", "The scholars say that “it calls for solutions close to home.”",
     [("it calls for solutions close to home.", Q, "the scholars")]),
    ("elided year", "“Back in the ’90s we had nothing,” Lee said.", [("Back in the ’90s we had nothing,", Q, "Lee")]),
    ("rock ’n’ roll", "“It was pure rock ’n’ roll,” Lee said.", [("It was pure rock ’n’ roll,", Q, "Lee")]),
    ("rock 'n' roll, straight", "\"It was pure rock 'n' roll,\" Lee said.", [("It was pure rock 'n' roll,", Q, "Lee")]),
    ("quotation over two paragraphs, named at its end", "“We came to win.\n\n“And we will win again,” Warner said.",
     [("We came to win.", Q, "Warner"), ("And we will win again,", Q, "Warner")]),
    ("unclosed at paragraph end, not reopened",
     "Boutrous said: “It is not a process known to our law.\n\nSeveral justices voiced concerns.",
     [("It is not a process known to our law.", Q, "Boutrous")]),
    ("closed in the next paragraph without reopening",
     "Dukes said: \"Wal-Mart may be a big company.\n\nBut they are not big enough.\"",
     [("Wal-Mart may be a big company.\n\nBut they are not big enough.", Q, "Dukes")]),
    ("closed three paragraphs later, none between",
     "Kent posted: “We lost the vote.\n\nIt was close.\n\nWe will be back!” Kent wrote.",
     [("We lost the vote.\n\nIt was close.\n\nWe will be back!", Q, "Kent")]),
    ("left open before a paragraph that opens its own", "Kent said: “We lost the vote.\n\nThe count went on.\n\n"
     "Roe said the result was “a disgrace.” It was,” she added.",
     [("We lost the vote.", Q, "Kent"), ("a disgrace.", Q, "Roe")]),
    ("a closing mark lost before its attribution", "Mayor Kent sent a letter on Monday.\n\n"
     "“We will rebuild the bridge, he wrote.\n\n“The work starts in May.”",
     [("We will rebuild the bridge,", Q, "Mayor Kent"), ("The work starts in May.", Q, "Mayor Kent")]),
    ("headline single quotes", "# Trump calls probe a 'witch hunt'\n\nThe probe went on for months, officials said.",
     [("witch hunt", Q, "Trump")]),
    ("headline speaker and colon", "# Warner: ‘No meeting with Putin alone’\n\nThe senator spoke on Friday.",
     [("No meeting with Putin alone", Q, "Warner")]),
    ("brackets inside", "DeepSeek said its data “naturally occur[red] and [was] collected through web crawling.”",
     [("naturally occur[red] and [was] collected through web crawling.", Q, "DeepSeek")]),
    ("ellipsis inside", "“I want to make sure ... the president makes this a priority,” Warner told reporters.",
     [("I want to make sure ... the president makes this a priority,", Q, "Warner")]),
    # kinds
    ("so-called", "The so-called “Wal-Mart Way” shaped the stores.", [("Wal-Mart Way", T, None)]),
    ("dubbed", "DeepSeek unveiled a model dubbed “V4” on Friday.", [("V4", T, None)]),
    ("title-case name", "He praised the “Made in China 2025” plan.", [("Made in China 2025", T, None)]),
    ("short unattributed phrase", "The two firms were “partners” for a decade.", [("partners", T, None)]),
    ("short attributed phrase", "The embassy called the claims “groundless.”", [("groundless.", Q, "the embassy")]),
    ("show title after a cue", "“We need more security,” Brat said on Fox News’ “America’s News HQ.”",
     [("We need more security,", Q, "Brat"), ("America’s News HQ.", T, None)]),
    ("long unattributed", "Protesters carried signs reading “No war for oil anywhere, ever.”",
     [("No war for oil anywhere, ever.", Q, None)]),
    # speakers
    ("X said, before", "Warner said, “There should be no meeting at all.”",
     [("There should be no meeting at all.", Q, "Warner")]),
    ("said X, after", "“Cancel the meeting,” said Sen. Jack Reed.", [("Cancel the meeting,", Q, "Sen. Jack Reed")]),
    ("X said: with an introduction", "In a statement, the ministry said: “We reject this entirely.”",
     [("We reject this entirely.", Q, "the ministry")]),
    ("according to", "According to the cable, the goal is to “warn of the risks.”",
     [("warn of the risks.", Q, "the cable")]),
    ("told reporters", "“I am worried about this,” Warner told reporters on Friday.",
     [("I am worried about this,", Q, "Warner")]),
    ("warned that, a document speaking", "The report warned that models “strip security protocols.”",
     [("strip security protocols.", Q, "the report")]),
    ("called it", "China’s embassy called the allegations “groundless and absurd.”",
     [("groundless and absurd.", Q, "China’s embassy")]),
    ("speaker named by title", "Foreign Ministry spokesperson Guo Jiakun urged Washington to “respect facts.”",
     [("respect facts.", Q, "Foreign Ministry spokesperson Guo Jiakun")]),
    ("it refers back", "China’s embassy rejected the claims. In a statement, it said: “The allegations are groundless.”",
     [("The allegations are groundless.", Q, "China’s embassy")]),
    ("the company refers back", "DeepSeek did not reply. The company has said its models “rely on public data only.”",
     [("rely on public data only.", Q, "DeepSeek")]),
    ("the document refers back",
     "Reuters saw a cable from the State Department. The document urges diplomats to raise “concerns over extraction.”",
     [("concerns over extraction.", Q, "the cable")]),
    ("a report as the speaker", "A Stanford University report found the gap has “effectively closed.”",
     [("effectively closed.", Q, "a Stanford University report")]),
    ("appositive after", "“We are ready,” Tom Burke, 54, a former official, said.", [("We are ready,", Q, "Tom Burke")]),
    ("appositive before", "Kyle Chan, a fellow at the Brookings Institution, said it is like “looking for needles.”",
     [("looking for needles.", Q, "Kyle Chan")]),
    ("party label", "“Call off this summit,” Warner, D-Va., told reporters.", [("Call off this summit,", Q, "Warner")]),
    ("parenthesis", "Rep. Ted Lieu (D-Calif.) said Trump “cannot claim to love the U.S.”",
     [("cannot claim to love the U.S.", Q, "Rep. Ted Lieu")]),
    ("split quotation", "Justice Scalia was unconvinced.\n\n“If somebody tells you how,” he said, “you don’t have discretion.”",
     [("If somebody tells you how,", Q, "Justice Scalia"), ("you don’t have discretion.", Q, "Justice Scalia")]),
    ("continued in the paragraph", "“We will win,” Smith said. “And we will keep on winning.”",
     [("We will win,", Q, "Smith"), ("And we will keep on winning.", Q, "Smith")]),
    ("floating paragraph", "“We will win,” Smith said.\n\n“Nobody can stop us now.”",
     [("We will win,", Q, "Smith"), ("Nobody can stop us now.", Q, "Smith")]),
    ("somebody named in between", "“We will win,” Smith said. Jones disagreed with him on Friday. “That is nonsense and "
     "everyone knows it.”", [("We will win,", Q, "Smith"), ("That is nonsense and everyone knows it.", Q, None)]),
    ("they is nobody in particular", "“We are leaving,” they said.", [("We are leaving,", Q, None)]),
    ("coordinated verbs", "The embassy called the claims “groundless” and accused the US of “deliberate attacks on China.”",
     [("groundless", Q, "the embassy"), ("deliberate attacks on China.", Q, "the embassy")]),
    ("participle", "In a swift response, the Chinese Embassy dismissed the accusations, stating that they are "
     "“politically motivated smears.”", [("politically motivated smears.", Q, "the Chinese Embassy")]),
    ("he after a titled mention", "That did not satisfy Justice Scalia. “You don’t have discretion,” he said.",
     [("You don’t have discretion,", Q, "Justice Scalia")]),
    ("a verb's noun form", "The embassy said claims of theft are “groundless.”", [("groundless.", Q, "the embassy")]),
    ("speech reported before", "Dukes left the court saying she felt no anger. “Wal-Mart may be a big company.”",
     [("Wal-Mart may be a big company.", Q, "Dukes")]),
    ("inverted with a role", "“It was chaos,” said a senior administration source.",
     [("It was chaos,", Q, "a senior administration source")]),
    # the cue after the closing mark: verbs outside the list, any noun, appositions
    ("continued is the verb", "Ann Smith spoke at noon. “It can’t be the usual suspects,” she continued.",
     [("It can’t be the usual suspects,", Q, "Ann Smith")]),
    ("an unlisted verb before the name", "“It is inconsistent,” summarized Lee.", [("It is inconsistent,", Q, "Lee")]),
    ("an unlisted verb after the name", "“It is inconsistent,” Lee scoffed.", [("It is inconsistent,", Q, "Lee")]),
    ("an unlisted verb must end the clause", "“It is inconsistent,” the bill passed.", [("It is inconsistent,", T, None)]),
    ("a description, then the name", "“It was a surprise,” said the organizer, Rep. Jane Roe.",
     [("It was a surprise,", Q, "Rep. Jane Roe")]),
    ("the name, then its apposition", "“We are ready,” said Dana Lee, the agency’s press secretary, on Monday.",
     [("We are ready,", Q, "Dana Lee")]),
    ("an adjective before the name", "“We must act,” an emotional Mr. Kent said.", [("We must act,", Q, "Mr. Kent")]),
    ("any noun with a listed verb", "“You paid into it for years,” the advertisement says.",
     [("You paid into it for years,", Q, "the advertisement")]),
    # the subject of a verb before the opening mark
    ("a recipient is no subject", "Ann Smith apologized. She sent an e-mail to party members saying she hoped to "
     "“clear up any confusion.”", [("clear up any confusion.", Q, "Ann Smith")]),
    ("a place is no subject", "Ann Smith criticized the policy in Libya, saying “nobody knows what is happening.”",
     [("nobody knows what is happening.", Q, "Ann Smith")]),
    ("she called is the subject's speech", "Ann Smith said the war, which she called “a war of choice,” must end.",
     [("a war of choice,", Q, "Ann Smith")]),
    ("he called is nobody else's", "“We lost,” said Ann Smith. It was then that Bo Lee defended what he called "
     "“a fair deal.”", [("We lost,", Q, "Ann Smith"), ("a fair deal.", T, None)]),
    ("a participle is no inversion", "The proponents disputed it as “unsupportable,” saying the measure is too narrow.",
     [("unsupportable,", T, None)]),
    ("the subject's description gives way to the name", "The center’s president, Cathi Lee, has called it "
     "“fear-mongering” again.", [("fear-mongering", Q, "Cathi Lee")]),
    ("the attribution's source does not interrupt", "“We want the bill,” Smith said, according to the Daily "
     "Star. “It matters to every family here.”",
     [("We want the bill,", Q, "Smith"), ("It matters to every family here.", Q, "Smith")]),
    ("the attribution's committee does not interrupt", "“We tried,” Smith testified before the House Rules "
     "Committee. “It was not enough for anyone.”",
     [("We tried,", Q, "Smith"), ("It was not enough for anyone.", Q, "Smith")]),
    ("a statement is its author's", "“We are disappointed,” said the statement from Smith’s lawyer, John Doe. "
     "The statement said Smith “will be vindicated.”",
     [("We are disappointed,", Q, "John Doe"), ("will be vindicated.", Q, "John Doe")]),
    ("said in a statement: the statement is the speaker's", "“We will fight,” Ann Smith said in a statement.\n\n"
     "“We will win,” the statement continued.", [("We will fight,", Q, "Ann Smith"), ("We will win,", Q, "Ann Smith")]),
    ("a body's cable speaks itself", "“Raise it with them,” said a cable from the State Department.",
     [("Raise it with them,", Q, "a cable from the State Department")]),
    # questions and answers, and words with no verb
    ("a pronoun goes on with the last sentence's subject, not a name in its clauses",
     "Mr. Obama said a task force led by Vice President Joe Biden had made a list. He added: “My starting "
     "point is what works.”", [("My starting point is what works.", Q, "Mr. Obama")]),
    ("a name with a particle is one name", "Mr. de Léon said he had called Tom Perez, the party chairman. "
     "“The leaders have capitulated,” he said.", [("The leaders have capitulated,", Q, "Mr. de Léon")]),
    ("an organisation's co-founder is the person", "“This deal was bad,” said Indivisible co-founder Ezra Levin.",
     [("This deal was bad,", Q, "Indivisible co-founder Ezra Levin")]),
    ("a role gives way to the name beside it, before the verb",
     "“We share the goal,” Obama’s campaign press secretary, Ben LaBolt, said in an email.",
     [("We share the goal,", Q, "Ben LaBolt")]),
    ("an organisation's role gives way to the name beside it",
     "“It was read out to the media,” said a White House spokesman, Eric Schultz.",
     [("It was read out to the media,", Q, "Eric Schultz")]),
    ("the title of a possessive's whole name", "President Barack Obama’s speech was praised. By Saturday, the "
     "president clarified that he was not speaking about the “wisdom” of it.",
     [("wisdom", Q, "President Barack Obama")]),
    ("what he called: a surname the article gave in full", "Paul Ryan spoke on Fox News. In his interview, Ryan "
     "also hammered Obama for what he called his “utter failure.”", [("utter failure.", Q, "Paul Ryan")]),
    ("signaled reports", "Trump signaled that a “large down payment” could be enough.",
     [("large down payment", Q, "Trump")]),
    ("a statement said is the words of who said in a statement", "Ryan Zinke, the interior secretary, said in a "
     "statement that the permits were on hold. “Both believe that herds are critical,” the statement said.",
     [("Both believe that herds are critical,", Q, "Ryan Zinke")]),
    ("the letter read is its senders'", "Every former secretary of the department, including John Kelly, sent a "
     "letter to Congress. “This is unconscionable,” the letter said.",
     [("This is unconscionable,", Q, "Every former secretary of the department")]),
    ("a quotation inside a quotation, named before its mark",
     "“The interim report found that ‘officials asked for changes’ and got them,” said Buck.",
     [("The interim report found that ‘officials asked for changes’ and got them,", Q, "Buck"),
      ("officials asked for changes", Q, "the interim report")]),
    ("a quotation inside a quotation, after a pronoun, is nobody's known",
     "“I asked him. He said, ‘I can’t do that,’” said Mr. Ruiz.",
     [("I asked him. He said, ‘I can’t do that,’", Q, "Mr. Ruiz"), ("I can’t do that,", Q, None)]),
    ("they are the people last named together", "Senator David Long and Speaker Brian Bosma spoke Monday. "
     "They said they will try to “clarify” the law.",
     [("clarify", Q, "Senator David Long and Speaker Brian Bosma")]),
    ("they are the group last named", "Two Missouri Republican senators urged him to quit. They said in a "
     "statement that “the issues at stake are too big.”",
     [("the issues at stake are too big.", Q, "Two Missouri Republican senators")]),
    ("an infinitive of saying takes the clause's subject", "Paul Ryan went on offense Tuesday, using an interview "
     "to claim the plan treats Medicare like a “piggy bank,” he hoped.", [("piggy bank,", Q, "Paul Ryan")]),
    ("an infinitive of another verb does not", "Obama explained that he refuses to describe the group as fueled by "
     "“radical Islam” because the term grants it legitimacy.", [("radical Islam", T, None)]),
    ("a verdict is its rater's", "FactCheck.org rated the ad as “false,” noting the facts.", [("false,", Q, "FactCheck.org")]),
    ("the writer ends the quoted clause before the cue", "“Other strategies would work better” than a shutdown, "
     "said Senator Shelley Moore Capito.", [("Other strategies would work better", Q, "Senator Shelley Moore Capito")]),
    ("a participle after an opening phrase that reads like a verb", "In a pair of evening tweets, Mr. Trump "
     "held out hope, writing: “I remain ready and willing.”", [("I remain ready and willing.", Q, "Mr. Trump")]),
    ("asked by somebody, the question is theirs and the reply the replier's",
     "Asked by one of Ms. Rice’s aides, “Is this the final language?” Mr. Rhodes replied with a single word: “Yup.”",
     [("Is this the final language?", Q, "one of Ms. Rice’s aides"), ("Yup.", Q, "Mr. Rhodes")]),
    ("an infinitive's subject is not the noun before its to", "Sestak said he almost interrupted Clinton to tell "
     "him that “I am going to decide this myself.”", [("I am going to decide this myself.", Q, "Sestak")]),
    ("an ad speaks", "The campaign retorted with an ad of its own. The ad says: “You paid in to Medicare.”",
     [("You paid in to Medicare.", Q, "the ad")]),
    ("a possessive full name makes its surname a person's", "Congress left town on Friday with no deal on the "
     "shutdown over President Donald Trump’s wall. Trump spoke for an hour. During the campaign, he promised a "
     "“great, great” wall.", [("great, great", Q, "Trump")]),
    ("put it reports", "Smith put it bluntly: “We will vote.”", [("We will vote.", Q, "Smith")]),
    ("a state's party member is the one the text is about", "Rep. Tom Smith of Ohio spoke first. “It is a great "
     "day,” the Ohio Republican said.", [("It is a great day,", Q, "Rep. Tom Smith of Ohio")]),
    ("a chamber's party member may be anyone", "Rep. Tom Smith of Ohio spoke first. “It is bad,” said the top "
     "Senate Democrat.", [("It is bad,", Q, "the top Senate Democrat")]),
    ("a verb after a name is no description of it", "President Trump stood firm on Friday, warning the shutdown "
     "could last “years.”", [("years.", Q, "President Trump")]),
    ("a named subject's verb and object are not its name", "President Trump named acting secretary Ann Roe, saying "
     "“she is great.”", [("she is great.", Q, "President Trump")]),
    ("an infinitive after a skipped verb is the subject's", "But as Trump continues to describe the probe as a "
     "“witch hunt,” the White House downplayed it.", [("witch hunt,", Q, "Trump")]),
    ("a quotation never closed before another opens ends at its last sentence", "Mr. Obama said the panel had "
     "“presented me a list of steps. He added: “My starting point is what works.”",
     [("presented me a list of steps.", Q, "Mr. Obama"), ("My starting point is what works.", Q, "Mr. Obama")]),
    ("offered reports", "Florida Gov. Rick Scott offered “thoughts and prayers” to the victims.",
     [("thoughts and prayers", Q, "Florida Gov. Rick Scott")]),
    ("reflected reports", "In his statement, Farenthold reflected on his time spent working to “cut government "
     "spending.”", [("cut government spending.", Q, "Farenthold")]),
    ("the one asked responds", "Host Jane Roe asked Ann Smith, “Are you running?” Her response: “Not yet, but soon.”",
     [("Are you running?", Q, "Host Jane Roe"), ("Not yet, but soon.", Q, "Ann Smith")]),
    ("the one asked replies", "“Will you run again?” a voter asked Ann Smith. “Maybe,” she replied.",
     [("Will you run again?", Q, "a voter"), ("Maybe,", Q, "Ann Smith")]),
    ("the one asking goes on", "Judge Ann Smith asked John Doe “how many cases would do?” Then she said “some are bad.”",
     [("how many cases would do?", Q, "Judge Ann Smith"), ("some are bad.", Q, "Judge Ann Smith")]),
    ("a statement with no verb", "Ann Smith’s statement: “We will not comply with this order.”",
     [("We will not comply with this order.", Q, "Ann Smith")]),
    ("a letter read out", "The letter from the mayor read: “We will not comply with this order.”",
     [("We will not comply with this order.", Q, "the mayor")]),
    # who is not speaking
    ("the clause after the name is not the name", "“This is a disaster,” said Ann Smith following President "
     "Kent’s speech.", [("This is a disaster,", Q, "Ann Smith")]),
    ("a hypothetical president", "Ann Smith warned that a President Kent would say “no deal.”",
     [("no deal.", Q, "Ann Smith")]),
    ("a hypothetical is no one to refer back to", "Ann Smith spoke. A President Kent, she said, “would raise "
     "every tax.”", [("would raise every tax.", Q, "Ann Smith")]),
    ("a spokesman is not the one he speaks for", "A spokesman for Ann Smith called the plan “dead on arrival.” "
     "Smith said the plan was “a good start.”",
     [("dead on arrival.", Q, "a spokesman for Ann Smith"), ("a good start.", Q, "Smith")]),
    ("a titled body is no person to refer back to", "“This is scary,” Senator Ann Lee of Ohio, the top Democrat "
     "on the Senate Intelligence Committee, said on Twitter. She called it “an island of calm.”",
     [("This is scary,", Q, "Senator Ann Lee of Ohio"), ("an island of calm.", Q, "Senator Ann Lee of Ohio")]),
    ("a described subject after an introductory word", "Then, the congressman, speaking in a whisper as he stood "
     "by the reporter, said Lee was “not man enough” and added: “I will break you.”",
     [("not man enough", Q, "the congressman"), ("I will break you.", Q, "the congressman")]),
    ("a reflexive after the subject", "Even Ann Smith herself declared in May that it was “a war we must win.”",
     [("a war we must win.", Q, "Ann Smith")]),
]


@pytest.mark.parametrize("body, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_quotation_cases(body, expected):
    assert found(make_story(body)) == expected


# A paragraph that quotes and names nobody: what comes before a case must not change its answer.
UNRELATED_PARAGRAPH = "The weather was mild on the day of the vote, and the hall was full.\n\n"


@pytest.mark.parametrize("body, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases_read_the_same_after_an_unrelated_paragraph(body, expected):
    """Spans, kinds and speakers depend on the quotation's own context, not on where it stands."""
    assert found(make_story(UNRELATED_PARAGRAPH + body)) == expected


def test_spans_of_plain_text():
    text = "“One,” she said.\n\n“Two.\n\n“Three,” he said. It's fine."
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["One,", "Two.", "Three,"]
    assert spans[0].closed == text.index("”")


def test_a_quotation_over_paragraphs_is_indexed_paragraph_by_paragraph():
    """Each paragraph of a block quotation (each reopens the mark) is a span, so that another
    outlet's excerpt of its second paragraph is found, and all are the speaker's."""
    body = ("“We are sorry,” Smith said. “The plan failed.\n\n“We will try again in the spring.\n\n"
            "“Nobody will be left behind.” The hall went quiet.")
    assert found(make_story(body)) == [("We are sorry,", Q, "Smith"), ("The plan failed.", Q, "Smith"),
                                       ("We will try again in the spring.", Q, "Smith"),
                                       ("Nobody will be left behind.", Q, "Smith")]


# --- 2. One quotation, many outlets -----------------------------------------------------------

def test_canonical_tokens_ignore_spelling_but_keep_gaps():
    assert canonical_tokens("U.S. A.I. models") == canonical_tokens("US AI models")
    assert canonical_tokens("We don’t know.") == canonical_tokens('"we do not know"')
    assert canonical_tokens("naturally occur[red] and ... crawling") == ("naturally", None, "and", None, "crawling")


def test_verbatim_partial_and_altered_against_the_longest_faithful_form():
    story = make_story(
        "“There should be no one-on-one meeting between this president and Putin,” Warner said.",
        "“There should be no one-on-one meeting between President Trump and Vladimir Putin,” Warner told reporters.",
        "Sen. Mark Warner said there should be “no one-on-one meeting” at all.",
        "“There should be no one-on-one meeting between President Trump and Vladimir Putin,” said Sen. Mark Warner.")
    [quote] = story.quotes
    assert quote.text == "There should be no one-on-one meeting between President Trump and Vladimir Putin,"
    fidelity = {o.siglum: o.fidelity for o in quote.occurrences}
    assert fidelity == {"A": "altered", "B": "verbatim", "C": "partial", "D": "verbatim"}
    altered = next(o for o in quote.occurrences if o.siglum == "A")
    assert ("added", "this") in altered.diff and ("dropped", "Trump") in altered.diff
    assert ("dropped", "Vladimir") in altered.diff
    assert quote.speaker == "Sen. Mark Warner"
    assert {o.verb for o in quote.occurrences} == {"said", "told"}


def test_a_word_several_outlets_quote_alone_is_a_term_of_its_own_and_one_outlets_is_a_part():
    """Three outlets that call the claims "groundless" each quote that word, whole; one outlet that
    cuts a sentence to "whipsawed", or two that share a phrase of it, quote part of it."""
    statement = "The allegations are groundless and are deliberate attacks on our industry."
    story = make_story(f"“{statement}” the embassy said.",
                       "The embassy called the allegations “groundless.”",
                       "The embassy said the claims were “groundless” and “deliberate attacks on our industry.”",
                       "The embassy called them “groundless” and “deliberate attacks on our industry.”")
    fidelity = {q.text: sorted((o.siglum, o.fidelity) for o in q.occurrences) for q in story.quotes}
    assert fidelity == {statement: [("A", "verbatim"), ("C", "partial"), ("D", "partial")],
                        "groundless.": [("B", "verbatim"), ("C", "verbatim"), ("D", "verbatim")]}
    assert {q.speaker for q in story.quotes} == {"the embassy"}
    alone = make_story("“I’m getting whipsawed here,” Justice Scalia said.", "Scalia said he felt “whipsawed.”")
    [quote] = alone.quotes
    assert sorted((o.siglum, o.fidelity) for o in quote.occurrences) == [("A", "verbatim"), ("B", "partial")]


def test_an_editors_insertion_alters_the_words_an_ellipsis_only_shortens_them():
    story = make_story(
        "“The new rules will cost every family in the county more than they can pay,” Mayor Ruiz said.",
        "Ruiz said the rules “will cost every (local) family in the county more than they can pay.”",
        "Ruiz said the new rules “will cost [each] family in the county more than they can pay.”",
        "Ruiz said the rules “will cost every family ... more than they can pay.”",
        "Ruiz said the rules “will cost every family […] more than they can pay.”")
    [quote] = story.quotes
    assert {o.siglum: o.fidelity for o in quote.occurrences} == {
        "A": "verbatim", "B": "altered", "C": "altered", "D": "partial", "E": "partial"}


def test_a_word_of_two_fragments_does_not_bridge_them():
    """"coward" is a word of the whole post and of "sniveling coward": the two stay two quotations."""
    story = make_story("Cruz called him a “sniveling coward,” Cruz said on Friday.",
                       "Cruz wrote: “If you attack my family, you are more of a coward than I thought.” "
                       "On Saturday Cruz said again that he was a “coward” to his face.")
    fidelity = {o.text: o.fidelity for q in story.quotes for o in q.occurrences}
    assert fidelity == {"sniveling coward,": "verbatim", "coward": "partial",
                        "If you attack my family, you are more of a coward than I thought.": "verbatim"}


def test_words_a_quotation_itself_quotes_are_not_an_excerpt_of_its_speaker():
    """The motto that Obama's sentence quotes is the motto another outlet names, not a fragment of
    his words: a term of its own, verbatim wherever it is carried, and nobody's."""
    story = make_story("The House reaffirmed “In God We Trust” as the motto on Tuesday.",
                       "“You've had legislation reaffirming that 'In God We Trust' is our motto. "
                       "That's not putting people back to work,” Obama said.")
    motto = next(q for q in story.quotes if q.text.startswith("In God"))
    assert (motto.kind, motto.speaker) == ("term", None)
    assert {(o.siglum, o.fidelity) for o in motto.occurrences} == {("A", "verbatim"), ("B", "verbatim")}
    [speech] = [q for q in story.quotes if q is not motto]
    assert speech.speaker == "Obama" and [o.siglum for o in speech.occurrences] == ["B"]


def test_a_second_form_of_the_words_that_others_excerpt_is_a_quotation_of_its_own():
    """Said twice in different words, each form excerpted by some outlet: two quotations, each
    occurrence verbatim or partial to its own form; a wording faithful to neither is altered."""
    first = "The river rose fast and the town was flooded overnight. We lost the bridge and the school."
    second = "The river rose fast, and then the town was flooded. We lost everything we had."
    story = make_story(f"“{first}” Mayor Ruiz said on Monday.",
                       f"“{second}” Ruiz said on Tuesday. Ruiz said “the town was flooded overnight.”",
                       f"“{second}” Ruiz said. Ruiz said “the town was flooded. We lost everything.”",
                       "“The river rose fast and the town was flooded, and we lost the school,” Ruiz said.")
    forms = {q.text: {(o.siglum, o.fidelity) for o in q.occurrences} for q in story.quotes}
    assert forms == {second: {("B", "verbatim"), ("C", "verbatim"), ("C", "partial"), ("D", "altered")},
                     first: {("A", "verbatim"), ("B", "partial")}}


@pytest.mark.parametrize("body, speaker", [
    # a noun of sex in the name: "she" is not "Their father"
    ("Ann Lee wrote on Friday. Their father, Tom Lee, backs the plan, and she added, “Rights are for everyone.”",
     "Ann Lee"),
    # a title: "she" is not "Mr. Bob Hall"
    ("Ann Kent spoke first. Then Mr. Bob Hall spoke. “We talked for hours,” she said.", "Ann Kent"),
    # the pronouns of a sentence about one person alone: Bob Hall is "his"
    ("Ann Kent spoke first. Bob Hall said his plan was sound. “We talked for hours,” she said.", "Ann Kent"),
])
def test_he_and_she_skip_a_person_the_article_gives_the_other_sex(body, speaker):
    assert [q.speaker for q in make_story(body).quotes] == [speaker]


def test_a_title_tells_the_sex_of_a_full_name_only():
    """"Mrs. Kent" may be the wife of the Kent the article calls "he": a bare "Kent" stays unknown."""
    from site_src.quotes.attribution import _learn_titled_genders
    from site_src.quotes.mentions import tokens_between
    from site_src.quotes.names import Genders

    text = "The photo shows Mrs. Kent at home. Later Mrs. Ann Lee and her son, Tom Lee, smiled."
    genders = Genders()
    _learn_titled_genders(tokens_between(text, 0, len(text)), genders)
    assert (genders.of("Kent"), genders.of("Ann Lee"), genders.of("Tom Lee")) == (None, "she", "he")


def test_a_sentence_may_open_with_a_described_name():
    story = make_story("Ann Kent spoke first. An angry Bob Hall lashed out on Friday. “This is a disgrace,” he said.")
    assert [q.speaker for q in story.quotes] == ["Bob Hall"]


def test_a_pac_is_an_organisation_that_it_points_back_to():
    story = make_story("The Vote Smart America PAC ran an ad on Monday. “Kent is the only choice,” it said.")
    assert [q.speaker for q in story.quotes] == ["the Vote Smart America PAC"]


def test_a_fragment_joins_its_quotation_through_the_copy_whose_speaker_agrees():
    """The same three words unattributed in one outlet and under Kent in another are one fragment,
    and Kent's copy finds it Kent's whole sentence."""
    story = make_story("After threatening to “spill the beans,” the candidate left the stage.",
                       "Kent said he would “spill the beans.” “Be careful, or I will spill the beans on you!” Kent said.")
    [quote] = story.quotes
    assert quote.speaker == "Kent" and sorted(o.fidelity for o in quote.occurrences) == ["partial", "partial", "verbatim"]


@pytest.mark.parametrize("body, speaker", [
    ("“We won the seat,” the four-term congressman said.", "the four-term congressman"),
    ("“This is the first step,” freshman Rep. Ann Roe (D-N.Y.) said on Thursday.", "Rep. Ann Roe"),
    ("The letter quotes the National Council of Teachers, which wrote to Congress saying “the cuts go too far.”",
     "the National Council of Teachers"),
    ("Roe accused Kent of telling her he had “no plans” to stay.", "Kent"),
    ("Kent denied that he had tried to replace Roe, telling reporters that he was “very happy” with her.", "Kent"),
    ("The ruling came with a memo from Ann Roe, the city's lawyer, warning of “grave risks” ahead.", "a memo from Ann Roe"),
])
def test_the_speaker_by_role(body, speaker):
    """A hyphenated description, a description before a title, a relative clause's antecedent, the
    one accused of saying, and the subject of the clause a participle hangs on (not its object,
    unless a description beside it makes it the participle's): each is who speaks."""
    assert [q.speaker for q in make_story(body).quotes] == [speaker]


def test_an_editors_label_is_nobody():
    """"UPDATE:" opens the sentence, "now" stands between the verb and its subject, which speaks."""
    story = make_story("The mayor spoke on Monday.\n\nUPDATE: 7:19 p.m. -- The Daily Star now reports "
                       "that the mayor “will resign on Friday.”")
    assert [q.speaker for q in story.quotes] == ["the Daily Star"]


def test_a_possessive_after_s_names_the_person():
    story = make_story("Jim Rollins resigned.\n\nThe vote was close.\n\nThe hall emptied.\n\n"
                       "Rollins’ resignation letter to the board shows his last day is in May. “We are proud,” he wrote.")
    assert [q.speaker for q in story.quotes] == ["Jim Rollins"]


def test_he_is_never_two_people_named_together():
    """"Schumer and Pelosi ... when he said": the "he" is the one man named alone before them."""
    story = make_story("President Donald Trump’s shutdown went on. Senate leader Chuck Schumer and House leader "
                       "Nancy Pelosi met Trump, when he said he would be “proud” to own it.")
    assert [q.speaker for q in story.quotes] == ["President Donald Trump"]


@pytest.mark.parametrize("owner, name", [("President Donald Trump’s", "President Donald Trump"),
                                         ("President Donald Trump's", "President Donald Trump"),
                                         ("Secretary James Mattis’", "Secretary James Mattis")])
def test_an_owner_is_named_whole_and_is_no_speaker_of_what_he_owns(owner, name):
    """"President Donald Trump’s shutdown" names Trump whole, never "President Donald"; the
    shutdown does not speak, and a later "he" is the owner."""
    story = make_story(f"{owner} long plan closed in on a second week.\n\nLater he promised a “great, great” wall.")
    assert [q.speaker for q in story.quotes] == [name]


def test_the_owner_of_an_apology_speaks_through_it():
    story = make_story("Mr. Braley’s apology noted his own stint “doing farm jobs and working a grain elevator.”")
    assert [q.speaker for q in story.quotes] == ["Mr. Braley"]


def test_a_titled_surname_makes_the_bare_surname_a_person():
    """"Mr. Kent" once, far back, is enough for a later "he" to be Kent."""
    story = make_story("Voters cheered for Mr. Kent.\n\nThe hall was full.\n\nThe music was loud.\n\n"
                       "“We won,” Kent said.\n\n“It was easy,” he continued.")
    assert [q.speaker for q in story.quotes] == ["Mr. Kent", "Mr. Kent"]


def test_two_people_of_one_surname_keep_their_first_names():
    """A titled surname ("Vice President Lee") may be either sister's father: neither sister's
    words are filed under it."""
    story = make_story("Vice President Lee spoke first. “We are proud of both,” Vice President Lee said. "
                       "“I love my sister,” Mary Lee wrote. “I disagree with her,” Ann Lee said.")
    assert [(q.text, q.speaker) for q in story.quotes] == [
        ("We are proud of both,", "Vice President Lee"), ("I love my sister,", "Mary Lee"),
        ("I disagree with her,", "Ann Lee")]


def test_the_vote_fills_an_unattributed_outlet_and_unifies_the_speaker():
    story = make_story(
        "The cable names three firms. It urges diplomats to raise “concerns over adversaries’ extraction and "
        "distillation of U.S. AI models.”",
        "The State Department cable instructs staff to convey \"concerns over adversaries' extraction and "
        "distillation of US AI models.\"",
        "Reuters saw a cable. The document directs diplomats to raise the “extraction and distillation” of models.",
        "Diplomats must raise “concerns over adversaries’ extraction and distillation of U.S. AI models.”")
    [quote] = story.quotes
    assert quote.speaker == "the State Department cable"
    by_siglum = {o.siglum: o for o in quote.occurrences}
    assert by_siglum["D"].speaker == "the State Department cable" and by_siglum["D"].attribution == "vote"
    assert by_siglum["D"].verb is None
    assert by_siglum["C"].fidelity == "partial"
    assert {o.fidelity for s, o in by_siglum.items() if s != "C"} == {"verbatim"}


def test_an_outlet_that_names_somebody_else_keeps_its_attribution():
    story = make_story("“We will never give up this fight,” Smith said.",
                       "“We will never give up this fight,” Smith said.",
                       "“We will never give up this fight,” Jones said.")
    [quote] = story.quotes
    assert quote.speaker == "Smith"
    assert [o.speaker for o in quote.occurrences] == ["Smith", "Smith", "Jones"]


def test_equally_specific_names_are_ranked_whatever_order_they_come_in():
    """The names are a set, whose order changes with the process's hash seed: the speaker a story
    gives must not."""
    names = ["Investigation officials", "investigation officials", "officials", "Gov. Ruth Janssen"]
    assert specificity(names[0]) == specificity(names[1])
    orders = {tuple(_most_specific_first(list(order))) for order in itertools.permutations(names)}
    assert orders == {("Gov. Ruth Janssen", "investigation officials", "Investigation officials", "officials")}


def test_a_short_term_joins_one_quotation_but_never_bridges_two():
    story = make_story(
        "“Make the indictments a priority in the meeting,” Warner said. “I want a priority in Helsinki,” he added. "
        "He also called it a “priority.”")
    texts = sorted(q.text for q in story.quotes)
    assert len(story.quotes) == 3, texts


def test_the_same_short_word_from_two_speakers_is_two_quotations():
    story = make_story("Smith called the plan “unacceptable.”", "Jones called the deal “unacceptable.”")
    assert len(story.quotes) == 2


def test_first_carried_by_only_where_every_time_is_known_and_one_is_surely_first():
    bodies = ("“We will never give up this fight,” Smith said.",) * 3
    dated = make_story(*bodies, published=("2026-04-28T11:30:00+10:00", "2026-04-28T09:00:00+00:00", "2026-04-29"))
    assert dated.quotes[0].first_carried_by == "A"
    same_day = make_story(*bodies, published=("2026-04-28", "2026-04-28T09:00:00+00:00", "2026-04-29"))
    assert same_day.quotes[0].first_carried_by is None
    undated = make_story(*bodies, published=("2026-04-28", None, "2026-04-29"))
    assert undated.quotes[0].first_carried_by is None


def test_ids_follow_the_first_occurrence_and_the_result_is_deterministic():
    bodies = ("“Second quotation here,” Lee said. “First one, really,” Kim said.",
              "“First one, really,” Kim said.")
    story = make_story(*bodies)
    assert [q.id for q in story.quotes] == ["q1", "q2"]
    assert story.quotes[0].text == "Second quotation here,"
    assert make_story(*bodies) == story


def test_every_field_serializes():
    story = make_story("“We will never give up this fight,” Smith said.", "Smith called it “a fight.”")
    data = json.loads(json.dumps([asdict(q) for q in story.quotes]))
    assert set(data[0]) == {"id", "text", "kind", "speaker", "occurrences", "first_carried_by"}
    assert set(data[0]["occurrences"][0]) == {"siglum", "anchor", "paragraph", "text", "start", "end", "speaker",
                                              "verb", "fidelity", "diff", "attribution"}


def test_a_quotation_in_a_heading_names_its_heading_and_no_sentence():
    story = make_story("# Mayor calls it a \"family plan\"\n\nThe council approved the budget on Monday.")
    [occurrence] = story.quotes[0].occurrences
    assert story.articles[0].paragraphs[0].kind == "heading"
    assert (occurrence.text, occurrence.anchor, occurrence.paragraph) == ("family plan", None, 1)
    assert occurrence.address == "A-1"  # the heading's id on the source page


# --- 3. Nothing fabricated -----------------------------------------------------------------

def assert_faithful(story: Story) -> None:
    """Every occurrence is the article's own text at its offsets, in the sentence it names (or, in
    a heading, which has none, in that heading), and every canonical text is one of them."""
    articles = {a.siglum: a for a in story.articles}
    for quote in story.quotes:
        assert quote.id and quote.kind in ("quotation", "term")
        assert quote.text in {o.text for o in quote.occurrences}
        assert quote.first_carried_by in {None} | {o.siglum for o in quote.occurrences}
        for o in quote.occurrences:
            article = articles[o.siglum]
            assert o.text and article.text[o.start:o.end] == o.text
            assert o.fidelity in ("verbatim", "partial", "altered")
            assert (o.fidelity == "verbatim") == (not o.diff)
            paragraph = article.paragraphs[o.paragraph - 1]
            if paragraph.kind == "heading":
                assert o.anchor is None
                start, end = paragraph.start, paragraph.start + len(paragraph.text)
            else:
                sentence = next(s for s in paragraph.sentences if s.anchor == o.anchor)
                start, end = sentence.start, sentence.end
            assert start <= o.start < end


def story_fixtures() -> list[Path]:
    folders = [PROJECT / "content" / "us-cable-ai-distillation"]
    if CORPUS.is_dir():
        folders += sorted(p for p in CORPUS.iterdir() if p.is_dir())
    return folders


def _bench():
    """bench/quote_accuracy.py, which scores the annotated fixtures and loads story folders."""
    spec = importlib.util.spec_from_file_location("quote_accuracy", PROJECT / "bench" / "quote_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()
load_folder = bench.load_story_folder


@pytest.mark.parametrize("folder", story_fixtures(), ids=lambda p: p.name)
def test_every_quotation_is_word_for_word_in_a_source(folder):
    story = load_folder(folder)
    assert story.quotes
    assert_faithful(story)


QUOTE_PIECES = list("ab AB,.:;?!-—\n\"“”‘’'()[]…") + ["said", " he ", "Mr. X ", "\n\n", "the cable", "s’ ", " ’n’ "]
QUOTE_TEXT = st.lists(st.sampled_from(QUOTE_PIECES), max_size=60).map("".join)


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(QUOTE_TEXT, min_size=1, max_size=3))
def test_random_text_never_yields_a_fabricated_quotation(bodies):
    story = make_story(*[b if b.strip() else "x" for b in bodies])
    assert_faithful(story)


@settings(max_examples=examples(200), deadline=None)
@given(QUOTE_TEXT)
def test_spans_are_inside_their_marks(text):
    for span in find_quote_spans(text):
        assert 0 <= span.opened < span.start < span.end <= len(text)
        assert text[span.opened] in "\"“‘'"
        assert span.closed is None or span.end <= span.closed


# --- 4. The example story and the real corpus -----------------------------------------------

@pytest.fixture(scope="module")
def example() -> Story:
    return load_folder(PROJECT / "content" / "us-cable-ai-distillation")


def quote_with(story: Story, words: str):
    return next(q for q in story.quotes if any(words in o.text for o in q.occurrences))


@pytest.mark.parametrize("words, speaker", [
    ("concerns over adversaries", "the State Department cable"),
    ("warn of the risks", "the State Department cable"),
    ("deliberately strip security protocols", "the State Department cable"),
    ("The allegations that Chinese entities", "the Chinese Embassy in Washington"),
    ("naturally occur", "DeepSeek"),
    ("demonstrates superior performance", "DeepSeek"),
    ("respect facts, discard prejudice", "Foreign Ministry spokesperson Guo Jiakun"),
    ("needles in an enormous haystack", "Kyle Chan"),
    ("effectively closed", "a recent Stanford University report"),
    ("censorship-safe alternatives", "Anthropic"),
    ("principally based in China", "the White House memorandum from Michael Kratsios"),
])
def test_example_story_speakers(example, words, speaker):
    quote = quote_with(example, words)
    assert quote.kind == "quotation" and quote.speaker == speaker


def test_example_story_cable_phrase_fidelity(example):
    quote = quote_with(example, "concerns over adversaries")
    fidelity = {o.siglum: o.fidelity for o in quote.occurrences}
    assert fidelity == {"A": "altered", "B": "verbatim", "C": "partial", "D": "verbatim", "E": "verbatim"}
    assert [o.speaker for o in quote.occurrences if o.siglum == "A"] == ["Washington"]
    statement = quote_with(example, "The allegations that Chinese entities")
    assert {(o.siglum, o.fidelity) for o in statement.occurrences} == {("B", "verbatim"), ("D", "partial"),
                                                                       ("E", "partial")}
    [groundless] = [q for q in example.quotes if q.text == "groundless"]  # three outlets quote the word alone
    assert groundless.speaker == statement.speaker
    assert {(o.siglum, o.fidelity) for o in groundless.occurrences} == {("A", "verbatim"), ("D", "verbatim"),
                                                                        ("E", "verbatim")}
    assert {o.fidelity for o in quote_with(example, "warn of the risks").occurrences} == {"verbatim", "partial"}


def test_example_story_has_no_terms_and_no_unknown_speakers(example):
    assert all(q.kind == "quotation" and q.speaker for q in example.quotes)
    assert len(example.quotes) == 13


corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")


@corpus
def test_corpus_2018_quotations_cut_differently_by_outlets():
    story = load_folder(CORPUS / "2018-putin-summit-indictments")
    warner = quote_with(story, "no one-on-one meeting")
    assert {o.siglum: o.fidelity for o in warner.occurrences} == {"A": "altered", "C": "verbatim"}
    mccain = quote_with(story, "should not move forward")
    assert {(o.siglum, o.fidelity) for o in mccain.occurrences} == {("B", "verbatim"), ("C", "partial")}
    assert "McCain" in mccain.speaker
    schumer = quote_with(story, "demonstrable and transparent steps")
    assert {o.siglum for o in schumer.occurrences} == {"B", "C"} and "Schumer" in schumer.speaker


@corpus
def test_corpus_2011_split_and_editorial_cuts():
    story = load_folder(CORPUS / "2011-walmart-sex-bias-supreme-court")
    scalia = quote_with(story, "If somebody tells you how to exercise discretion")
    assert {(o.siglum, o.fidelity) for o in scalia.occurrences} == {("A", "partial"), ("B", "verbatim")}
    kennedy = quote_with(story, "(local) supervisors")
    assert {o.fidelity for o in kennedy.occurrences} == {"altered", "verbatim"}  # "(local)" is the editor's word
    dukes = quote_with(story, "Wal-Mart may be a big company")
    assert "\n\n" in dukes.text and "Dukes" in dukes.speaker


# --- 5. The hand-annotated fixtures -----------------------------------------------------------

@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_annotated_fixtures_meet_their_floor(name):
    gold = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    folder = bench.fixture_folder(gold)
    if not folder.is_dir():
        pytest.skip("the shared corpus is not on this machine")
    result = bench.score(load_folder(folder), gold)
    assert result["quotation_precision"] >= 0.9 and result["quotation_recall"] >= 0.9
    assert result["speaker_precision"] >= 0.85 and result["speaker_recall"] >= 0.85


# --- 6. Pages ---------------------------------------------------------------------------------

def test_pages_show_the_index_and_escape_article_text(tmp_path):
    from bs4 import BeautifulSoup

    from site_src.cli import TEMPLATES_DIR
    from site_src.pipeline import build_site
    content = tmp_path / "content"
    (content / "story-one").mkdir(parents=True)
    (content / "site.yml").write_text("title: Test digests\n", encoding="utf-8")
    (content / "story-one" / "story.md").write_text("---\ntitle: A story\ndate: 2026-01-02\n---\nIntro.\n",
                                                    encoding="utf-8")
    (content / "story-one" / "1-alpha.md").write_text(
        "---\noutlet: Alpha\n---\n“<script>alert(1)</script> is what we found,” Smith said.\n", encoding="utf-8")
    (content / "story-one" / "2-beta.md").write_text(
        "---\noutlet: Beta\n---\n“<script>alert(1)</script> is what we saw,” said Sen. Jo Smith.\n", encoding="utf-8")
    files = build_site(content, TEMPLATES_DIR).files
    story_page = files["story-one/index.html"].decode()
    site_page = files["quotes/index.html"].decode()
    for page in (story_page, site_page):
        assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    soup = BeautifulSoup(story_page, "html.parser")
    entry = soup.select_one("#quotes li.quote")
    assert entry.select_one("h3") is None and soup.select_one("#quotes h3").get_text() == "Sen. Jo Smith"
    assert [a["href"] for a in entry.select(".carriers a")] == ["sources/A.html#A-1-1", "sources/B.html#B-1-1"]
    assert entry.select(".diff del") and entry.select(".diff ins")
    site = BeautifulSoup(site_page, "html.parser")
    assert site.select_one("h2").get_text() == "Sen. Jo Smith"
    assert site.select_one("li.quote a")["href"] == "../story-one/index.html#q1"


def test_the_site_index_names_an_outlet_once_however_often_it_carried_a_quotation(tmp_path):
    """Alpha quotes the mayor whole and then in part: one letter A, with both its fidelities, linked
    to its first sentence; a reader counts two outlets, not three."""
    from bs4 import BeautifulSoup

    from site_src.cli import TEMPLATES_DIR
    from site_src.pipeline import build_site
    content = write_tree(tmp_path / "content", {
        "site.yml": "title: Test digests\n",
        "story-one/story.md": "---\ntitle: A story\ndate: 2026-01-02\n---\nIntro.\n",
        "story-one/1-alpha.md": "---\noutlet: Alpha\n---\n“We will keep every library open all year,” Mayor Jo Smith "
                                "said.\n\nSmith promised to keep libraries “open all year.”\n",
        "story-one/2-beta.md": "---\noutlet: Beta\n---\n“We will keep every library open all year,” said Smith.\n"})
    site = BeautifulSoup(build_site(content, TEMPLATES_DIR).files["quotes/index.html"].decode(), "html.parser")
    [entry] = [li for li in site.select("li.quote") if "library" in li.get_text()]
    carriers = entry.select("a.carrier")
    assert [a.select_one(".siglum").get_text() for a in carriers] == ["A", "B"]
    assert [f.get_text() for f in carriers[0].select(".fidelity")] == ["verbatim", "partial"]
    assert carriers[0]["href"].endswith("A.html#A-1-1") and carriers[0]["title"] == "Alpha, A-1-1 and 1 more"


# --- 5. Inputs that once took time growing faster than their length -------------------------
# Each runs one stage on more than the shape bench/bench_pathological.py times at full size; the
# guard only stops a run that would otherwise go on for minutes, and asserts no timing.

HANG_GUARD_SECONDS = 60  # far beyond a linear stage's time on these inputs: reached only by a hang


@contextmanager
def hang_guard():
    def expire(signum, frame):
        raise TimeoutError(f"still running after {HANG_GUARD_SECONDS} s: time grows faster than the input")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(HANG_GUARD_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_editorial_gaps_keep_their_meaning():
    tokens = canonical_tokens("the hous[ing] market [sic] (an aside (nested)) fell ... by [a [b] c] ten…")
    assert tokens == ("the", None, "market", None, "an", "aside", None, "fell", None, "by", "a", None, "c",
                      "ten", None)


def test_a_quotation_of_unclosed_brackets_is_read_in_one_pass():
    with hang_guard():
        assert canonical_tokens("a[" * 500_000 + "a(" * 500_000) == ("a",) * 1_000_000  # 4 MB


def test_possessives_after_an_opening_mark_are_paired_in_one_pass():
    """Each possessive asks whether a closing mark follows; the answer is no longer a scan of the rest."""
    with hang_guard():
        spans = find_quote_spans("'" + "cats' " * 400_000)  # 2.4 MB
    assert len(spans) == 1 and spans[0].opened == 0


def test_quotations_nest_a_bounded_depth_so_nested_text_is_not_indexed_squared():
    """5,000 quotations each inside the last held 5,000 texts of up to 75 KB each: 114 s and a
    page of hundreds of megabytes. Two levels inside a double quotation are still read."""
    from site_src.quotes.spans import MAX_NESTED_SINGLES
    text = "He said \u201c" + "she said \u2018" * 5_000 + "x" + "\u2019" * 5_000 + "\u201d."
    with hang_guard():
        spans = find_quote_spans(text)
    assert len(spans) == MAX_NESTED_SINGLES + 1
    assert sum(span.end - span.start for span in spans) <= (MAX_NESTED_SINGLES + 1) * len(text)
    two = "He said \u201cthey told me \u2018she wrote \u2018no\u2019 twice\u2019 again.\u201d"
    assert sorted((two[span.start:span.end] for span in find_quote_spans(two)), key=len) == [
        "no", "she wrote \u2018no\u2019 twice", "they told me \u2018she wrote \u2018no\u2019 twice\u2019 again."]


def test_a_short_quotation_with_a_long_run_of_marks_is_judged_in_one_pass():
    with hang_guard():
        story = make_story("The sign showed \u201cA b" + "?" * 1_000_000 + "c\u201d on it.")
    assert [q.kind for q in story.quotes] == ["term"]  # three words, unattributed, and no sentence



def counting(monkeypatch, name: str, size=lambda result: 1) -> list[int]:
    """Replace a function of the quotes stage, in every module of it that calls it, by one that
    also counts its calls (or their size)."""
    import sys

    import site_src.quotes  # noqa: F401  (loads every module of the package)
    modules = [module for key, module in sorted(sys.modules.items())
               if key.startswith("site_src.quotes.") and hasattr(module, name)]
    original, counts = getattr(modules[0], name), []

    def counted(*args):
        result = original(*args)
        counts.append(size(result))
        return result
    for module in modules:
        monkeypatch.setattr(module, name, counted)
    return counts


def test_a_sentence_of_many_quotations_is_read_once(monkeypatch):
    """Each quotation bisects its sentence's words and takes a bounded window after its closing
    mark: the words read grow with the text, not with the text times its quotations."""
    read = counting(monkeypatch, "tokens_between", size=len)
    with hang_guard():  # 160 KB, one sentence, as many quotations as a paragraph is read for
        story = make_story("He said " + "and more " * 20_000 + '"a" ' * MAX_QUOTATIONS_PER_PARAGRAPH)
    assert [len(q.occurrences) for q in story.quotes] == [MAX_QUOTATIONS_PER_PARAGRAPH]
    words = 2 + 2 * 20_000 + 3 * MAX_QUOTATIONS_PER_PARAGRAPH  # and each quotation's marks around its masked words
    assert sum(read) <= 3 * words  # the whole text once for its names, each sentence once


def test_one_speaker_quoted_many_times_is_compared_by_name_not_by_occurrence(monkeypatch):
    compared = counting(monkeypatch, "compatible")
    with hang_guard():
        story = make_story("\u201cWe will win,\u201d Smith said.\n\n" * 10_000)  # 310 KB
    [quote] = story.quotes
    assert quote.speaker == "Smith" and len(quote.occurrences) == 10_000
    assert {o.fidelity for o in quote.occurrences} == {"verbatim"}
    assert len(compared) <= 3 * 10_000


def test_many_people_quoted_in_the_same_words_are_each_compared_with_names_that_may_be_theirs(monkeypatch):
    """2,000 people each say "We will vote": the vote over the speakers and the one name per person
    compare each name with the names that may be the same person, not with every other (4 million
    comparisons, minutes, before)."""
    compared = counting(monkeypatch, "compatible")
    consonants = "bcdfghjklmnpqrstvwxz"
    surnames = [f"Ba{a}{b}{c}" for a in consonants for b in "aeiou" for c in consonants]
    body = "".join(f"Council member Ann {name} spoke on Monday. \u201cWe will vote,\u201d said {name}.\n\n"
                   for name in surnames)  # 180 KB
    with hang_guard():
        [quote] = make_story(body).quotes
    assert len(quote.occurrences) == 2_000
    assert len({o.speaker for o in quote.occurrences}) == 2_000  # each person kept apart
    assert len(compared) <= 4 * 2_000


# Names as speakers are written: titles, descriptions, first names, initials, places, suffixes.
NAME_WORDS = st.sampled_from(["Sen.", "Mark", "Warner", "Warner’s", "Mary", "M.", "Cheney", "Vice", "President",
                              "the", "spokesman", "for", "of", "Virginia", "Jr.", "warner", "Dick", "White", "House"])


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.lists(NAME_WORDS, min_size=1, max_size=5).map(" ".join), min_size=1, max_size=12))
def test_the_name_index_finds_every_name_that_may_be_the_same_person(names):
    from site_src.quotes.names import CompatibleIndex, compatible

    index = CompatibleIndex()
    for position, name in enumerate(names):
        index.add(name, position)
    for name in names:
        assert {k for k, other in enumerate(names) if compatible(name, other) or compatible(other, name)} \
            <= set(index.candidates(name))


def test_a_pronoun_in_a_long_paragraph_looks_back_a_bounded_window():
    with hang_guard():
        story = make_story("Mayor Smith spoke. He agreed. " * 20_000 + "\u201cWe will win,\u201d he said.")  # 600 KB
    assert [(q.text, q.speaker) for q in story.quotes] == [("We will win,", "Mayor Smith")]


def test_uncued_quotations_in_a_long_paragraph_ask_only_the_characters_next_to_their_marks():
    with hang_guard():
        story = make_story("\n\n".join("".join(f"\u201cThe plan number {i} is good.\u201d " for i in range(
            first, first + MAX_QUOTATIONS_PER_PARAGRAPH)) for first in range(0, 40_000, MAX_QUOTATIONS_PER_PARAGRAPH)))  # 1.5 MB
    assert len(story.quotes) == 40_000 and {q.speaker for q in story.quotes} == {None}


def test_a_chain_of_overlapping_wordings_weighs_a_bounded_number_for_the_canonical_text(monkeypatch):
    """Each wording shares four words with the next, so all are one quotation of 3,000 wordings
    (one a paragraph: a paragraph holds at most MAX_QUOTATIONS_PER_PARAGRAPH)."""
    from site_src.quotes.grouping import MAX_WORDINGS
    judged = counting(monkeypatch, "_fidelity")
    body = "".join("\u201c" + " ".join(f"w{j}" for j in range(i, i + 5)) + ",\u201d Smith said.\n\n" for i in range(3000))
    with hang_guard():
        [quote] = make_story(body).quotes  # 130 KB
    assert len(quote.occurrences) == 3000 and quote.speaker == "Smith"
    assert len(judged) <= (MAX_WORDINGS + 1) * 3000  # the weighed wordings against each, then each against the canonical


# A wording of a quotation as canonical_tokens gives it: a few words, None for an editorial gap.
WORDING = st.lists(st.sampled_from(["we", "will", "win", "the", "vote", None]), max_size=6).map(tuple)


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(WORDING, min_size=1, max_size=12))
def test_faithful_counts_are_those_of_comparing_every_wording_with_every_candidate(group):
    """Filing wordings under their rarest word finds every excerpt that comparing all pairs finds."""
    from collections import Counter

    from site_src.quotes.grouping import _faithful_counts, _fidelity

    wordings = Counter(group)
    candidates = [own for own, _ in wordings.most_common()]
    expected = {own: sum(n for words, n in wordings.items() if _fidelity(words, own) != "altered")
                for own in candidates}
    assert _faithful_counts(wordings, candidates) == expected


def test_site_quote_index_groups_each_speaker_alphabetically_a_leading_article_aside():
    from types import SimpleNamespace as NS

    from site_src.render import site_quote_index, story_quote_index

    def quotes(*speakers, kind="quotation"):
        return tuple(NS(speaker=speaker, kind=kind, n=n, id=f"q{n}", occurrences=()) for n, speaker in enumerate(speakers))
    first = NS(slug="first", articles=(NS(siglum="A", outlet="Alpha"),),
               quotes=quotes("Smith", "the White House", None, "Smith") + (NS(speaker=None, kind="term", n=4, id="q4",
                                                                                 occurrences=()),))
    second = NS(slug="second", articles=(NS(siglum="A", outlet="Beta"),), quotes=quotes("Adams", "Smith"))
    index = site_quote_index([first, second])
    assert [(speaker, [(s.slug, q.n) for s, q in entries]) for speaker, entries in index["speakers"]] == [
        ("Adams", [("second", 0)]), ("Smith", [("first", 0), ("first", 3), ("second", 1)]),
        ("the White House", [("first", 1)])]
    assert index["unattributed"] == [(first, first.quotes[2])] and index["terms"] == [(first, first.quotes[4])]
    assert sorted(index["carriers"]) == [("first", f"q{n}") for n in range(5)] + [("second", "q0"), ("second", "q1")]
    story = story_quote_index(first)
    assert [(speaker, len(quotes)) for speaker, quotes in story["quoted_speakers"]] == [("Smith", 2), ("the White House", 1)]


def test_every_speech_verb_of_the_shared_lexicon_reports_a_quotation():
    """"wondered" was a speech verb to segment and not to quotes; one list now serves both."""
    story = make_story("Mayor Jane Smith wondered aloud whether \u201cthe city can ever pay for all of it.\u201d")
    assert [(q.speaker, q.occurrences[0].verb) for q in story.quotes] == [("Mayor Jane Smith", "wondered")]


def test_a_report_is_a_noun_that_speaks_not_a_reporting_verb():
    """The lexicon leaves "report" out (guard's list had it): in news it is the document far more often."""
    story = make_story("A recent Stanford University report found \u201cno evidence of any harm to the public.\u201d")
    assert [(q.speaker, q.occurrences[0].verb) for q in story.quotes] == [("a recent Stanford University report", "found")]


# Texts of words, spaces, marks and masks (a mask stands in for a quotation's words).
MASKED_TEXT = st.text(alphabet="ab. \u2022\n", max_size=20)


@settings(max_examples=examples(100), deadline=None)
@given(MASKED_TEXT)
@known_case("a \u2022\u2022\u2022\u2022 b")  # a run of masks across both bounds of a sentence inside it
def test_a_units_tokens_taken_from_the_articles_are_those_read_again(text):
    """Each sentence's tokens are sliced from the article's, cutting a run of masks that crosses its
    bounds (a space or a mask on their outer side): the same tokens as reading the sentence again."""
    from site_src.quotes.attribution import _tokens_within
    from site_src.quotes.mentions import tokens_between
    whole = tokens_between(text, 0, len(text))
    starts = [t.start for t in whole]
    bounds = [k for k in range(len(text) + 1)]
    for start in (k for k in bounds if k == 0 or text[k - 1] in " \u2022"):
        for end in (k for k in bounds if k >= start and (k == len(text) or text[k] in " \u2022")):
            assert _tokens_within(whole, starts, start, end, text) == tokens_between(text, start, end)


def test_a_paragraph_of_more_quotations_than_prose_holds_is_paired_up_to_a_bound():
    """Every quotation asks for its cue, so a paragraph of 250,000 once took a minute; the marks
    after the bound are text, for segment as for the quotes stage, and the next paragraph is read afresh."""
    text = "He said " + "“a” " * (3 * MAX_QUOTATIONS_PER_PARAGRAPH)
    spans = find_quote_spans(text)
    assert len(spans) == MAX_QUOTATIONS_PER_PARAGRAPH
    assert [(s.opened, s.closed + 1) for s in spans] == closed_quotations(text)
    after = find_quote_spans(text + "\n\n“We will win,” she said.")
    assert len(after) == MAX_QUOTATIONS_PER_PARAGRAPH + 1 and after[-1].end - after[-1].start == len("We will win,")


def test_a_fragment_two_of_its_speakers_quotations_hold_is_an_excerpt_of_one():
    """"very badly" is in the sentence its outlet quotes whole and in another outlet's rewording of
    another sentence: it joins the first, partial, and bridges neither."""
    story = make_story(
        "“I feel badly for the family,” Mayor Ruiz said on Monday. “I feel very badly. The flood took their "
        "home,” Ruiz said. Ruiz said he felt “very badly” for them.",
        "“I feel very badly for the family,” Mayor Ruiz said.",
        "“I feel badly for the family,” Ruiz said.")
    forms = {q.text: sorted((o.siglum, o.text, o.fidelity) for o in q.occurrences) for q in story.quotes}
    assert forms == {
        "I feel badly for the family,": [("A", "I feel badly for the family,", "verbatim"),
                                         ("B", "I feel very badly for the family,", "altered"),
                                         ("C", "I feel badly for the family,", "verbatim")],
        "I feel very badly. The flood took their home,": [
            ("A", "I feel very badly. The flood took their home,", "verbatim"), ("A", "very badly", "partial")]}


def test_a_fragment_of_two_quotations_its_outlet_quotes_whole_joins_the_first():
    story = make_story(
        "“Make the indictments a priority in the meeting,” Warner said. “If they don’t make it a priority, "
        "cancel the summit,” Warner added. Warner said the issue must be a “priority.”")
    forms = {q.text: [o.fidelity for o in q.occurrences] for q in story.quotes}
    assert forms == {"Make the indictments a priority in the meeting,": ["verbatim", "partial"],
                     "If they don’t make it a priority, cancel the summit,": ["verbatim"]}


@pytest.mark.parametrize("body, speaker", [
    ("Mary Kent is the daughter of former Vice President Tom Kent. “Freedom is for everyone,” the former "
     "vice president said.", "former Vice President Tom Kent"),
    ("President Tom Kent spoke on Monday. “We will rebuild,” the president said.", "President Tom Kent"),
    # two people the text calls president: "the president" stays as the outlet says it
    ("President Tom Kent met President Ann Lee. “We will rebuild,” the president said.", "the president"),
    # a vice president is no president
    ("Vice President Tom Kent spoke on Monday. “We will rebuild,” the president said.", "the president"),
    # the office alone, whatever the description adds
    ("Rep. Ann Roe is resigning. “I had no idea how to run an office,” the four-term congresswoman said.",
     "Rep. Ann Roe"),
    ("Rep. Ann Roe met Rep. Tom Kent. “I had no idea how to run an office,” the congressman said.",
     "the congressman"),
])
def test_a_title_with_the_names_the_one_the_text_gave_it(body, speaker):
    assert [q.speaker for q in make_story(body).quotes] == [speaker]


def test_a_bracketed_insertion_does_not_make_a_wording_less_full():
    """Two wordings, one occurrence each: the fuller is canonical though an editor put "[and]" in
    it, which leaves nothing out as an ellipsis would."""
    story = make_story(
        "“The river rose fast, [and] the town was flooded overnight, and we lost the old school,” Mayor Ruiz said.",
        "“The river rose fast and the town was flooded, and we lost the school,” Ruiz said.")
    [quote] = story.quotes
    assert quote.text == "The river rose fast, [and] the town was flooded overnight, and we lost the old school,"
    assert [o.fidelity for o in quote.occurrences] == ["verbatim", "altered"]


def test_words_two_people_named_in_full_said_are_two_quotations():
    """An excerpt of four words or more is one quotation whoever the outlets name, unless they name
    two people, each by first name and surname, who cannot be one."""
    story = make_story("“Freedom means freedom for everyone,” Mary Kent wrote on Friday.",
                       "“I think that freedom means freedom for everyone,” Tom Kent said in 2009.",
                       "“Freedom means freedom for everyone,” Kent wrote.")
    forms = {q.text: [(o.siglum, o.fidelity) for o in q.occurrences] for q in story.quotes}
    assert forms == {"Freedom means freedom for everyone,": [("A", "verbatim"), ("C", "verbatim")],
                     "I think that freedom means freedom for everyone,": [("B", "verbatim")]}


def test_the_same_words_but_for_small_ones_are_one_quotation_the_attributed_wording_canonical():
    """One outlet drops a "for" and adds an "a": the same quotation, altered; of two wordings as
    long, the one whose outlet says who wrote it is canonical, and lends the other its speaker."""
    story = make_story("The scholars faulted his use of the idea as “a rationale gutting government programs.”",
                       "The faculty letter says he used it as a “rationale for gutting government programs.”")
    [quote] = story.quotes
    assert quote.text == "rationale for gutting government programs."
    assert [(o.siglum, o.fidelity, o.speaker) for o in quote.occurrences] == [
        ("A", "altered", "the faculty letter"), ("B", "verbatim", "the faculty letter")]


def test_two_sentences_of_one_paragraph_that_share_words_are_two_quotations():
    story = make_story("“Senator, that cable did not come to my attention,” Ann Kent testified. “I have made it "
                       "clear that the security cable did not come to my attention at all.”")
    assert [[o.fidelity for o in q.occurrences] for q in story.quotes] == [["verbatim"], ["verbatim"]]


def test_words_written_together_or_apart_are_verbatim():
    story = make_story("“We will examine how it might affect our work force,” NCAA President Mark Emmert said.",
                       "“We will examine how it might affect our workforce,” Emmert said.")
    [quote] = story.quotes
    assert [o.fidelity for o in quote.occurrences] == ["verbatim", "verbatim"]


def test_a_wording_repeated_is_compared_with_the_canonical_once(monkeypatch):
    """One speaker's words quoted in the same wording a thousand times cost one fidelity check and
    one diff for the wording, not for each occurrence; each occurrence still has them."""
    from site_src.quotes import grouping
    compared, diffed = [], []
    real_fidelity, real_diff = grouping._fidelity, grouping._diff
    monkeypatch.setattr(grouping, "_fidelity", lambda words, canonical: compared.append(words)
                        or real_fidelity(words, canonical))
    monkeypatch.setattr(grouping, "_diff", lambda text, canonical: diffed.append(text) or real_diff(text, canonical))
    full, cut = "\u201cWe will win the vote in the city,\u201d Smith said.", "\u201cWe will win the vote,\u201d Smith said."
    story = make_story("\n\n".join([full] * 30 + [cut] * 30), full)
    quote = next(q for q in story.quotes if q.text.startswith("We will win the vote in"))
    assert len(quote.occurrences) == 61
    assert {o.fidelity for o in quote.occurrences} == {"verbatim", "partial"}
    assert len(compared) <= 2 * 2 and len(diffed) == 1


def test_a_persons_words_and_a_documents_in_other_words_are_two_quotations():
    """The words a person says and those of a letter that echoes them, reworded: two quotations,
    each verbatim, not one altered."""
    story = make_story(
        "“I am afraid that the chairman’s budget reflects the values of his favorite philosopher Ayn Rand rather "
        "than the gospel,” said Father Reese.",
        "“Your budget appears to reflect the values of your favorite philosopher, Ayn Rand, rather than the "
        "Gospel,” the letter says.")
    assert [[o.fidelity for o in q.occurrences] for q in story.quotes] == [["verbatim"], ["verbatim"]]


def test_a_clause_read_as_a_subject_names_nobody_else():
    """"The question facing Democrats is ..." opens with a subject, not a name: the Democrats who
    speak elsewhere are not called by it."""
    story = make_story("The question facing Democrats is whether to fight.", "“We will fight,” Democrats said.")
    assert [q.speaker for q in story.quotes] == ["Democrats"]


@pytest.mark.parametrize("body", [
    "That judges do not, as Chief Justice John Roberts once famously said, only call “balls and strikes.”",
    "As Chief Justice John Roberts once said, judges only call “balls and strikes.”",
])
def test_words_quoted_after_as_someone_said_are_theirs(body):
    assert [(q.kind, q.speaker) for q in make_story(body).quotes] == [("quotation", "Chief Justice John Roberts")]


def test_a_quotation_of_one_person_is_indexed_under_that_person_not_a_pair_that_includes_them():
    """An outlet gives a fragment to two people named together; the one who said the sentence it
    comes from is the speaker to index it under."""
    story = make_story("Senator David Long and Speaker Brian Bosma spoke. They said they will try to “clarify” "
                       "the law.\n\n“To the extent that we need to clarify the law, we plan to do just that,” Long said.")
    quote = next(q for q in story.quotes if "plan to do" in q.text)
    assert [o.text for o in quote.occurrences] == ["clarify", "To the extent that we need to clarify the law, we plan to do just that,"]
    assert quote.speaker == "Long"


def test_the_name_a_speaker_is_indexed_under_is_the_fullest_name_not_the_longest_description():
    assert max(["Presumptive Republican presidential nominee Donald Trump", "Donald J. Trump"],
               key=specificity) == "Donald J. Trump"
    assert max(["Schumer", "Senator Chuck Schumer of New York"], key=specificity) == "Senator Chuck Schumer of New York"
    assert max(["Mr. de Léon", "de Léon"], key=specificity) == "Mr. de Léon"


def test_a_quotation_never_closed_before_another_opens_is_kept_to_its_last_sentence():
    """Its words are a quotation the reader should find, not dropped; the writer's words after its
    last full stop ("And") are not in it."""
    text = "He said “one thing is clear. And “two,” he said."
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["one thing is clear.", "two,"]
    assert spans[0].closed is None and spans[1].closed == text.index("”")
