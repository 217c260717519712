"""Stage, quotes: every quotation and quoted term, who said it, and how each outlet carried it.

Readers distrust digests that pin altered words on real people, so the index
shows, for each quotation, who said it according to each outlet and how each
outlet worded it. Following the research notes (nlp.md, section 1) it is all
surface rules: no parser model can be installed, and news quotation is
formulaic enough that rules over the marks, the capitalisation and a list of
reporting verbs do well, with the outlets' redundancy as the safety net.

1. Marks to spans, paragraph by paragraph. A straight double quote opens after
   a space, a bracket or a dash and closes elsewhere; single quotes count only
   inside a double quotation (or in a headline, or in a paragraph that uses no
   double quotes at all); an apostrophe between letters, a possessive `s’`
   and an elision (’90s, rock ’n’ roll) never count. A quotation left open at a
   paragraph's end runs on when a later paragraph closes it without opening
   one, with none but paragraphs without marks between (at most four), and
   otherwise ends with its paragraph: a block quotation, each of whose
   paragraphs reopens the mark, is indexed paragraph by paragraph, so each piece
   can be matched with other outlets' excerpts. A paragraph's double quotations
   are read up to spans.MAX_QUOTATIONS_PER_PARAGRAPH, the marks after them as
   text: no news paragraph holds as many, and each asks for its cue.
2. Speakers, sentence by sentence. Cues in priority order: right after the
   closing mark (`,” Warner said`, `,” said Walters`), then the last reporting
   verb before the opening mark with its subject (`X said:`, `X warned that
   ...`, `the cable instructs staff to convey “...”`), then `according to X`,
   then the previous quotation of the same paragraph (or of the previous one,
   for a paragraph that is only a quotation). Pronouns, "the company" and "the
   document" resolve to the salient entity of the same kind in the last
   sentences, "he" and "she" never to a person the article gives the other
   sex (by a title or noun, "Mrs.", "father", or by the possessives of a
   sentence about that person alone); "the former vice president" and "the
   four-term congressman" to the one the article gave that title or office
   ("former Vice President Dick Cheney", "Rep. Blake Farenthold"), when all it
   gave it may be one person; what cannot be resolved stays unknown.
   Speakers are read by role: the subject of the reporting verb (never a noun
   after "in" or "to", nor the object of the clause a participle hangs on),
   the name beside a description ("the organizer, Rep. Jane Roe"), the
   antecedent of ", which wrote", the one accused "of saying", the person a
   statement comes from ("the statement from Smith's lawyer, John Doe"), the
   one a question was put to for its answer, the owner of an account ("Trump's
   account tweeted"); a spokesman is not his principal, and "a President X
   would ..." is nobody.
3. Quotation or term: a span introduced by "so-called", "dubbed" and the like,
   or a short unattributed phrase that is not a sentence, or an unattributed
   Title-Case name ("Wal-Mart Way"), is a quoted term; everything else is a
   quotation.
4. One quotation, many outlets: occurrences with the same words (compared on
   canonical tokens: case, punctuation, "U.S."/"US", contractions and editorial
   gaps do not count), one an excerpt of the other, the same but for small
   words, or most words shared in order are one quotation; not two sentences
   of one paragraph, nor words the outlets give two people named in full, nor
   a person's words and a document's in other words. A
   fragment of a few words joins the one quotation of its speaker it most
   plainly belongs to. The canonical text is the occurrence most others agree
   with (then one without an ellipsis, the longest, the most plainly
   attributed); each occurrence is verbatim (words written together or apart
   alike), partial (an exact excerpt, an ellipsis allowed) or altered (an
   editor's [word] or (word) the canonical text lacks included), with a word
   diff. A second form of the words that other passages excerpt (a remark
   made twice in other words) is a quotation of its own, not an alteration of
   the first.
   The outlets vote on the speaker, weighted by how plainly each attributes it.

One module per step: spans (the marks), mentions (noun phrases and cues in a sentence), names (one
speaker, several spellings), attribution (an article's spans with their speakers), wording (the
words compared across outlets) and grouping (one quotation, many outlets).
"""

from .grouping import extract_quotes

__all__ = ["extract_quotes"]
