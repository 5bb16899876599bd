"""The passes that choose among the candidates of the stages, run in order like CoreNLP's sieves.

Each pass takes candidates and returns those it keeps (a folded or continued quote as a new candidate);
none changes a candidate it was given. Some read candidates an earlier pass already left out: that is how
the rules were written and tuned, and each such place says so.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span

from . import direct, reported, transcripts
from .chunk import Candidate, Chunk
from .coreference import ArticleContext
from .cues import colon_subject
from .features import ChunkFacts, Features, features
from .lexicon import NAMING_VERBS, REFLEXIVES, SAY_VERBS
from .scoring import Model, load_model, to_quote
from .spans import TRIM, overlapping
from .terms import naming_participle
from .tokens import is_according, is_speech_verb, tok_key
from .types import Quote, Speaker

# words that may join two quoted fragments of one cue into one quote: “X” and “Y”
CONNECTORS = frozenset({"and", "then", "but", "or", "also", "yet", "\u2014", "-"})
# what goes on with reported content past where the parse ended it: a reason or a condition of what was
# said ("lying when they claim ..."), or a second "that" clause ("..., but that prices would rise")
_GOES_ON_RE = re.compile(r",?[ \u00a0]+(?:because|if|when|(?:and|but)[ \u00a0]+that)[ \u00a0]")
# a second clause joined to what was said ("..., and members are tired", "... “a shock,” and jobs ..."):
# content when it has a subject of its own and reports nothing itself
_AND_CLAUSE_RE = re.compile(r"(?:,|(?<=,[\"\u201d]))[ \u00a0]+and[ \u00a0]+")
_MODIFIERS = frozenset({"det", "amod", "compound", "poss", "nummod"})


def attribute(chunk: Chunk, ctx: ArticleContext, model: Model | None = None) -> list[Quote]:
    """Every quote of one chunk, sorted by start, with the confidence ``model`` (by default the shipped
    one) gives it; a candidate it finds less likely than its threshold is dropped."""
    model = model or load_model()
    out = []
    for cand, feats in scored(chunk, ctx):
        p = model.probability(feats)
        if p >= model.threshold:
            out.append(to_quote(chunk.text, cand, p))
    return out


def scored(chunk: Chunk, ctx: ArticleContext) -> list[tuple[Candidate, Features]]:
    """Every candidate the passes keep in one chunk, sorted by start, with its features for the scorer."""
    timeline = kept_candidates(chunk, ctx)
    facts = ChunkFacts.of(chunk, ctx, timeline)
    return [(c, features(chunk, ctx, c, facts)) for c in timeline]


def kept_candidates(chunk: Chunk, ctx: ArticleContext) -> list[Candidate]:
    """The candidates the passes keep in one chunk, sorted by start.

    The stages run in this order because speakers are resolved as candidates are found and the resolver
    remembers descriptions it has resolved: the direct quotes, then the speaker labels, then reported speech.
    """
    directs = direct.candidates(chunk, ctx)
    directs, labelled = transcripts.label_candidates(chunk, ctx, directs)
    directs += labelled
    indirects = reported.candidates(chunk, ctx, [(d.start, d.end) for d in directs if d.kind == "direct"])
    indirects = [i for i in indirects if not in_furniture(chunk, i) and not names_a_thing(chunk, i)]
    kept_directs, kept_indirects = quotes_inside_reports(directs, indirects)
    outer = outer_reports(indirects)
    kept_indirects = [i for i in kept_indirects if i in outer]
    kept_directs = one_quote_per_clause(kept_directs, indirects)
    kept_directs = fragments_outside_clauses(kept_directs, kept_indirects)
    kept = fold_fragments(chunk.text, kept_directs + kept_indirects)
    kept = [whole_report(chunk, c) for c in sorted(kept, key=lambda c: c.start)]
    return continue_speakers(chunk, kept, ctx)


def whole_report(chunk: Chunk, cand: Candidate) -> Candidate:
    """Reported content the parse ended before a clause that goes on with it (``_GOES_ON_RE``, or a clause
    of its own joined by "and": ``_own_clause``) runs to the end of its sentence, unless its cue or a quote
    comes there."""
    if cand.kind not in {"indirect", "mixed"}:
        return cand
    goes_on = _GOES_ON_RE.match(chunk.text, cand.end) is not None
    joined = None if goes_on or cand.cue is None else _AND_CLAUSE_RE.match(chunk.text, cand.end)
    if not goes_on and joined is None:
        return cand
    span = chunk.tokens(cand.end - 1, cand.end)
    if span is None or not len(span):
        return cand
    sent = span[-1].sent
    end = chunk.offset + sent.end_char
    while end > cand.end and (chunk.text[end - 1] in TRIM or chunk.text[end - 1] in ".!?"):
        end -= 1
    cue_at = cand.cue.offset + cand.cue.token.idx if cand.cue is not None else cand.start
    if cand.end < cue_at < end or "\n" in chunk.text[cand.end : end]:
        return cand
    if overlapping((cand.end, end), chunk.span_bounds):
        return cand  # a quote there is a candidate of its own
    if joined is not None:
        rest = chunk.tokens(joined.end(), end)
        if rest is None or not len(rest) or not _own_clause(chunk, cand, rest):
            return cand
    return replace(cand, end=end)


def _own_clause(chunk: Chunk, cand: Candidate, rest: Span) -> bool:
    """Whether tokens ``rest`` after "and" are a clause with its own subject first, reporting nothing, of a
    cue that says ("said", "noted")."""
    first = rest[0]
    while first.dep_ in _MODIFIERS and rest.start <= first.head.i < rest.end:
        first = first.head  # "the new trucks": the subject is the noun
    if cand.cue.token.lemma_.lower() not in SAY_VERBS or first.dep_ not in {"nsubj", "nsubjpass", "expl"}:
        return False
    if any(is_speech_verb(t, weak_ok=False) or is_according(t) for t in rest):
        return False
    return rest.start <= first.head.i < rest.end


def in_furniture(chunk: Chunk, cand: Candidate) -> bool:
    """A report found in a caption or a link line ("READ MORE: X says ..."): nobody's speech."""
    cue_at = cand.cue.offset + cand.cue.token.idx if cand.cue is not None else cand.start
    return chunk.in_furniture(cand.start) or chunk.in_furniture(cue_at)


