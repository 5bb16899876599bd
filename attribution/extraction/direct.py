"""Direct quotes: quotation marks and their cue (after, before, a dash signature, a colon ending the
paragraph before); quoted fragments inside a sentence (partial) and fragments widened to the clause their
verb reports (mixed)."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from .chunk import Candidate, Chunk, Cue
from .clauses import clause_bounds
from .coreference import ArticleContext
from .cues import DASHES, SENT_END, make_cue, speaker_head
from .furniture import signed
from .lexicon import NAMING_VERBS, TITLES
from .marks import QuoteSpan, content_words, ends_with_sentence_punct, looks_like_title
from .spans import Bounds, overlapping
from .terms import modifies_a_noun, named_by_participle, term_lists, title_as_subject, title_of_work
from .tokens import is_according, is_speech_verb
from .transcripts import split_turns

DASH_NAME_RE = re.compile(
    r"[ \t\u00a0]*[\u2015\u2014\u2013][ \t\u00a0]*([A-Z][\w.'-]*(?:[ \u00a0][A-Z][\w.'-]*){0,4})"
    r"(?=\.?[ \t\u00a0]*(?:\r?\n|$))"
)
# a quoted name or title has at most this many words ("two entries made the list: “Last Call”")
TITLE_WORDS = 8
# what joins two quotes of one cue: “...” and “...”
_JOINED_RE = re.compile(r",?[ \u00a0]+(?:and|or)[ \u00a0]+")
# what a verb's child can be for a quoted fragment under it to report the verb's content
COMPLEMENT_DEPS = {"ccomp", "dobj", "xcomp", "prep", "attr", "oprd", "acomp", "dative"}


def candidates(chunk: Chunk, ctx: ArticleContext) -> list[Candidate]:
    """The quotes of the chunk's quotation marks, a quoted transcript split into its turns; none in web
    furniture (the quoted words of a headline or a caption)."""
    out = []
    terms = term_lists(chunk.text, chunk.spans)
    for qs in chunk.spans:
        if chunk.in_furniture(qs.start):
            continue
        cand = candidate(chunk, ctx, qs, terms)
        if cand is None and out and qs.start not in terms:
            cand = second_quote(chunk, ctx, out[-1], qs)
        if cand is not None and qs.paragraphs > 1 and (cand.start, cand.end) == (qs.start, qs.end):
            out += split_turns(chunk, ctx, cand, qs)
        elif cand is not None:
            out.append(cand)
    return out + signed_paragraphs(chunk, ctx)


def signed_paragraphs(chunk: Chunk, ctx: ArticleContext) -> list[Candidate]:
    """The words of an embedded post or a pull quote, with no quotation marks, signed by the name after
    them (``furniture.signed``): a pull quote's name must be a proper name (the tagger often takes a
    person's name set apart for a place)."""
    out = []
    end = chunk.end
    for ps, pe in chunk.paragraphs:
        if ps < chunk.offset or pe > end:
            continue
        found = signed(chunk.text[ps:pe])
        if found is None or chunk.in_quote(ps + found[0][0]):
            continue
        (ws, we), (ns, ne), post = found
        name = chunk.tokens(ps + ns, ps + ne)
        if name is None or not len(name) or not (post or all(t.pos_ == "PROPN" for t in name)):
            continue
        head = next((t for t in reversed(name) if t.pos_ == "PROPN"), name[-1])
        cand = Candidate(ps + ws, ps + we, "direct", Cue(head, chunk.offset, head, "\u2014"))
        ctx.attach(cand)
        out.append(cand)
    return out


def second_quote(chunk: Chunk, ctx: ArticleContext, before: Candidate, qs: QuoteSpan) -> Candidate | None:
    """“Build the wall!” and “Go home!”: a whole quote joined by "and" or "or" to the direct quote before it
    is a second quote of its cue (the parse often leaves it a sentence of its own)."""
    if before.kind != "direct" or before.cue is None or not ends_with_sentence_punct(chunk.text, qs):
        return None
    if _JOINED_RE.fullmatch(chunk.text, before.end, qs.start) is None:
        return None
    cand = Candidate(qs.start, qs.end, "direct", before.cue)
    ctx.attach(cand)
    return cand


