"""Reported speech: the content clause of a speech verb ("X said (that) ...", "according to X, ..."),
of a content noun ("expressed concern that ...") or of a claim ("Trump's claim that ...")."""

from __future__ import annotations

import numpy
from spacy import parts_of_speech
from spacy.tokens import Token

from .chunk import Candidate, Chunk, Cue
from .clauses import according_content, claim_noun, clause_bounds, content_tokens, continued_content
from .coreference import ArticleContext
from .cues import make_cue, speaker_head, speaker_like
from .lexicon import (
    CLAIM_NOUNS,
    COMMISSIVE_VERBS,
    INDEFINITE_PEOPLE,
    NOMINAL_CONTENT_VERBS,
    NOMINAL_REPORT_VERBS,
    NON_HUMAN_NOUNS,
    REFUSAL_VERBS,
    RELAY_VERBS,
    SETTING_WORDS,
    SPEECH_VERBS,
    TELL_VERBS,
    WH_WORDS,
)
from .marks import looks_like_title
from .referents import mention_tokens
from .spans import Bounds, covered, overlapping
from .tokens import is_according, is_speech_verb, tokens_with_pos
from .types import Speaker

# a segment beside a cue that opens with these continues a noun phrase, not a reported clause
DANGLING_STARTS = ("and ", "or ", "nor ", "who ", "which ", "whom ", "whose ", "as well as ")
# the tokens that can be a cue: verbs, nouns ("claim", the mis-tagged "says") and "according"
_CUE_POS = numpy.array([parts_of_speech.VERB, parts_of_speech.AUX, parts_of_speech.NOUN], dtype="uint64")
# the lemmas claim_noun, is_speech_verb and a reporting verb accept: a token with another is passed over
# before those tests, which most of an article's verbs and nouns would fail
_CUE_LEMMAS = CLAIM_NOUNS | SPEECH_VERBS | NOMINAL_CONTENT_VERBS | NOMINAL_REPORT_VERBS | {"put"}


def candidates(chunk: Chunk, ctx: ArticleContext, direct_bounds: list[Bounds]) -> list[Candidate]:
    """Reported speech of the chunk, each with a speaker: the content clause of a speech verb, of
    "according to", of a content noun or of a claim; "mixed" where it holds a quote. Content mostly
    covered by the direct quotes ``direct_bounds`` is theirs."""
    out: list[Candidate] = []
    seen: set[Bounds] = set()
    offset, doc = chunk.offset, chunk.doc
    for tok in tokens_with_pos(doc, _CUE_POS, ("according",), _CUE_LEMMAS):
        according = is_according(tok)
        claim = claim_noun(tok)
        reporting = tok.pos_ == "VERB" and tok.lemma_.lower() in NOMINAL_REPORT_VERBS
        cue_like = according or claim is not None or reporting or is_speech_verb(tok, weak_ok=False)
        if not cue_like and not _weak_with_clause(tok):
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
        i, j = _clip_to_paragraph(chunk, tok, i, j)
        if j - i < 2:
            continue
        cue = make_cue(chunk, tok) if claim is None else Cue(tok, offset, owner, tok.text)
        if claim is None and not according:
            cue = _reported_speaker(chunk, cue)
        elif according and cue.speaker_head is None:
            cue = Cue(tok, offset, _last_noun(tok), cue.text)
        subj = cue.speaker_head
        if subj is None or subj.doc is not doc or not (speaker_like(subj) or _named_person(subj)):
            continue
        if claim is None and not according and _nothing_said(tok, subj, doc[i]):
            continue
        s_lo, s_hi = mention_tokens(subj) if subj.pos_ != "PRON" else (subj.i, subj.i + 1)
        lo, hi = min(s_lo, tok.i), max(s_hi - 1, tok.i)
        if not according and j <= lo and doc[lo - 1].text == "," and i > tok.sent.start:
            i = _clause_start(chunk, tok.sent.start, i)  # "S, the source added."
        if i <= tok.i < j or i <= subj.i < j:
            # the cue sits inside its content: "X, he said, Y" -> two segments ("X, he told me on Friday, Y")
            if parenthetical:
                more = continued_content(tok)
                hi = max(hi, tok.right_edge.i if more is None else more.left_edge.i - 1)
            parts = [(i, lo), (hi + 1, j)]
            parenthetical = True
        else:
            parts = [(i, j)]
        nominal = doc[i].dep_ != "ccomp" and not any(t.dep_ == "ccomp" for t in doc[i:j])
        for a, b in parts:
            if nominal and not according and claim is None:
                b = _without_description(chunk, a, b)
            bounds = clause_bounds(chunk, a, b)
            if bounds is not None and nominal and not according and claim is None:
                bounds = _cut_setting(chunk, bounds)
            if bounds is None or bounds in seen:
                continue
            words = chunk.text[bounds[0] : bounds[1]].split()
            dangling = chunk.text[bounds[0] : bounds[1]].lower().startswith(DANGLING_STARTS)
            if (
                len(words) < (4 if reporting and nominal else 2)
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
            if cand.speaker is None:
                cand.speaker = _unnamed_speaker(chunk, subj, not nominal)
            if cand.speaker is not None:
                out.append(cand)
    return out


def _unnamed_speaker(chunk: Chunk, subj: Token, clause: bool) -> Speaker | None:
    """The people an indefinite pronoun stands for, as the text puts them: "some in the community say",
    "those close to him say", "someone asked"; or the writer of a clause reported in the first person."""
    writer = subj.lower_ in {"i", "we"} and clause  # "I should say that ...": an op-ed's writer
    if subj.pos_ != "PRON" or not (subj.lower_ in INDEFINITE_PEOPLE or writer):
        return None
    start = chunk.offset + subj.left_edge.idx
    end = chunk.offset + subj.right_edge.idx + len(subj.right_edge)
    if chunk.in_quote(start):
        return None
    words = chunk.text[start:end]
    kind, anonymous = ("person", False) if writer else ("group", True)
    return Speaker(words, kind, anonymous, words, start, end)


def in_relative_clause(cand: Candidate) -> bool:
    """Whether a report's content is a clause whose subject is a relative pronoun before the cue: "which
    he said were favors", "what the senators said was gerrymandering"."""
    if cand.cue is None:
        return False
    verb = cand.cue.token
    subjects = (d for c in verb.children if c.dep_ == "ccomp" for d in c.children if d.i < verb.i)
    return any(d.dep_ in {"nsubj", "nsubjpass"} and d.tag_ in {"WDT", "WP"} for d in subjects)


def _weak_with_clause(verb: Token) -> bool:
    """A verb that cues a quote only beside one reports the clause it opens with "that": "pointed out
    that", "underscored that"."""
    return is_speech_verb(verb) and any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in verb.children
    )