def names_a_thing(chunk: Chunk, cand: Candidate) -> bool:
    """“an app called “Tally” that ...”, “a program called Club Days”, “men calling themselves the Guard”:
    a report whose content is the name a participle gives, or a name people give themselves."""
    verb = cand.cue.token
    if naming_participle(verb):
        return True
    if verb.lemma_.lower() not in NAMING_VERBS:
        return False
    deps = {c.dep_: c for c in verb.children}
    if "dobj" in deps:
        return deps["dobj"].lower_ in REFLEXIVES
    # "a campaign last year called Safe Shifts", the participle parsed as a verb: no one calls, a name given
    return "oprd" in deps and not {"nsubj", "nsubjpass"} & deps.keys()


def quotes_inside_reports(
    directs: list[Candidate], indirects: list[Candidate]
) -> tuple[list[Candidate], list[Candidate]]:
    """A report holding quotes: a parenthetical report ("X, he said, Y") holding a fragment gives way to it,
    with every report of its cue; otherwise the report keeps the quotes it holds, except direct quotes of
    a cue of their own.

    Every report is weighed, one an earlier report of its cue made give way included.
    """
    by_bounds = {(d.start, d.end): d for d in directs}  # of two quotes with the same bounds, the last
    direct_bounds = sorted(by_bounds)
    by_cue: dict[tuple[int, int], list[Candidate]] = {}
    for ind in indirects:
        by_cue.setdefault(tok_key(ind.cue.token), []).append(ind)
    gone: set[Candidate] = set()
    for ind in indirects:
        inside = [
            by_bounds[b]
            for b in overlapping((ind.start, ind.end), direct_bounds)
            if b[0] >= ind.start and b[1] <= ind.end
        ]
        if not inside:
            continue
        if ind.parenthetical and any(d.kind == "partial" for d in inside):
            gone.update(by_cue[tok_key(ind.cue.token)])
        else:
            for d in inside:
                if d.kind != "direct" or d.cue is None or tok_key(d.cue.token) == tok_key(ind.cue.token):
                    gone.add(d)
    return [d for d in directs if d not in gone], [i for i in indirects if i not in gone]


def outer_reports(indirects: list[Candidate]) -> set[Candidate]:
    """The reports not nested in the content of another report (a nested one is part of it), but for a
    report in a relative clause, which speaks for itself ("donations, which he said were favors").

    Nesting is weighed among all reports, those the pass before left out included.
    """
    outer = set()
    reach = -1
    for ind in sorted(indirects, key=lambda c: (c.start, -c.end)):
        if ind.end > reach or reported.in_relative_clause(ind):
            outer.add(ind)
        reach = max(reach, ind.end)
    return outer


def one_quote_per_clause(directs: list[Candidate], indirects: list[Candidate]) -> list[Candidate]:
    """Fragments widened to their clause (mixed): one quote per clause, none where reported speech of the
    same cue has it. ``indirects`` are all the reports found, kept or not."""
    taken = {(i.start, i.end) for i in indirects}
    ind_by_cue = {tok_key(i.cue.token): i for i in indirects}
    out = []
    for d in directs:
        if d.kind == "mixed":
            ind = ind_by_cue.get(tok_key(d.cue.token))
            repeated = (d.start, d.end) in taken or (
                ind is not None and ind.start < d.end and d.start < ind.end
            )
            taken.add((d.start, d.end))
            if repeated:
                continue
        out.append(d)
    return out


