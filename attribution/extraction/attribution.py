"""Rules that turn quotation marks and speech verbs of parsed chunks into attributed quotes."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from .cues import (
    COMPLEMENT_DEPS,
    DASH_NAME_RE,
    DASHES,
    NAMING_VERBS,
    SENT_END,
    Candidate,
    Cue,
    cue_text,
    fallback_subject,
    is_speech_verb,
    looks_like_title,
    overlapping,
    speaker_head,
    tok_key,
)
from .indirect import IndirectRules, TurnRules
from .names import NameIndex
from .quotes import QuoteSpan, content_words, ends_with_sentence_punct, paragraph_bounds
from .speakers import ArticleContext, Referent
from .types import Quote


class Attributor(IndirectRules, TurnRules):
    def __init__(
        self,
        text: str,
        docs: list[tuple[int, Doc]],
        spans: list[QuoteSpan],
        paras: list[tuple[int, int]] | None = None,
        names: NameIndex | None = None,
        prior: list[Referent] | None = None,
    ) -> None:
        self.text = text
        self.docs = docs
        self.spans = spans
        self.span_bounds = [(s.start, s.end) for s in spans]
        self.ctx = ArticleContext(docs, self.span_bounds, text, names, prior)
        self.paras = paras or paragraph_bounds(text)
        self.para_starts = [p[0] for p in self.paras]
        self.doc_starts = [o for o, _ in docs]

    # -- helpers ------------------------------------------------------------------------------------------
    def para_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def doc_at(self, pos: int) -> tuple[int, Doc]:
        return self.docs[max(0, bisect.bisect_right(self.doc_starts, pos) - 1)]

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.span_bounds, (pos, float("inf"))) - 1
        return i >= 0 and self.span_bounds[i][0] <= pos < self.span_bounds[i][1]

    def tokens(self, start: int, end: int) -> tuple[int, Span | None]:
        offset, doc = self.doc_at(start)
        return offset, doc.char_span(start - offset, end - offset, alignment_mode="expand")

    def make_cue(self, tok: Token, offset: int, after: Span | None = None) -> Cue | None:
        if tok.text in DASHES:
            names = [t for t in tok.doc[tok.i + 1 : tok.i + 6] if t.pos_ == "PROPN"]
            return Cue(tok, offset, names[-1] if names else None, tok.text)
        head = speaker_head(tok, quoted=lambda t: self.in_quote(offset + t.idx))
        if head is None and after is not None:
            head = fallback_subject(tok, after)
        if head is not None and self.in_quote(offset + head.idx):
            head = None
        return Cue(tok, offset, head, cue_text(tok))

    def attach_speaker(self, cand: Candidate) -> None:
        if cand.cue is None or cand.cue.speaker_head is None:
            return
        got = self.ctx.speaker(cand.cue.speaker_head, cand.cue.offset)
        if got is not None:
            cand.speaker, cand.how = got

    # -- direct, partial -----------------------------------------------------------------------------------
    def _cue_after(self, span: Span, offset: int, qs: QuoteSpan) -> Token | None:
        doc = span.doc
        inner = self.text[qs.content_slice].rstrip()
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
            if tok.is_space and "\n" in tok.text or self.in_quote(pos):
                return None
            if k == span.end and tok.text in DASHES and k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN":
                return tok  # “...” ― Jane Doe
            if is_speech_verb(tok) and not self.in_quote(pos):
                return tok
            if tok.lower_ == "according" and k + 1 < len(doc) and doc[k + 1].lower_ == "to":
                return tok
            if tok.text in SENT_END:
                return None
        return None

    def _cue_before(self, span: Span, offset: int) -> Token | None:
        doc = span.doc
        for k in range(span.start - 1, max(-1, span.start - 30), -1):
            tok = doc[k]
            pos = offset + tok.idx
            if (tok.is_space and "\n" in tok.text) or tok.text in SENT_END or self.in_quote(pos):
                return None
            if is_speech_verb(tok):
                return tok
            if tok.lower_ == "according" and k + 1 < len(doc) and doc[k + 1].lower_ == "to":
                return tok
        return None

    def _governing_verb(self, span: Span, offset: int) -> tuple[Token | None, Token | None]:
        """Speech verb that a quoted fragment belongs to: an ancestor (with the verb's child on the path to
        the fragment), else one in the same sentence."""
        child = span.root
        for anc in span.root.ancestors:
            if is_speech_verb(anc, weak_ok=False) and not self.in_quote(offset + anc.idx):
                return anc, child
            child = anc
        sent = span.root.sent
        for tok in sent:
            if self.in_quote(offset + tok.idx):
                continue
            if is_speech_verb(tok, weak_ok=False) and speaker_head(tok) is not None:
                return tok, None
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
                return tok, None
        return None, None

    def direct_candidate(self, qs: QuoteSpan) -> Candidate | None:
        offset, span = self.tokens(qs.start, qs.end)
        if span is None or len(span) == 0:
            return None
        pstart = self.paras[self.para_index(qs.start)][0]
        before = self.text[pstart : qs.start].rstrip()
        words = content_words(self.text, qs)
        utterance = ends_with_sentence_punct(self.text, qs) or words >= 6
        position = "initial"
        if before and before[-1] not in '.!?\u201d"\u00bb\u2014\u2013' and not before.endswith("'"):
            position = "colon" if before[-1] in ":," else "embedded"
        cand = Candidate(qs.start, qs.end, "direct")
        cue = None
        title = looks_like_title(self.text[qs.content_slice])
        if position == "initial":
            tok = self._cue_after(span, offset, qs)
            cue = self.make_cue(tok, offset, after=span) if tok is not None else None
            if cue is None:
                cue = self._dash_signature(qs)
            if cue is None and qs.start == pstart:
                cue = self._colon_cue_previous_paragraph(qs)
            if cue is None and (title or (words <= 3 and not ends_with_sentence_punct(self.text, qs))):
                return None  # a quoted term or title on its own
        elif position == "colon":
            tok = self._cue_before(span, offset)
            if tok is not None:
                cue = self.make_cue(tok, offset)
            elif title and words > 1:
                return None  # "his book, “Make Your Kid a Millionaire,” suggested ...": a title
            elif (tok := self._cue_after(span, offset, qs)) is not None:
                cue = self.make_cue(tok, offset, after=span)
            if cue is None and words <= 2:
                return None  # "her new film, “Tides,” opens today": a name set off by commas
        else:
            prev = span.doc[span.start - 1] if span.start > 0 else None
            prev2 = span.doc[span.start - 2] if span.start > 1 else None
            so_called = prev is not None and prev.lower_ == "called" and "so-called" in before[-12:].lower()
            if so_called:
                return None  # the so-called “X”: a term
            if prev is not None and is_speech_verb(prev):
                if words == 1 and not ends_with_sentence_punct(self.text, qs):
                    return None  # 'specified “none” as their religion': one quoted word is a term
                cue = self.make_cue(prev, offset)
                if cue.speaker_head is None:
                    return None
            elif (
                prev2 is not None
                and is_speech_verb(prev2)
                and prev2.lemma_ in {"tell", "ask"}
                and utterance
                and not title
            ):
                cue = self.make_cue(prev2, offset)
            else:
                tok, child = self._governing_verb(span, offset)
                if tok is None or title:
                    return None  # scare quote / quoted term: no speech verb
                cand.kind = "partial"
                cue = self.make_cue(tok, offset)
                if cue is None or cue.speaker_head is None:
                    return None
                if child is not None and child.dep_ in COMPLEMENT_DEPS and child.i > tok.i:
                    # the fragment sits in what the verb reports: "criticized the law as a “crazy system”"
                    self._widen_fragment(cand, tok, child, span, offset)
                if cand.kind == "partial" and words <= 2:
                    return None  # one or two quoted words inside a sentence: a term, not a quote
        if cue is None and not qs.closed and qs.paragraphs == 1:
            return None  # a mark never closed, with no cue: a stray mark or a block excerpt, not a quote
        cand.cue = cue
        self.attach_speaker(cand)
        return cand

    def _widen_fragment(self, cand: Candidate, verb: Token, child: Token, span: Span, offset: int) -> None:
        """Make a quoted fragment a mixed quote: the verb's complement up to the end of its last quote."""
        doc = span.doc
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
            return
        quotes = overlapping(clause, self.span_bounds)
        if not quotes:
            return
        if child.dep_ != "ccomp":  # a complement ends with its last quote, not with trailing adverbials
            end = max(e for _s, e in quotes)
            b = a
            while b < len(doc) and offset + doc[b].idx < end:
                b += 1
        bounds = self._trim(doc, offset, a, b)
        if bounds is not None and bounds[1] - bounds[0] > span.end_char - span.start_char:
            cand.start, cand.end, cand.kind = bounds[0], bounds[1], "mixed"

    def _dash_signature(self, qs: QuoteSpan) -> Cue | None:
        """“...” ― Jane Doe: a name after a dash signs the quote."""
        m = DASH_NAME_RE.match(self.text, qs.end)
        if m is None:
            return None
        offset, span = self.tokens(m.start(1), m.end(1))
        if span is None or not len(span):
            return None
        names = [t for t in span if t.pos_ == "PROPN"]
        head = names[-1] if names else span[-1]
        return Cue(head, offset, head, m.group(0).strip()[0])

    def _colon_cue_previous_paragraph(self, qs: QuoteSpan) -> Cue | None:
        pi = self.para_index(qs.start)
        if pi == 0:
            return None
        ps, pe = self.paras[pi - 1]
        if not self.text[ps:pe].rstrip().endswith(":"):
            return None
        offset, span = self.tokens(pe - 1, pe)
        if span is None:
            return None
        tok = self._cue_before(span, offset)
        return self.make_cue(tok, offset) if tok is not None else None

    # -- assembly ----------------------------------------------------------------------------------------
    def run(self) -> list[Quote]:
        directs = []
        for qs in self.spans:
            cand = self.direct_candidate(qs)
            if cand is not None and qs.paragraphs > 1 and (cand.start, cand.end) == (qs.start, qs.end):
                directs += self.split_paragraphs(cand, qs)
            elif cand is not None:
                directs.append(cand)
        directs += self.label_candidates(directs)
        indirects = self.indirect_candidates([(d.start, d.end) for d in directs if d.kind == "direct"])
        by_start = {(d.start, d.end): d for d in directs}
        direct_bounds = sorted(by_start)
        by_cue: dict[tuple[int, int], list[Candidate]] = {}
        for ind in indirects:
            by_cue.setdefault(tok_key(ind.cue.token), []).append(ind)
        for ind in indirects:
            inside = [
                by_start[b]
                for b in overlapping((ind.start, ind.end), direct_bounds)
                if b[0] >= ind.start and b[1] <= ind.end
            ]
            if not inside:
                continue
            if ind.parenthetical and any(d.kind == "partial" for d in inside):
                for other in by_cue[tok_key(ind.cue.token)]:
                    other.dropped = True
            else:
                for d in inside:
                    if d.kind != "direct" or d.cue is None or tok_key(d.cue.token) == tok_key(ind.cue.token):
                        d.dropped = True
        # a report nested in the content of another report is part of it
        outer = sorted(indirects, key=lambda c: (c.start, -c.end))
        reach = -1
        for ind in outer:
            if ind.end <= reach:
                ind.dropped = True
            reach = max(reach, ind.end)
        # fragments widened to their clause: one quote per clause, none where the indirect pass has it
        taken = {(i.start, i.end) for i in indirects}
        ind_by_cue = {tok_key(i.cue.token): i for i in indirects}
        for d in directs:
            if d.kind != "mixed" or d.dropped:
                continue
            ind = ind_by_cue.get(tok_key(d.cue.token))
            if (d.start, d.end) in taken or (ind is not None and ind.start < d.end and d.start < ind.end):
                d.dropped = True
            taken.add((d.start, d.end))
        # a fragment inside a kept reported clause is part of it
        wide = sorted((c.start, c.end) for c in directs + indirects if not c.dropped and c.kind != "partial")
        k, reach = 0, -1
        for d in sorted((d for d in directs if d.kind == "partial" and not d.dropped), key=lambda c: c.start):
            while k < len(wide) and wide[k][0] <= d.start:
                reach = max(reach, wide[k][1])
                k += 1
            d.dropped = reach >= d.end
        self.fold_fragments(directs + indirects)
        # continuation: a quote with no cue keeps the speaker of the quote right before it
        timeline = sorted((c for c in directs + indirects if not c.dropped), key=lambda c: c.start)
        last: Candidate | None = None
        for cand in timeline:
            if (
                cand.cue is None
                and cand.kind == "direct"
                and last is not None
                and self.para_index(cand.start) - self.para_index(last.end) <= 1
            ):
                cand.speaker, cand.how = last.speaker, "continuation"
            if cand.speaker is not None:
                last = cand
        return [self.to_quote(c) for c in timeline]

    def to_quote(self, c: Candidate) -> Quote:
        conf = {"direct": 0.9, "mixed": 0.75, "indirect": 0.7, "partial": 0.55}[c.kind]
        if c.speaker is None:
            conf = min(conf, 0.35)
        else:
            conf -= {"direct": 0.0, "description": 0.05, "pronoun": 0.1, "continuation": 0.2}.get(c.how, 0.3)
            if c.speaker.kind in {"anonymous", "group"}:
                conf -= 0.03
        cue = c.cue.text if c.cue is not None else None
        return Quote(
            c.start, c.end, self.text[c.start : c.end], c.kind, cue, round(max(0.05, conf), 2), c.speaker
        )