def _without_description(chunk: Chunk, a: int, b: int) -> int:
    """End of nominal content [a, b) before the narrator's description closing it: "questioned the wisdom of
    the plan, which has never been tested" (a relative clause after a comma, outside quotes)."""
    doc = chunk.doc
    for t in doc[a:b]:
        start = t.left_edge.i
        if t.dep_ != "relcl" or start < a + 2 or doc[start - 1].text != "," or t.right_edge.i < b - 2:
            continue
        if a <= t.head.i < start and not chunk.in_quote(chunk.offset + t.idx):
            return start - 1
    return b


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


def _clip_to_paragraph(chunk: Chunk, cue: Token, i: int, j: int) -> tuple[int, int]:
    """Tokens [i, j) without those outside the cue's paragraph: a parse that runs a sentence over a break
    ("... the U.S.¶“Bad things,” he warned") gives the cue's side only."""
    doc, offset = chunk.doc, chunk.offset
    ps, pe = chunk.paragraphs[chunk.para_index(offset + cue.idx)]
    while i < j and offset + doc[i].idx < ps:
        i += 1
    while j > i and offset + doc[j - 1].idx >= pe:
        j -= 1
    return i, j


def _clause_start(chunk: Chunk, sent_start: int, i: int) -> int:
    """First token of the sentence part before token ``i`` that is not inside an earlier quote."""
    doc, offset = chunk.doc, chunk.offset
    k = i
    while k - 1 >= sent_start and not chunk.in_quote(offset + doc[k - 1].idx):
        if doc[k - 1].is_space and "\n" in doc[k - 1].text:
            break
        k -= 1
    return k


