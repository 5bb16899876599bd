"""Reported speech: the content clause of a speech verb ("X said (that) ...", "according to X, ..."),
of a content noun ("expressed concern that ...") or of a claim ("Trump's claim that ...")."""

from __future__ import annotations

import numpy
from spacy import parts_of_speech
from spacy.tokens import Token

from .chunk import Candidate, Chunk, Cue
from .clauses import according_content, claim_noun, clause_bounds, content_tokens
from .coreference import ArticleContext
from .cues import make_cue, speaker_like
from .lexicon import SETTING_WORDS
from .marks import looks_like_title
from .referents import mention_tokens
from .spans import Bounds, covered, overlapping
from .tokens import is_according, is_speech_verb, tokens_with_pos

# a segment beside a cue that opens with these continues a noun phrase, not a reported clause
DANGLING_STARTS = ("and ", "or ", "nor ", "who ", "which ", "whom ", "whose ", "as well as ")
# the tokens that can be a cue: verbs, nouns ("claim", the mis-tagged "says") and "according"
_CUE_POS = numpy.array([parts_of_speech.VERB, parts_of_speech.AUX, parts_of_speech.NOUN], dtype="uint64")


def candidates(chunk: Chunk, ctx: ArticleContext, direct_bounds: list[Bounds]) -> list[Candidate]:
    """Reported speech of the chunk, each with a speaker: the content clause of a speech verb, of
    "according to", of a content noun or of a claim; "mixed" where it holds a quote. Content mostly
    covered by the direct quotes ``direct_bounds`` is theirs."""
    out: list[Candidate] = []
    seen: set[Bounds] = set()
    offset, doc = chunk.offset, chunk.doc
    for tok in tokens_with_pos(doc, _CUE_POS, ("according",)):
        according = is_according(tok)
        claim = claim_noun(tok)
        if not according and claim is None and not is_speech_verb(tok, weak_ok=False):
            continue
        if chunk.in_quote(offset + tok.idx):
            continue
        if claim is not None:  # "Trump's claim that ..."
            owner, clause = claim
            i, j, parenthetical = clause.left_edge.i, clause.right_edge.i + 1, False
        elif according:
            rng = according_content(tok)
            parenthetical = False
            if rng is None:
                continue
            i, j = rng
        else:
            got = content_tokens(tok)
            if got is None:
                continue
            i, j, parenthetical = got
        if j - i < 2:
            continue
        cue = make_cue(chunk, tok) if claim is None else Cue(tok, offset, owner, tok.text)
        subj = cue.speaker_head
        if subj is None or subj.doc is not doc or not speaker_like(subj):
            continue
        s_lo, s_hi = mention_tokens(subj) if subj.pos_ != "PRON" else (subj.i, subj.i + 1)
        lo, hi = min(s_lo, tok.i), max(s_hi - 1, tok.i)
        if not according and j <= lo and doc[lo - 1].text == "," and i > tok.sent.start:
            i = _clause_start(chunk, tok.sent.start, i)  # "S, the source added."
        if i <= tok.i < j or i <= subj.i < j:
            # the cue sits inside its content: "X, he said, Y" -> two segments
            parts = [(i, lo), (hi + 1, j)]
            parenthetical = True
        else:
            parts = [(i, j)]
        nominal = doc[i].dep_ != "ccomp" and not any(t.dep_ == "ccomp" for t in doc[i:j])
        for a, b in parts:
            bounds = clause_bounds(chunk, a, b)
            if bounds is not None and nominal and not according and claim is None:
                bounds = _cut_setting(chunk, bounds)
            if bounds is None or bounds in seen:
                continue
            words = chunk.text[bounds[0] : bounds[1]].split()
            dangling = chunk.text[bounds[0] : bounds[1]].lower().startswith(DANGLING_STARTS)
            if (
                len(words) < 2
                or (parenthetical and dangling)
                or not _same_paragraph(chunk, bounds, tok)
                or (bounds[1] <= offset + tok.idx and _ends_with_title(chunk, bounds))
            ):
                continue  # "attacked allies as well as foes", "rejected X and Y": no content
            quoted = covered(bounds, direct_bounds)
            if quoted >= 0.6 * (bounds[1] - bounds[0]):
                continue
            seen.add(bounds)
            kind = "mixed" if covered(bounds, chunk.span_bounds) > 0 else "indirect"
            cand = Candidate(bounds[0], bounds[1], kind, cue, parenthetical=parenthetical)
            ctx.attach(cand)
            if cand.speaker is not None:
                out.append(cand)
    return out


def _cut_setting(chunk: Chunk, bounds: Bounds) -> Bounds:
    """Nominal content ends with its last quote when the narrator's setting follows: "criticized the law
    as a “crazy system” during a visit to Flint", "blasted her as a “disgrace” Wednesday on the radio"."""
    quotes = overlapping(bounds, chunk.span_bounds)
    if not quotes or quotes[-1][1] >= bounds[1]:
        return bounds
    tail = chunk.text[quotes[-1][1] : bounds[1]].split()
    first = tail[0].lower().strip(",") if tail else ""
    return (bounds[0], quotes[-1][1]) if first in SETTING_WORDS else bounds


def _ends_with_title(chunk: Chunk, bounds: Bounds) -> bool:
    """In her book, “Grow Your Own Food,” she suggested ...: a title parsed as the reported clause."""
    quotes = overlapping(bounds, chunk.span_bounds)
    if not quotes or quotes[-1][1] < bounds[1]:
        return False
    inner = chunk.text[quotes[-1][0] + 1 : quotes[-1][1] - 1]
    return len(inner.split()) >= 3 and looks_like_title(inner)


def _same_paragraph(chunk: Chunk, bounds: Bounds, cue: Token) -> bool:
    """Reported content and its cue share a paragraph (a parse can run a headline into the next line)."""
    pos = chunk.offset + cue.idx
    return "\n" not in chunk.text[min(pos, bounds[0]) : max(pos, bounds[1])]


def _clause_start(chunk: Chunk, sent_start: int, i: int) -> int:
    """First token of the sentence part before token ``i`` that is not inside an earlier quote."""
    doc, offset = chunk.doc, chunk.offset
    k = i
    while k - 1 >= sent_start and not chunk.in_quote(offset + doc[k - 1].idx):
        if doc[k - 1].is_space and "\n" in doc[k - 1].text:
            break
        k -= 1
    return k
