"""Reported speech: the content clause of a speech verb ("X said (that) ...", "according to X, ..."),
of a content noun ("expressed concern that ...") or of a claim ("Trump's claim that ...")."""

from __future__ import annotations

from spacy.tokens import Doc

from .cues import (
    TRIM,
    Candidate,
    Cue,
    according_content,
    claim_noun,
    content_tokens,
    covered,
    is_speech_verb,
    overlapping,
)
from .speakers import mention_tokens


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
            for tok in doc:
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
                if subj is None or subj.doc is not doc:
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
                for a, b in parts:
                    bounds = self._trim(doc, offset, a, b)
                    if bounds is None or bounds in seen:
                        continue
                    if len(self.text[bounds[0] : bounds[1]].split()) < 2:
                        continue
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

    def _clause_start(self, doc: Doc, offset: int, sent_start: int, i: int) -> int:
        """First token of the sentence part before token ``i`` that is not inside an earlier quote."""
        k = i
        while k - 1 >= sent_start and not self.in_quote(offset + doc[k - 1].idx):
            if doc[k - 1].is_space and "\n" in doc[k - 1].text:
                break
            k -= 1
        return k