def _reported_speaker(chunk: Chunk, cue: Cue) -> Cue:
    """The speaker of a reported clause where the cue's subject is not it: the speaker of the report whose
    content the cue's participle hangs on ("said A, insisting B"), the agent of a passive ("was
    told by her aides that ..."; with no agent, "it was announced that", nobody named), or the name right
    before a verb the parse left without a subject ("the editorial board of the Post Trump said that ...")."""
    verb = cue.token
    if verb.lemma_.lower() in RELAY_VERBS:
        return cue
    content, outer = verb.head, verb.head.head
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and content.dep_ == "ccomp"
        and not is_speech_verb(content)
        and is_speech_verb(outer, weak_ok=False)
        and not chunk.in_quote(chunk.offset + outer.idx)
    ):
        # "X said A, insisting B" parsed with "insisting" on A: X insists, not A's subject
        head = make_cue(chunk, outer).speaker_head
        return Cue(verb, cue.offset, head, cue.text) if head is not None else cue
    passive = (
        any(c.dep_ == "auxpass" for c in verb.children)
        or (
            cue.speaker_head is not None
            and cue.speaker_head.dep_ == "nsubjpass"
            and cue.speaker_head.head == verb
        )
        # "Asked about the case, the board ...", "When asked for comment": a bare participle is passive
        or (verb.tag_ == "VBN" and not any(c.dep_ in {"nsubj", "nsubjpass", "aux"} for c in verb.children))
    )
    if (
        passive
        and verb.lemma_.lower() in TELL_VERBS | {"ask", "urge"}
        and not any(c.dep_ == "agent" for c in verb.children)
    ):
        return Cue(verb, cue.offset, None, cue.text)  # "was asked what ...", "having been told": the listener
    if any(c.dep_ == "auxpass" for c in verb.children) or (
        cue.speaker_head is not None
        and cue.speaker_head.dep_ == "nsubjpass"
        and cue.speaker_head.head == verb
    ):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        return Cue(verb, cue.offset, by, cue.text) if by is not None else cue
    obj = cue.speaker_head
    if (
        obj is not None
        and obj.dep_ == "dobj"
        and obj.head == verb
        and verb.lemma_.lower() in NOMINAL_CONTENT_VERBS
    ):
        # "criticizing Trump for ...", "accused the party of ...": the object does not speak; a name right
        # before the verb or the subject of the clause the verb hangs on may
        head = _name_before(chunk, verb) or speaker_head(
            verb, quoted=lambda t: t.i == obj.i or chunk.in_quote(chunk.offset + t.idx)
        )
        return Cue(verb, cue.offset, head, cue.text)
    if cue.speaker_head is None:
        return Cue(verb, cue.offset, _share_of_people(verb) or _name_before(chunk, verb), cue.text)
    return cue


def _last_noun(according: Token) -> Token | None:
    """Who "according to" names when the parse took the name for something else ("according to show
    insiders", "show" a verb): the last noun of the phrase."""
    to = next((c for c in according.children if c.lower_ == "to"), None)
    nouns = [t for t in to.subtree if t.pos_ in {"NOUN", "PROPN"}] if to is not None else []
    return nouns[-1] if nouns else None


def _share_of_people(verb: Token) -> Token | None:
    """A poll's share of respondents as the verb's subject: "63 percent said ...", "Twelve percent
    indicated ..." (a percentage, which is otherwise no speaker)."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    share = subj is not None and subj.ent_type_ == "PERCENT" and subj.lower_ in {"percent", "%"}
    return subj if share else None


def _name_before(chunk: Chunk, verb: Token) -> Token | None:
    """A name or personal pronoun right before ``verb`` (adverbs aside), which the parse did not make its
    subject."""
    k = verb.i - 1
    while k >= verb.sent.start and verb.doc[k].pos_ == "ADV":
        k -= 1
    prev = verb.doc[k] if k >= verb.sent.start else None
    if prev is None or chunk.in_quote(chunk.offset + prev.idx):
        return None
    if prev.ent_type_ in {"PERSON", "ORG", "NORP"} or prev.lower_ in {"he", "she", "they"}:
        return prev
    return None


def _named_person(head: Token) -> bool:
    """A common noun that names a person through its appositive or age: "his aunt, Lauri Jones", "the
    26-year-old right wing"."""
    if head.pos_ != "NOUN":
        return False
    for c in head.children:
        if c.dep_ == "appos" and c.ent_type_ == "PERSON":
            return True
        if c.dep_ == "amod" and c.lower_ == "old" and any(g.lower_ == "year" for g in c.subtree):
            return True
    return False


def _nothing_said(verb: Token, subj: Token, first: Token) -> bool:
    """Whether a speech verb reports that nothing was said: "did not say whether ...", "declined to say
    why ..."; or a thing's promise: "the new rules promise to ..."."""
    lemma = verb.lemma_.lower()
    if lemma in COMMISSIVE_VERBS and subj.pos_ == "NOUN" and subj.lemma_.lower() in NON_HUMAN_NOUNS:
        return True
    first = first.doc[first.i + 1] if first.lower_ == "that" and first.i + 1 < len(first.doc) else first
    if first.lower_ not in WH_WORDS:
        return False
    negated = any(c.dep_ == "neg" for c in verb.children)
    declined = verb.dep_ == "xcomp" and (
        verb.head.lemma_.lower() in REFUSAL_VERBS or any(c.dep_ == "neg" for c in verb.head.children)
    )
    return negated or declined
