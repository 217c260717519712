"""The words every stage reads news by: months, weekdays, reporting verbs and titles, in one place.

Segment, quotes, compose and the aligner's guard each once kept their own copies, and the copies
drifted apart (one stage knew "wondered" reported speech, another did not); each now takes these
lists, or a named part of them, from here.
"""

from __future__ import annotations

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Each month's full name, then its abbreviations; a month's number is its place (dates compare as numbers).
_MONTH_NAMES = (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
                ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
                ("october", "oct"), ("november", "nov"), ("december", "dec"))
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
MONTH_NAMES = tuple(names[0] for names in _MONTH_NAMES)  # in the calendar's order
FULL_MONTHS = frozenset(MONTH_NAMES)
# Abbreviated months are followed by their day ("Jan. 5"), so a period after one ends no sentence;
# they are not FULL_MONTHS because "Jan" and "Dec" are also first names.
MONTH_ABBREVIATIONS = frozenset(MONTHS) - FULL_MONTHS
WEEKDAYS_AND_MONTHS = frozenset(WEEKDAYS) | frozenset(MONTHS)

# Verbs whose object is what was said, as a clause ("said that ..."), in the forms news writes:
# what a sentence asserts is that clause. Not "report": in news far more often the noun ("a Stanford
# University report found") than the verb; "reports" and "reported" are verbs often enough.
SAYING_VERBS = frozenset("""
    say says said tell tells told add adds added state states stated announce announces announced
    confirm confirms confirmed reports reported write writes wrote note notes noted argue argues
    argued claim claims claimed insist insists insisted explain explains explained warn warns warned
    acknowledge acknowledges acknowledged allege alleges alleged assert asserts asserted
""".split())
# The verbs that set a speaker beside a quotation ("“Why?” Justice Breyer asked", "he said"): the
# plainest reporting verbs, which no other reading of the word competes with.
SPEECH_VERBS = frozenset("""
    said says told tells added adds asked asks wrote writes noted argued replied replies tweeted
    explained insisted recalled continued shouted yelled cried exclaimed wondered demanded
""".split())
# Every reporting verb, every form news uses after a speaker ("X said") or before one ("said X").
REPORTING_VERBS = SAYING_VERBS | SPEECH_VERBS | frozenset("""
    saying telling adding noting writing arguing ask asking stating declare declares declared declaring
    warning insisting acknowledging admit admits admitted admitting announcing claiming recall recalls
    recalling reply replying respond responds responded responding tweet tweets tweeting posted quipped
    concede concedes conceded conceding caution cautions cautioned cautioning urge urges urged urging
    predict predicts predicted predicting complain complains complained stress stresses stressed
    stressing counter counters countered countering testify testifies testified testifying explain
    explaining call calls called calling describe describes described describing emphasize emphasizes
    emphasized emphasizing emphasise emphasises emphasised instruct instructs instructed instructing
    direct directs directed directing find finds found conclude concludes concluded concluding alleging
    accuse accuses accused accusing agree agrees agreed agreeing suggest suggests suggested suggesting
    reiterate reiterates reiterated reiterating maintain maintains maintained maintaining contend
    contends contended contending observe observes observed remarked demand demands demanding
    pledged vowed promised boasted dismissed rejected deny denies denied denying echoed labeled labelled
    termed characterized characterised characterizing branded asserting pleaded touted
    hailed criticized criticised slammed blasted read reads went pointed released issued encourage
    encourages encouraged encouraging signaled signalled signals signaling clarified clarifies clarifying
    defended defends decried derided mocked lamented praised joked disputed shouting yelling chanted chanting
    rated put offered reflected
""".split())

# Titles as their abbreviations, which a period does not end: "Sen. Warner", "Det. Smith".
TITLE_ABBREVIATIONS = frozenset("""
    Mr Mrs Ms Messrs Dr Gen Gens Sen Sens Rep Reps Gov Govs Lt Col Sgt Capt Cpl Pvt Prof Rev Adm Maj
    Cmdr Pres Supt Det Insp Atty Hon Sec
""".split())
# Titles that stand right before a person's name, so that the name is a person's: "Mayor Smith".
PERSONAL_TITLES = frozenset(word.lower() for word in TITLE_ABBREVIATIONS) | frozenset("""
    miss senator representative congressman congresswoman governor judge justice secretary general
    president sir mayor chairman chairwoman minister
""".split())
# Every word of a title before a name, which is no first name: "House Minority Whip Steny Hoyer".
TITLES = PERSONAL_TITLES | frozenset("""
    vice chief speaker leader professor ambassador deputy attorney prince princess king queen pope dame
    lord lady chair director spokesperson spokesman spokeswoman commissioner sheriff officer detective
    agent inspector prime foreign press prosecutor counsel special majority minority house senate
    democratic republican democrat
""".split())

# Titles and nouns that tell a person's sex ("Mrs. Lee", "her father", "spokeswoman Ann Roe"), so
# that a "she" is not taken for a man the article has called "Mr." or "the father".
MASCULINE_WORDS = frozenset("""
    mr messrs sir lord king prince congressman spokesman chairman businessman father son brother
    husband uncle nephew grandfather boy man widower
""".split())
FEMININE_WORDS = frozenset("""
    mrs ms miss madam dame lady queen princess congresswoman spokeswoman chairwoman businesswoman
    mother daughter sister wife aunt niece grandmother girl woman widow
""".split())