def cue_after(chunk: Chunk, span: Span, qs: QuoteSpan) -> Token | None:
    """The cue right after a closed quote, in the same sentence: “...,” she said / “...” ― Jane Doe."""
    doc, offset = span.doc, chunk.offset
    inner = chunk.text[qs.content_slice].rstrip()
    if not qs.closed:
        return None
    if inner.endswith(".") or inner.endswith("\u2026"):
        # a full stop ends the sentence unless the narration goes on in lower case: “...” he said.
        nxt = next((t for t in doc[span.end : span.end + 2] if not t.is_space), None)
        if nxt is None or not nxt.text[:1].islower():
            return None
    for k in range(span.end, min(len(doc), span.end + 30)):
        tok = doc[k]
        pos = offset + tok.idx
        if tok.is_space and "\n" in tok.text or chunk.in_quote(pos):
            return None
        if k == span.end and tok.text in DASHES and k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN":
            return tok  # “...” ― Jane Doe
        if is_speech_verb(tok) and not chunk.in_quote(pos):
            return tok
        if is_according(tok):
            return tok
        if tok.text in SENT_END and not abbreviation_point(tok):
            return None
    return None


def abbreviation_point(tok: Token) -> bool:
    """The point of an abbreviated title before a name: “...,” Police Lt. Tom Ray said."""
    if tok.text != "." or tok.i == 0 or tok.i + 1 >= len(tok.doc):
        return False
    before, after = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
    titled = not before.whitespace_ and before.lower_ in TITLES
    return (titled or tok.dep_ == "compound") and after.pos_ == "PROPN"


def cue_before(chunk: Chunk, span: Span) -> Token | None:
    """The cue before a quote, in the same sentence and paragraph: she said: “...”."""
    doc, offset = span.doc, chunk.offset
    for k in range(span.start - 1, max(-1, span.start - 30), -1):
        tok = doc[k]
        pos = offset + tok.idx
        if (tok.is_space and "\n" in tok.text) or tok.text in SENT_END or chunk.in_quote(pos):
            return None
        if is_speech_verb(tok):
            return tok
        if is_according(tok):
            return tok
    return None


def governing_verb(chunk: Chunk, span: Span) -> tuple[Token | None, Token | None]:
    """Speech verb that a quoted fragment belongs to: an ancestor (with the verb's child on the path to
    the fragment), else one in the same sentence."""
    offset = chunk.offset
    child = span.root
    for anc in span.root.ancestors:
        if is_speech_verb(anc, weak_ok=False) and not chunk.in_quote(offset + anc.idx):
            return anc, child
        child = anc
    sent = span.root.sent
    for tok in sent:
        if chunk.in_quote(offset + tok.idx):
            continue
        if is_speech_verb(tok, weak_ok=False) and speaker_head(tok) is not None:
            return tok, None
        if is_according(tok):
            return tok, None
    return None, None


def candidate(
    chunk: Chunk, ctx: ArticleContext, qs: QuoteSpan, terms: frozenset[int] = frozenset()
) -> Candidate | None:
    """The quote of quotation marks ``qs``: direct, partial (a fragment inside a sentence) or mixed (the
    fragment widened to the clause its verb reports), with its cue; None for a term, a name, a title or a
    stray mark. ``terms`` are the starts of the quotes in a list of quoted words (``terms.term_lists``)."""
    span = chunk.tokens(qs.start, qs.end)
    if span is None or len(span) == 0:
        return None
    pstart = chunk.paragraphs[chunk.para_index(qs.start)][0]
    before = chunk.text[pstart : qs.start].rstrip()
    words = content_words(chunk.text, qs)
    utterance = ends_with_sentence_punct(chunk.text, qs) or words >= 6
    position = "initial"
    if before and before[-1] not in '.!?\u201d"\u00bb\u2014\u2013' and not before.endswith("'"):
        position = "colon" if before[-1] in ":," else "embedded"
    cand = Candidate(qs.start + chunk.text[qs.start].isspace(), qs.end, "direct")  # a mark left out
    cue = None
    title = looks_like_title(chunk.text[qs.content_slice])
    if position == "initial":
        if title and title_as_subject(chunk.text, qs):
            return None  # "“Morning Tide” opens on Friday": a title as the subject
        tok = cue_after(chunk, span, qs)
        cue = make_cue(chunk, tok, after=span) if tok is not None else None
        if cue is None:
            cue = dash_signature(chunk, qs)
        if cue is None and qs.start == pstart:
            cue = colon_cue_previous_paragraph(chunk, qs)
        if cue is None and (title or (words <= 3 and not ends_with_sentence_punct(chunk.text, qs))):
            return None  # a quoted term or title on its own
    elif position == "colon":
        tok = cue_before(chunk, span)
        if tok is not None:
            cue = make_cue(chunk, tok)
        elif title_of_work(span):
            return None  # "her column, “Tell Them Why,” ran ...": the title of a work
        elif title and words > 1:
            return None  # "his book, “Make Your Kid a Millionaire,” suggested ...": a title
        elif (tok := cue_after(chunk, span, qs)) is not None:
            cue = make_cue(chunk, tok, after=span)
        if cue is None and (
            words <= 2 or (words <= TITLE_WORDS and not ends_with_sentence_punct(chunk.text, qs))
        ):
            return None  # "her new film, “Tides,” opens today", "two made the list: “Last Call”": names
    else:
        prev = span.doc[span.start - 1] if span.start > 0 else None
        prev2 = span.doc[span.start - 2] if span.start > 1 else None
        so_called = prev is not None and prev.lower_ == "called" and "so-called" in before[-12:].lower()
        if so_called or named_by_participle(span):
            return None  # the so-called “X”, an app called “X”: a term or a name
        if prev is not None and is_speech_verb(prev):
            if words == 1 and not ends_with_sentence_punct(chunk.text, qs):
                return None  # 'specified “none” as their religion': one quoted word is a term
            cue = make_cue(chunk, prev)
            if cue.speaker_head is None:
                return None
        elif (
            prev2 is not None
            and is_speech_verb(prev2)
            and prev2.lemma_ in {"tell", "ask"}
            and utterance
            and not title
        ):
            cue = make_cue(chunk, prev2)
        else:
            tok, child = governing_verb(chunk, span)
            if tok is None or title:
                return None  # scare quote / quoted term: no speech verb
            if child is None and modifies_a_noun(span, chunk.text, qs):
                return None  # "the “boys will be boys” trope": a scare quote in a noun phrase
            cand.kind = "partial"
            cue = make_cue(chunk, tok)
            if cue is None or cue.speaker_head is None:
                return None
            # the fragment sits in what the verb reports: "criticized the law as a “crazy system”"
            reports = child is not None and child.dep_ in COMPLEMENT_DEPS and child.i > tok.i
            if reports and (clause := fragment_clause(chunk, tok, child, span)) is not None:
                cand.start, cand.end, cand.kind = clause[0], clause[1], "mixed"
            if cand.kind == "partial" and words <= 2:
                return None  # one or two quoted words inside a sentence: a term, not a quote
    if cue is None and qs.start in terms:
        return None  # an item of a list of quoted words, never a quote continuing the one before
    if cue is None and not qs.closed and qs.paragraphs == 1:
        return None  # a mark never closed, with no cue: a stray mark or a block excerpt, not a quote
    cand.cue = cue
    ctx.attach(cand)
    return cand


