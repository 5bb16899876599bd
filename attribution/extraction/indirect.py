"""Reported speech: the content clause of a speech verb ("X said (that) ...", "according to X, ..."),
of a content noun ("expressed concern that ...") or of a claim ("Trump's claim that ..."); speaker labels and
transcripts ("WALLACE: ...")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .cues import (
    LABEL_RE,
    LABEL_STOP,
    SIGN_OFF_RE,
    TRIM,
    Candidate,
    Cue,
    according_content,
    candidate_tokens,
    claim_noun,
    content_tokens,
    covered,
    is_speech_verb,
    looks_like_title,
    overlapping,
    speaker_like,
    tok_key,
)
from .lexicon import SETTING_WORDS
from .names import QUOTE_CHARS
from .quotes import QuoteSpan
from .speakers import mention_tokens

# a segment beside a cue that opens with these continues a noun phrase, not a reported clause
DANGLING_STARTS = ("and ", "or ", "nor ", "who ", "which ", "whom ", "whose ", "as well as ")


CONNECTORS = frozenset({"and", "then", "but", "or", "also", "yet", "\u2014", "-"})


class IndirectRules:
    """Mixed into the Attributor: needs ``text``, ``docs``, ``span_bounds``, ``in_quote``, ``make_cue`` and
    ``attach_speaker``."""

    def _trim(self, doc: Doc, offset: int, i: int, j: int) -> tuple[int, int] | None:
        if i < j and doc[i].lower_ == "that" and doc[i].dep_ == "mark":
            i += 1
        for k in range(i + 1, j):
            # a second report joined to the content ("... and warned that", ", arguing that") is not content
            t = doc[k]
            if t.dep_ in {"conj", "advcl"} and i <= t.head.i < j and is_speech_verb(t, weak_ok=False):
                j = min(j, t.left_edge.i)
                while j > i and (doc[j - 1].is_punct or doc[j - 1].dep_ == "cc" or doc[j - 1].is_space):
                    j -= 1
                break
        if i >= j:
            return None
        start, end = offset + doc[i].idx, offset + doc[j - 1].idx + len(doc[j - 1])
        # grow to cover quotes cut in the middle
        for qs, qe in overlapping((start, end), self.span_bounds):
            start, end = min(start, qs), max(end, qe)
        while start < end and self.text[start] in TRIM:
            start += 1
        while end > start and self.text[end - 1] in TRIM and not self.in_quote(end - 1):
            end -= 1
        if end - start < 8 or "\n" in self.text[start:end]:
            return None  # too short, or a parse running over a paragraph break
        return start, end

    def indirect_candidates(self, direct_bounds: list[tuple[int, int]]) -> list[Candidate]:
        out: list[Candidate] = []
        seen: set[tuple[int, int]] = set()
        for offset, doc in self.docs:
            for tok in candidate_tokens(doc):
                according = tok.lower_ == "according" and tok.i + 1 < len(doc) and tok.nbor(1).lower_ == "to"
                claim = claim_noun(tok)
                if not according and claim is None and not is_speech_verb(tok, weak_ok=False):
                    continue
                if self.in_quote(offset + tok.idx):
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
                cue = self.make_cue(tok, offset) if claim is None else Cue(tok, offset, owner, tok.text)
                subj = cue.speaker_head
                if subj is None or subj.doc is not doc or not speaker_like(subj):
                    continue
                s_lo, s_hi = mention_tokens(subj) if subj.pos_ != "PRON" else (subj.i, subj.i + 1)
                lo, hi = min(s_lo, tok.i), max(s_hi - 1, tok.i)
                if not according and j <= lo and doc[lo - 1].text == "," and i > tok.sent.start:
                    i = self._clause_start(doc, offset, tok.sent.start, i)  # "S, the source added."
                if i <= tok.i < j or i <= subj.i < j:
                    # the cue sits inside its content: "X, he said, Y" -> two segments
                    parts = [(i, lo), (hi + 1, j)]
                    parenthetical = True
                else:
                    parts = [(i, j)]
                nominal = doc[i].dep_ != "ccomp" and not any(t.dep_ == "ccomp" for t in doc[i:j])
                for a, b in parts:
                    bounds = self._trim(doc, offset, a, b)
                    if bounds is not None and nominal and not according and claim is None:
                        bounds = self._cut_setting(bounds)
                    if bounds is None or bounds in seen:
                        continue
                    words = self.text[bounds[0] : bounds[1]].split()
                    dangling = self.text[bounds[0] : bounds[1]].lower().startswith(DANGLING_STARTS)
                    if (
                        len(words) < 2
                        or (parenthetical and dangling)
                        or not self._same_paragraph(bounds, tok, offset)
                        or (bounds[1] <= offset + tok.idx and self._ends_with_title(bounds))
                    ):
                        continue  # "attacked allies as well as foes", "rejected X and Y": no content
                    quoted = covered(bounds, direct_bounds)
                    if quoted >= 0.6 * (bounds[1] - bounds[0]):
                        continue
                    seen.add(bounds)
                    kind = "mixed" if covered(bounds, self.span_bounds) > 0 else "indirect"
                    cand = Candidate(bounds[0], bounds[1], kind, cue, parenthetical=parenthetical)
                    self.attach_speaker(cand)
                    if cand.speaker is not None:
                        out.append(cand)
        return out

    def _cut_setting(self, bounds: tuple[int, int]) -> tuple[int, int]:
        """Nominal content ends with its last quote when the narrator's setting follows: "criticized the law
        as a “crazy system” during a visit to Flint", "blasted her as a “disgrace” Wednesday on the radio"."""
        quotes = overlapping(bounds, self.span_bounds)
        if not quotes or quotes[-1][1] >= bounds[1]:
            return bounds
        tail = self.text[quotes[-1][1] : bounds[1]].split()
        first = tail[0].lower().strip(",") if tail else ""
        return (bounds[0], quotes[-1][1]) if first in SETTING_WORDS else bounds

    def _ends_with_title(self, bounds: tuple[int, int]) -> bool:
        """In her book, “Grow Your Own Food,” she suggested ...: a title parsed as the reported clause."""
        quotes = overlapping(bounds, self.span_bounds)
        if not quotes or quotes[-1][1] < bounds[1]:
            return False
        inner = self.text[quotes[-1][0] + 1 : quotes[-1][1] - 1]
        return len(inner.split()) >= 3 and looks_like_title(inner)

    def _same_paragraph(self, bounds: tuple[int, int], cue: Token, offset: int) -> bool:
        """Reported content and its cue share a paragraph (a parse can run a headline into the next line)."""
        pos = offset + cue.idx
        return "\n" not in self.text[min(pos, bounds[0]) : max(pos, bounds[1])]

    def fold_fragments(self, cands: list[Candidate]) -> None:
        """A quoted fragment that continues a reported clause or another fragment of the same cue in the same
        sentence joins it: "said the water was “safe” but “nobody should swim yet”" is one quote."""
        mixed = {tok_key(c.cue.token): c for c in cands if c.kind == "mixed" and not c.dropped and c.cue}
        for d in cands:  # a quote inside a mixed quote of its own cue is part of it
            m = mixed.get(tok_key(d.cue.token)) if d.cue is not None and d.kind != "mixed" else None
            if m is not None and m.start <= d.start and d.end <= m.end:
                d.dropped = True
        by_cue: dict[tuple[int, int], list[Candidate]] = {}
        for c in sorted(cands, key=lambda c: c.start):
            if c.kind in {"mixed", "indirect", "partial"} and not c.dropped and c.cue is not None:
                by_cue.setdefault(tok_key(c.cue.token), []).append(c)
        for group in by_cue.values():
            keep = group[0]
            for c in group[1:]:
                gap = self.text[keep.end : c.start] if keep.end <= c.start else "."
                cue_at = c.cue.offset + c.cue.token.idx
                joins = (
                    "partial" in {keep.kind, c.kind}
                    and len(gap) < 80
                    and not any(ch in gap for ch in ".!?\n")
                )
                if keep.kind == c.kind == "partial":  # two fragments: only as a list, “X” and “Y”
                    joins = joins and set(gap.replace(",", " ").split()) <= CONNECTORS
                if joins and not keep.end <= cue_at < c.start:
                    keep.end, keep.kind, c.dropped = c.end, "mixed", True
                else:
                    keep = c

    def _clause_start(self, doc: Doc, offset: int, sent_start: int, i: int) -> int:
        """First token of the sentence part before token ``i`` that is not inside an earlier quote."""
        k = i
        while k - 1 >= sent_start and not self.in_quote(offset + doc[k - 1].idx):
            if doc[k - 1].is_space and "\n" in doc[k - 1].text:
                break
            k -= 1
        return k


