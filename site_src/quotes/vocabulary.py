"""The quotes stage's word lists: what a speaker, a role, a document and a cue look like.

Months, weekdays, reporting verbs and titles are every stage's and come from the shared lexicon;
what only quotation attribution needs is here.
"""

from __future__ import annotations

import re

from ..lexicon import FULL_MONTHS, WEEKDAYS



# Between a speaker and the verb: auxiliaries and adverbs ("has previously stated").
SKIP_WORDS = frozenset("""
    has have had was were is are be been would will could did does do also then later previously
    already once simply again only not just still reportedly repeatedly separately tersely
    quickly swiftly further even never often long quoted as continues continued to now
    himself herself themselves itself
""".split())

# Heads of a noun phrase that can speak: people by role, bodies, and documents.
PERSON_ROLES = frozenset("""
    official officials spokesperson spokesman spokeswoman spokespeople source sources aide aides
    adviser advisers advisor advisors analyst analysts expert experts lawyer lawyers attorney
    attorneys secretary minister senator senators lawmaker lawmakers leader leaders president
    chairman chairwoman founder fellow executive executives director researcher researchers
    prosecutor prosecutors investigator investigators diplomat diplomats officer officers
    insider insiders critic critics supporter supporters employee employees worker workers
    scientist scientists economist economists observer observers witness witnesses resident
    residents person people professor judge justice justices manager managers representative
    representatives member members democrats republicans governor mayor ambassador
    congressman congresswoman congressmen legislator legislators candidate candidates nominee
    host anchor reporter reporters voter voters activist activists protester protesters
    commentator commentators columnist editor publisher strategist pollster organizer organizers
    woman women man men mother father veteran veterans student students teacher teachers
    scholar scholars academic academics writer writers author authors signer signers signatory
    signatories faculty theologian theologians historian historians physician physicians doctor doctors
""".split())
GOVERNMENT_WORDS = frozenset("""
    embassy ministry department government administration kremlin pentagon congress senate
    parliament court police military army navy agency commission committee council office
    bureau house state
""".split())
ORGANISATION_WORDS = frozenset("""
    company companies firm firms startup start-up corp inc ltd group institution institute
    university foundation association union party bank lab labs laboratory campaign
    organization organisation network newspaper agency hospital school center centre club team
    church project coalition alliance pac
""".split())
# Verbs by which a sentence's subject puts out a document ("the executives sent a letter"), whose
# words a later "the letter said" gives as the subject's.
AUTHORING_VERBS = frozenset("sent sends wrote writes issued issues released releases signed signs published penned".split())
DOCUMENTS = frozenset("""
    cable report memorandum memo document letter study indictment statement filing complaint suit
    lawsuit ruling order survey poll review audit brief briefing paper guidance directive
    analysis assessment account ad ads advertisement commercial email e-mail
""".split())
# Nouns for what somebody said or wrote, besides documents: "His response: “...”", and "Braley’s
# apology noted", which reports Braley's words.
SPOKEN_NOUNS = frozenset("""
    response answer reply reaction retort message words remarks comment comments tweet post explanation
    apology speech email testimony
""".split())
ROLE_NOUNS = PERSON_ROLES | GOVERNMENT_WORDS | ORGANISATION_WORDS | DOCUMENTS

# Anaphors that need an antecedent: alone they name no one.
ANAPHORS = {"he": "person", "she": "person", "it": "thing", "they": "people", "company": "organisation",
            "firm": "organisation", "startup": "organisation", "start-up": "organisation",
            "document": "document"}

# Capitalised words that open sentences or name days, not people.
NOT_NAMES = frozenset("""
    but and or so then also however meanwhile still yet in on at by from with for to of after
    before during since until when while if as although though because once now instead indeed
    even the a an this that these those there here his her their its our my your some many most
    all both each every neither either other another such no not only what who why how where
    which despite given among under within without dated according earlier later i
""".split()) | frozenset(WEEKDAYS) | FULL_MONTHS  # not the abbreviations: "Jan" is a first name too

DETERMINERS = frozenset("the a an its his her their one two three every each several many".split())
# Words after which a reporting verb's form is a noun: "of the reports", "that claims", "new reports".
NOUN_MARKERS = frozenset("""
    that of in for at from with on by about these those such this regarding concerning over amid
    following after before against among under without despite into upon new recent earlier
    previous media press news many some several all other more no
""".split())
CONNECTORS = frozenset("of for at in from".split())
# Before a noun phrase they make it a place or a recipient, never the subject of the verb that
# follows it ("in Libya, saying"); "with", "by" and "from" may introduce one ("with a memo ..., accusing").
PREPOSITIONS = frozenset("in at to on for about against into onto over under toward towards".split())
NAME_PARTICLES = frozenset("de van von der bin al la le du da".split())
FUNCTION_WORDS = NOT_NAMES | DETERMINERS | frozenset("""
    is are was were be been has have had who whom which that and or but not to said says
    including
""".split())  # "including" opens a list's member, not a noun phrase it describes: "..., including former Gov. Kent,"
PARTY_LABEL = re.compile(r"^(?:[DRI]-[A-Z][\w.]*|(?:Republican|Democrat|Independent)(?: of .*)?)$")

# Verbs that name a thing as well as report words: "he called it “a war of choice”".
LABEL_VERBS = frozenset("called named termed dubbed labeled labelled".split())
# What precedes a quoted label rather than a quotation.
LABEL_CUE = re.compile(r"(?:\bso-called|\bdubbed|\bknown as|\btermed|\bnicknamed|\blabell?ed|"
                       r"\b(?:the|a) (?:word|term|phrase|label|slogan|hashtag|name|title)s?|"
                       r"\b(?!(?:he|she|they|we|i|you|who)\b)[a-z]+ (?:called|named|titled))\s*$")
# Words that a Title-Case name leaves in lower case, and that tell nothing of which wordings go together.
SMALL_WORDS = frozenset("a an the of in on at to for and or but with by from as is".split())