def fragment_clause(chunk: Chunk, verb: Token, child: Token, span: Span) -> Bounds | None:
    """The bounds of the mixed quote a quoted fragment widens to: the verb's complement up to the end of its
    last quote, if longer than the fragment."""
    doc, offset = span.doc, chunk.offset
    a = child.left_edge.i if child.dep_ == "ccomp" else verb.i + 1
    naming = verb.lemma_.lower() in NAMING_VERBS  # "called the plan “a disaster”": the plan is content
    for c in verb.rights:  # "told reporters that ...": the person told is not content
        if naming and c.dep_ == "dobj":
            continue
        if c.dep_ in {"dobj", "dative"} and c.i < child.i and c.pos_ in {"PRON", "PROPN", "NOUN"}:
            a = max(a, c.right_edge.i + 1)
    b = child.right_edge.i + 1
    clause = (offset + doc[a].idx, offset + doc[b - 1].idx + len(doc[b - 1])) if a < b else None
    if clause is None:
        return None
    quotes = overlapping(clause, chunk.span_bounds)
    if not quotes:
        return None
    if child.dep_ != "ccomp":  # a complement ends with its last quote, not with trailing adverbials
        end = max(e for _s, e in quotes)
        b = a
        while b < len(doc) and offset + doc[b].idx < end:
            b += 1
    bounds = clause_bounds(chunk, a, b)
    if bounds is not None and bounds[1] - bounds[0] > span.end_char - span.start_char:
        return bounds
    return None


def dash_signature(chunk: Chunk, qs: QuoteSpan) -> Cue | None:
    """“...” ― Jane Doe: a name after a dash signs the quote."""
    m = DASH_NAME_RE.match(chunk.text, qs.end)
    if m is None:
        return None
    span = chunk.tokens(m.start(1), m.end(1))
    if span is None or not len(span):
        return None
    names = [t for t in span if t.pos_ == "PROPN"]
    head = names[-1] if names else span[-1]
    return Cue(head, chunk.offset, head, m.group(0).strip()[0])


def colon_cue_previous_paragraph(chunk: Chunk, qs: QuoteSpan) -> Cue | None:
    """She said:¶“...”: the cue of a quote opening a paragraph ends the paragraph before, with a colon."""
    pi = chunk.para_index(qs.start)
    if pi == 0:
        return None
    ps, pe = chunk.paragraphs[pi - 1]
    if not chunk.text[ps:pe].rstrip().endswith(":"):
        return None
    span = chunk.tokens(pe - 1, pe)
    if span is None:
        return None
    tok = cue_before(chunk, span)
    return make_cue(chunk, tok) if tok is not None else None