class TurnRules:
    """Mixed into the Attributor: speaker labels ("WALLACE: ...") and quotes over several paragraphs."""

    def split_paragraphs(self, cand: Candidate, qs: QuoteSpan) -> list[Candidate]:
        """A quote running over several paragraphs is one quote (the news convention), unless it is a
        quoted transcript: there a paragraph opening with a speaker label ("“PENCE: ...") starts a turn, a
        quote of its own, that the next unlabelled paragraphs continue; one wholly in parentheses
        ("(CROSSTALK)") is a stage direction."""
        paras = self.paras[self.para_index(qs.start) : self.para_index(qs.end - 1) + 1]
        if not any(self._label_cue(ps, pe) for ps, pe in paras):
            return [cand]
        out = []
        turn: Cue | None = None
        for ps, pe in paras:
            a, b = max(ps, qs.start), min(pe, qs.end)
            inner = self.text[a:b].strip("".join(QUOTE_CHARS | TRIM))
            stage = inner.startswith("(") and inner.endswith(")")
            if not any(ch.isalnum() for ch in inner) or stage or SIGN_OFF_RE.match(inner):
                continue
            piece = Candidate(a, b, cand.kind, cand.cue, cand.speaker, cand.how)
            turn = self._label_cue(ps, pe) or turn
            if turn is not None:
                piece.cue, piece.speaker, piece.how = turn, None, "none"
                self.attach_speaker(piece)
            out.append(piece)
        return out

    def _label_cue(self, ps: int, pe: int) -> Cue | None:
        """The speaker label opening a paragraph ("WALLACE: ...", "Rush Limbaugh: ..."), as a cue. The label
        must name someone (entity or all capitals)."""
        m = LABEL_RE.match(self.text, ps, pe)
        if m is None or m.group(1).split()[0] in LABEL_STOP:
            return None
        offset, label = self.tokens(m.start(1), m.end(1))
        if label is None or not len(label) or offset + label.end_char > m.end(1) + 1:
            return None
        shouting = m.group(1).isupper() and len(m.group(1)) > 2
        if not shouting and not any(t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for t in label):
            return None
        return Cue(label[-1], offset, label[-1], ":")

    # -- "Name: words" -----------------------------------------------------------------------------------
    def label_candidates(self, directs: list[Candidate]) -> list[Candidate]:
        """Paragraphs opening with a speaker label: transcripts ("WALLACE: Let's start") and headlines
        ("Rush Limbaugh: Clinton Is Afraid")."""
        out = []
        by_start = {d.start: d for d in directs}
        for ps, pe in self.paras:
            cue = self._label_cue(ps, pe)
            if cue is None:
                continue
            m = LABEL_RE.match(self.text, ps, pe)
            shouting = m.group(1).isupper() and len(m.group(1)) > 2
            quoted = by_start.get(ps)
            if quoted is not None and quoted.cue is None:  # "“WALLACE: ...”" - the whole turn is quoted
                quoted.cue = cue
                self.attach_speaker(quoted)
                continue
            start, end = m.start(2), pe
            while end > start and self.text[end - 1] in TRIM:
                end -= 1
            if any(s < end and start < e for s, e in ((d.start, d.end) for d in directs)) or end - start < 8:
                continue
            kind = "direct" if shouting else "indirect"
            cand = Candidate(start, end, kind, cue)
            self.attach_speaker(cand)
            if cand.speaker is not None:
                out.append(cand)
        return out
