"""Quotation marks that quote no one: lists of quoted words, names given with "called" or "known as", scare
quotes inside a noun phrase, and the titles of works. The direct-quote stage asks these before it looks for
a cue or lets a quote keep the speaker before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from .lexicon import word_set
from .marks import QUOTE_MARKS, QuoteSpan, content_words, ends_with_sentence_punct

# what may stand between two items of a list of quoted words: “platform,” “ghosting” and “yeet”
_LIST_GAP_RE = re.compile(r"[ \t\u00a0]*,?[ \t\u00a0]*(?:(?:and|or|&)[ \t\u00a0]+)?")
_SENTENCE_PUNCT = set(".?!,;:\u2026")
# a list of quoted words has at least this many items, each of at most LIST_ITEM_WORDS words
LIST_ITEMS = 3
LIST_ITEM_WORDS = 4
# participles that give a name, not a quote: “an app called “Tally””, “a plan dubbed “Fresh Start””
NAMING_PARTICIPLES = word_set("""
    called named dubbed titled entitled nicknamed labelled labeled branded billed termed headlined
    christened styled
    """)
# "known as “X”", "billed as", "referred to as"
NAMING_BEFORE_AS = word_set("known billed referred styled")
# works whose title follows them set off by commas: "her column, “Why the Ferries Matter,” argued ..."
WORK_NOUNS = word_set("""
    book novel memoir biography film movie documentary song album single show series episode sitcom play
    musical poem essay column commentary editorial op-ed article headline podcast exhibition painting
    """)


def term_lists(text: str, spans: Sequence[QuoteSpan]) -> frozenset[int]:
    """The starts of the quotes that are items of a list of quoted words (“couth,” “compunction” and
    “nugatory”): three or more short quotes in a row with only commas and "and" or "or" between them."""
    out: set[int] = set()
    run: list[QuoteSpan] = []
    for sp in spans:
        short = sp.closed and content_words(text, sp) <= LIST_ITEM_WORDS
        if run and short and _LIST_GAP_RE.fullmatch(text, run[-1].end, sp.start):
            run.append(sp)
            continue
        if len(run) >= LIST_ITEMS:
            out.update(s.start for s in run)
        run = [sp] if short else []
    if len(run) >= LIST_ITEMS:
        out.update(s.start for s in run)
    return frozenset(out)


def named_by_participle(span: Span) -> bool:
    """“an app called “Tally””, “a storm known as “the Big One””: the quote is a name, not anyone's words."""
    doc = span.doc
    if span.start == 0:
        return False
    prev = doc[span.start - 1]
    if prev.lower_ == "as" and span.start > 1:
        verb = doc[span.start - 2] if doc[span.start - 2].lower_ != "to" else doc[span.start - 3]
        return verb.lower_ in NAMING_BEFORE_AS and verb.tag_ == "VBN"
    return naming_participle(prev)


def naming_participle(tok: Token) -> bool:
    """A participle that names its object without anyone speaking ("an app called ...", "a plan dubbed
    ..."): no subject or auxiliary of its own; "what critics called “a disaster”" is speech."""
    if tok.lower_ not in NAMING_PARTICIPLES or tok.tag_ != "VBN":
        return False
    return not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in tok.children)


def modifies_a_noun(span: Span, text: str, qs: QuoteSpan) -> bool:
    """A quote between a determiner and its noun ("the “boys will be boys” trope", "his “fresh start”
    plan"): a scare quote or a name inside a noun phrase."""
    doc = span.doc
    if span.start == 0 or span.end >= len(doc) or ends_with_sentence_punct(text, qs):
        return False
    prev, nxt = doc[span.start - 1], doc[span.end]
    return prev.tag_ in {"DT", "PRP$"} and nxt.pos_ in {"NOUN", "PROPN"} and nxt.sent == prev.sent


def title_of_work(span: Span) -> bool:
    """A quote set off by a comma after the name of a work: "her column, “Tell Them Why,” ..."."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].text != ",":
        return False
    return doc[span.start - 2].lemma_.lower() in WORK_NOUNS


def title_as_subject(text: str, qs: QuoteSpan) -> bool:
    """A title opening a sentence and going on without a comma (“Morning Tide” opens on Friday): the
    subject of the sentence, not a quote before its cue."""
    after = text[qs.end : qs.end + 2].lstrip(" \u00a0")
    inner = text[qs.content_slice].rstrip(" \u00a0" + "".join(QUOTE_MARKS))  # ''Hopefully,'' he said
    return qs.closed and inner[-1:] not in _SENTENCE_PUNCT and after[:1].isalpha()
