"""Transcripts and speaker labels: paragraphs opening with "WALLACE: ..." or "Rush Limbaugh: ...", and the
turns of a quoted transcript running over several paragraphs."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span

from .chunk import Candidate, Chunk, Cue
from .coreference import ArticleContext
from .lexicon import LABEL_STOP, is_person_noun, word_set
from .marks import QUOTE_MARKS, QuoteSpan
from .spans import TRIM

# a paragraph opening with a speaker label: transcripts ("WALLACE: ...") and headlines
LABEL_RE = re.compile(r"[\"\u201c]?([A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){0,3}):[ \u00a0]+(\S)")
# a writer's sign-off at the end of an article: "Follow Jane Doe on Twitter @janedoe"
SIGN_OFF_RE = re.compile(
    r"(?:Follow|Contact|Reach|Email)\b.{0,60}\b(?:on Twitter|on Facebook|on Instagram|at @)"
)
_TURN_STRIP = "".join(QUOTE_MARKS | TRIM)
# who speaks in a transcript without a name: "HOST:", "AUDIENCE MEMBER:", "UNIDENTIFIED MALE:"
TRANSCRIPT_ROLES = word_set("""
    host guest moderator interviewer interviewee reporter question answer q a caller anchor panelist panellist
    audience member speaker male female voice crowd protester protesters narrator announcer correspondent
    judge witness prosecutor defendant counsel lawyer senator president candidate participant unidentified
    """)


def label_cue(chunk: Chunk, ps: int, pe: int, ctx: ArticleContext | None = None) -> Cue | None:
    """The speaker label opening the paragraph [ps, pe) ("WALLACE: ...", "Rush Limbaugh: ..."), as a cue.
    The label must name someone: an entity, or in capitals a speaker (see ``speaker_label``)."""
    m = LABEL_RE.match(chunk.text, ps, pe)
    if m is None or m.group(1).split()[0] in LABEL_STOP or chunk.in_furniture(ps):
        return None
    label = chunk.tokens(m.start(1), m.end(1))
    if label is None or not len(label) or chunk.offset + label.end_char > m.end(1) + 1:
        return None
    if _shouting(m):
        if not speaker_label(chunk, ctx, m.group(1), label):
            return None
    elif not any(t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for t in label):
        return None
    return Cue(label[-1], chunk.offset, label[-1], ":")


def _shouting(label: re.Match[str]) -> bool:
    """A label in capitals ("WALLACE:") opens a transcript turn, spoken word for word."""
    return label.group(1).isupper() and len(label.group(1)) > 2


def speaker_label(chunk: Chunk, ctx: ArticleContext | None, label: str, tokens: Span) -> bool:
    """Whether a label in capitals names who speaks, not a section ("ENERGY:", "KEEPING SCORE:"): a role
    ("HOST", "AUDIENCE MEMBER"), a name (tagged a person, or the surname of a person the article names:
    "PENCE" for Mike Pence), or a label that recurs, turn after turn."""
    words = label.replace("\u2019", "'").split()
    last = words[-1].lower()
    if last in TRANSCRIPT_ROLES or is_person_noun(last.rstrip(".")):
        return True
    if any(t.ent_type_ == "PERSON" for t in tokens):
        return True
    if ctx is not None and any(words[-1].title() in form for form in ctx.names.forms):
        return True
    return _label_count(chunk, label) > 1


def _label_count(chunk: Chunk, label: str) -> int:
    """How many paragraphs of the article open with this label (a quoted turn included)."""
    n = 0
    for ps, pe in chunk.paragraphs:
        m = LABEL_RE.match(chunk.text, ps, pe)
        n += m is not None and m.group(1) == label
    return n


def split_turns(chunk: Chunk, ctx: ArticleContext, cand: Candidate, qs: QuoteSpan) -> list[Candidate]:
    """A quote running over several paragraphs (the news convention) is a quote per paragraph, all of its
    cue: annotators mark them so. In a quoted transcript a paragraph opening with a speaker label
    ("“PENCE: ...") starts a turn that the next unlabelled paragraphs continue; one wholly in parentheses
    ("(CROSSTALK)") is a stage direction."""
    paras = chunk.paragraphs[chunk.para_index(qs.start) : chunk.para_index(qs.end - 1) + 1]
    out = []
    turn: Cue | None = None
    for ps, pe in paras:
        a, b = max(ps, qs.start), min(pe, qs.end)
        inner = chunk.text[a:b].strip(_TURN_STRIP)
        stage = inner.startswith("(") and inner.endswith(")")
        if not any(ch.isalnum() for ch in inner) or stage or SIGN_OFF_RE.match(inner):
            continue
        piece = Candidate(a, b, cand.kind, cand.cue, cand.speaker, cand.how)
        turn = label_cue(chunk, ps, pe, ctx) or turn
        if turn is not None:
            piece.cue, piece.speaker, piece.how = turn, None, "none"
            ctx.attach(piece)
        out.append(piece)
    return out


def label_candidates(
    chunk: Chunk, ctx: ArticleContext, directs: list[Candidate]
) -> tuple[list[Candidate], list[Candidate]]:
    """Paragraphs opening with a speaker label: transcripts ("WALLACE: Let's start") and headlines
    ("Rush Limbaugh: Clinton Is Afraid").

    Returns the direct quotes, a wholly quoted turn ("“WALLACE: ...”") given its label as cue, and the
    new quotes of unquoted labelled paragraphs.
    """
    directs = list(directs)
    out = []
    by_start = {d.start: k for k, d in enumerate(directs)}
    for ps, pe in chunk.paragraphs:
        cue = label_cue(chunk, ps, pe, ctx)
        if cue is None:
            continue
        m = LABEL_RE.match(chunk.text, ps, pe)
        k = by_start.get(ps)
        if k is not None and directs[k].cue is None:  # "“WALLACE: ...”" - the whole turn is quoted
            turn = directs[k] = replace(directs[k], cue=cue)
            ctx.attach(turn)
            continue
        start, end = m.start(2), pe
        while end > start and chunk.text[end - 1] in TRIM:
            end -= 1
        if any(s < end and start < e for s, e in ((d.start, d.end) for d in directs)) or end - start < 8:
            continue
        cand = Candidate(start, end, "direct" if _shouting(m) else "indirect", cue)
        ctx.attach(cand)
        if cand.speaker is not None:
            out.append(cand)
    return directs, out