def fragments_outside_clauses(directs: list[Candidate], indirects: list[Candidate]) -> list[Candidate]:
    """A quoted fragment (partial) inside a kept quote or reported clause is part of it."""
    wide = sorted((c.start, c.end) for c in directs + indirects if c.kind != "partial")
    inside: set[Candidate] = set()
    k, reach = 0, -1
    for d in sorted((d for d in directs if d.kind == "partial"), key=lambda c: c.start):
        while k < len(wide) and wide[k][0] <= d.start:
            reach = max(reach, wide[k][1])
            k += 1
        if reach >= d.end:
            inside.add(d)
    return [d for d in directs if d not in inside]


def fold_fragments(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A quoted fragment that continues a reported clause or another fragment of the same cue in the same
    sentence joins it: "said the water was “safe” but “nobody should swim yet”" is one quote."""
    mixed = {tok_key(c.cue.token): c for c in cands if c.kind == "mixed" and c.cue is not None}
    part_of_mixed = set()
    for d in cands:  # a quote inside a mixed quote of its own cue is part of it
        m = mixed.get(tok_key(d.cue.token)) if d.cue is not None and d.kind != "mixed" else None
        if m is not None and m.start <= d.start and d.end <= m.end:
            part_of_mixed.add(d)
    cands = [c for c in cands if c not in part_of_mixed]
    by_cue: dict[tuple[int, int], list[Candidate]] = {}
    for c in sorted(cands, key=lambda c: c.start):
        if c.kind in {"mixed", "indirect", "partial"} and c.cue is not None:
            by_cue.setdefault(tok_key(c.cue.token), []).append(c)
    folded: dict[Candidate, Candidate] = {}  # a candidate -> the quote it grew into
    joined: set[Candidate] = set()
    for group in by_cue.values():
        first = keep = group[0]
        for c in group[1:]:
            gap = text[keep.end : c.start] if keep.end <= c.start else "."
            cue_at = c.cue.offset + c.cue.token.idx
            joins = (
                "partial" in {keep.kind, c.kind} and len(gap) < 80 and not any(ch in gap for ch in ".!?\n")
            )
            if keep.kind == c.kind == "partial":  # two fragments: only as a list, “X” and “Y”
                joins = joins and set(gap.replace(",", " ").split()) <= CONNECTORS
            if joins and not keep.end <= cue_at < c.start:
                keep = folded[first] = replace(keep, end=c.end, kind="mixed")
                joined.add(c)
            else:
                first = keep = c
    return [folded.get(c, c) for c in cands if c not in joined]


def continue_speakers(
    chunk: Chunk, timeline: list[Candidate], ctx: ArticleContext | None = None
) -> list[Candidate]:
    """A direct quote with no cue is the speaker's of the clause a colon ends right before it (“X is more
    blunt: “...””); else it keeps the speaker of the quote right before it (see ``continues``; furniture
    such as a caption between them not counted), the speaker that quote itself may have kept; with none
    there, a quote opening a paragraph is the person the paragraph before is about ("Chapman admits there
    were deaths.¶“...”")."""
    out = []
    last: Candidate | None = None
    for cand in timeline:
        if cand.cue is None and cand.kind == "direct":
            if ctx is not None and (introduced := colon_speaker(chunk, ctx, cand)) is not None:
                cand = replace(cand, speaker=introduced, how="direct")
            elif last is not None and continues(chunk, ctx, last, cand):
                cand = replace(cand, speaker=last.speaker, how="continuation")
            elif ctx is not None and (person := ctx.paragraph_person(cand.start)) is not None:
                cand = replace(cand, speaker=person, how="paragraph")
        if cand.speaker is not None:
            last = cand
        out.append(cand)
    return out


def colon_speaker(chunk: Chunk, ctx: ArticleContext, cand: Candidate) -> Speaker | None:
    subj = colon_subject(chunk, cand.start)
    got = ctx.speaker(subj, chunk.offset) if subj is not None else None
    return got[0] if got is not None else None


def continues(chunk: Chunk, ctx: ArticleContext | None, last: Candidate, cand: Candidate) -> bool:
    """Whether a cue-less quote goes on with the speaker of the quote ``last`` before it: in the same or the
    next paragraph, or the one after a paragraph of narration that names no one."""
    gap = chunk.content_para(cand.start) - chunk.content_para(last.end)
    if gap <= 1:
        return True
    between = chunk.para_index(cand.start) - 1
    return gap == 2 and ctx is not None and not ctx.names_anyone(*chunk.paragraphs[between])
