"""What the scorer knows of a kept candidate: the rule that found it, its cue, its speaker and how it was
found (and, for one found through a pronoun or kept from the quote before, how far back the person was named
and who else was named since), its marks, length and place, where its sentence goes on after it, and the
paragraph it sits in.

Each feature is a number (most in [0, ~5], distances and lengths on a log scale, so that one weight per
feature reads plainly) or a string (one weight per value; a value the model was not trained on counts as
"other"). Nothing here parses again or scans the whole text: the paragraph of the quote, a few offsets and
the people the chunk names, listed once per chunk (``ChunkFacts``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .chunk import Candidate, Chunk
from .coreference import ArticleContext
from .cues import DASHES
from .furniture import has_credit
from .lexicon import PRONOUNS_PLURAL, PRONOUNS_SINGULAR
from .marks import QUOTE_MARKS
from .tokens import PERSON_LABELS

Features = dict[str, float | str]

# a label of capitals before a colon opening the paragraph: "MARKETS:", "READ MORE:", "WATCH:"
CAPS_LABEL_RE = re.compile(r"[\"\u201c]?[A-Z][A-Z0-9&'.\u2019 -]{1,30}:")
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours", "i'm", "i've", "we're"})
# first words of a quote that say what kind of content it is
OPENERS = frozenset(
    {"that", "to", "whether", "if", "how", "what", "why", "the", "a", "he", "she", "they", "it", "we", "i"}
)
_DIGIT_RE = re.compile(r"\d")
# a paragraph this short (in words), with no full stop at its end, reads as a headline, a caption or a link
SHORT_LINE_WORDS = 14
# the end of a sentence, and the start of the next one inside a quote
SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")
SENTENCE_START_RE = re.compile(r"[.!?][\u201d\"'\u2019]?\s+[\u201c\"'\u2018]?[A-Z]")
PRONOUNS = PRONOUNS_SINGULAR | PRONOUNS_PLURAL | {"it"}
PRONOUN_GENDERS = {"he": "m", "she": "f"}
# the dependencies of a verb heading a clause inside another
EMBEDDED_DEPS = frozenset({"xcomp", "advcl", "acl", "relcl", "ccomp", "pcomp"})
# how far back (characters) the people named before a quote compete with its speaker
RIVALS_WINDOW = 600
# log_since_named of a speaker never named before the quote (about a whole chunk away)
NEVER_NAMED = 10.0
# what the words after a quote, in its sentence, open with: a clause or phrase that goes on with the content
CONJUNCTIONS = frozenset({"and", "but", "or", "yet"})
SUBORDINATORS = frozenset(
    {
        "because",
        "when",
        "after",
        "if",
        "while",
        "as",
        "since",
        "before",
        "until",
        "although",
        "though",
        "unless",
        "so",
    }
)
PREPOSITIONS = frozenset(
    {"in", "for", "on", "with", "at", "to", "from", "by", "of", "over", "about", "during", "against"}
)


@dataclass(frozen=True)
class Person:
    """A person named in the narration of a chunk (not in a quote, not in furniture)."""

    at: int
    last: str  # the last word of the name, lower-case
    gender: str | None


@dataclass
class ChunkFacts:
    """What the features of one chunk's candidates share, found once per chunk: how many of its kept
    candidates each speaker has, each paragraph's features, the people its narration names in order."""

    speakers: Counter[str] = field(default_factory=Counter)
    paras: dict[int, dict[str, float]] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)

    @classmethod
    def of(cls, chunk: Chunk, ctx: ArticleContext, cands: Sequence[Candidate] = ()) -> ChunkFacts:
        return cls(speaker_counts(cands), {}, named_people(chunk, ctx))


def cue_type(cand: Candidate) -> str:
    """How the quote is marked as someone's: a verb, a speaker label, "according to", a dash or nothing."""
    cue = cand.cue
    if cue is None:
        return "none"
    if cue.text == ":":
        return "label"
    if cue.text == "according to":
        return "according"
    if cue.text in DASHES or cue.token.text in DASHES:
        return "dash"
    if cue.token.pos_ in {"VERB", "AUX"}:
        return "verb"
    return "noun"


def _log_distance(a: tuple[int, int], b: tuple[int, int]) -> float:
    """log(1 + characters between two spans); 0 when they overlap."""
    gap = max(0, max(a[0], b[0]) - min(a[1], b[1]))
    return round(math.log1p(gap), 3)


def features(chunk: Chunk, ctx: ArticleContext, cand: Candidate, facts: ChunkFacts | None = None) -> Features:
    """The features of one kept candidate; ``facts`` are those of its chunk (``ChunkFacts.of`` with the
    chunk's kept candidates, this one included)."""
    facts = facts if facts is not None else ChunkFacts.of(chunk, ctx)
    text = chunk.text
    quote = text[cand.start : cand.end]
    words = quote.split()
    pi = chunk.para_index(cand.start)
    ps, pe = chunk.paragraphs[pi] if chunk.paragraphs else (0, len(text))
    para = facts.paras.get(pi)
    if para is None:
        para = facts.paras[pi] = paragraph_features(text, ps, pe)
    ctype = cue_type(cand)
    lemma = "none"
    if cand.cue is not None:
        lemma = cand.cue.token.lemma_.lower() if ctype in {"verb", "noun"} else ctype
    f: Features = {
        "kind": cand.kind,
        "cue_type": ctype,
        "cue_lemma": lemma,
        "how": cand.how,
        "kind_how": f"{cand.kind}/{cand.how}",
        "kind_cue": f"{cand.kind}/{ctype}",
        "parenthetical": float(cand.parenthetical),
        "marks_both_ends": float(
            bool(quote) and quote[0] in QUOTE_MARKS and quote.rstrip(" .,;")[-1:] in QUOTE_MARKS
        ),
        "ends_sentence": float(quote.rstrip(" \u201d\"'\u2019)")[-1:] in {".", "!", "?"}),
        "log_words": round(math.log1p(len(words)), 3),
        "first_person": float(any(_first_person(w) for w in words)),
        "has_number": float(_DIGIT_RE.search(quote) is not None),
        "after_that": float(text[max(0, cand.start - 6) : cand.start].rstrip().lower().endswith(" that")),
        "position": round(cand.start / max(1, len(text)), 3),
        "first_paragraph": float(pi == 0),
        **para,
        "whole_paragraph": float(cand.start <= ps + 1 and cand.end >= pe - 1),
        "title_case": round(_capitalised(words), 3),
        "opens_with": _opening(words),
        "quote_sentences": float(min(4, len(SENTENCE_START_RE.findall(quote)))),
        **sentence_around(text, cand, ps, pe),
    }
    span = chunk.tokens(cand.start, cand.end)
    if span is not None and len(span):
        # reported content is a clause: "attacked [the USS Cole]" or "defended [the remark]" is an object
        f["root_pos"] = span.root.pos_
        f["has_verb"] = float(any(t.pos_ in {"VERB", "AUX"} for t in span))
    if cand.cue is not None:
        cue_at = cand.cue.offset + cand.cue.token.idx
        f["log_cue_distance"] = _log_distance((cue_at, cue_at + len(cand.cue.token)), (cand.start, cand.end))
        verb = cand.cue.token
        # "did not say", and a cue inside a clause of its own ("declined to say", "who said", "when he said")
        f["cue_negated"] = float(any(c.dep_ == "neg" for c in verb.children))
        f["cue_embedded"] = float(verb.dep_ in EMBEDDED_DEPS)
        sent = verb.sent
        a, b = cand.cue.offset + sent.start_char, cand.cue.offset + sent.end_char
        # a sentence naming several people may give the quote to the wrong one
        f["log_sentence_people"] = round(math.log1p(len({p.last for p in facts.people if a <= p.at < b})), 3)
    sp = cand.speaker
    f["speaker_kind"] = sp.kind if sp is not None else "none"
    if sp is not None:
        name_words = sp.name.split()
        f["has_speaker"] = 1.0
        f["speaker_words"] = float(min(len(name_words), 4))
        f["speaker_caps"] = float(sp.name.isupper() and len(sp.name) > 1)
        f["speaker_lower"] = float(sp.name[:1].islower())  # "rampant xenophobe", "new emissions rules"
        f["speaker_kind_how"] = f"{sp.kind}/{cand.how}"
        if sp.start is not None and sp.end is not None:
            f["log_speaker_distance"] = _log_distance((sp.start, sp.end), (cand.start, cand.end))
            f["speaker_inside"] = float(cand.start <= sp.start < cand.end)
        last = name_words[-1].lower() if name_words else ""
        f["log_name_mentions"] = round(math.log1p(_mentions(ctx, last)), 3)
        f["log_speaker_quotes"] = round(math.log1p(max(0, facts.speakers[sp.name] - 1)), 3)
        mention = sp.mention.lower()
        # "the mayor" resolved to a name: the mention shares no word with the name it was given
        f["renamed"] = float(
            mention not in PRONOUNS and not set(mention.split()) & {w.lower() for w in name_words}
        )
        f["speaker_in_quote"] = float(bool(last) and last in quote.lower())  # "Smith is wrong," Smith said?
        if cand.how == "pronoun":
            f["pronoun"] = mention
        f.update(_antecedent_features(ctx, cand, facts.people, last))
    return f


def _antecedent_features(
    ctx: ArticleContext, cand: Candidate, people: Sequence[Person], last: str
) -> Features:
    """For a speaker found through "he"/"she", or kept from the quote or the paragraph before: whether the
    text gives the person the pronoun's gender, how long ago the person was named, whether the last person
    named before the quote is this one, how many others of its gender (or of none known) came just before."""
    sp = cand.speaker
    assert sp is not None
    f: Features = {}
    before = [p for p in people if cand.start - RIVALS_WINDOW <= p.at < cand.start]
    want = PRONOUN_GENDERS.get(sp.mention.lower())
    if want is not None:
        known = ctx.genders.get(sp.name)
        f["gender_agrees"] = "unknown" if known is None else "yes" if known == want else "no"
        rivals = {p.last for p in before if p.last != last and p.gender in {want, None}}
        f["log_same_gender_rivals"] = round(math.log1p(len(rivals)), 3)
    if cand.how in {"pronoun", "continuation", "paragraph"}:
        named = [p.at for p in people if p.last == last and p.at < cand.start]
        f["log_since_named"] = round(math.log1p(cand.start - named[-1]), 3) if named else NEVER_NAMED
        f["nearest_person"] = float(bool(before) and before[-1].last == last)
    return f


def sentence_around(text: str, cand: Candidate, ps: int, pe: int) -> Features:
    """Where the quote's sentence (within its paragraph [ps, pe)) goes on: the words before the quote, the
    words after it, and what those open with. Reported content cut short ("said [the plan would fail] because
    ...") or started late goes on past the quote."""
    rest = text[cand.end : pe]
    end = SENTENCE_END_RE.search(rest)
    tail = rest[: end.start()] if end else rest
    lead = text[ps : cand.start]
    starts = [m.end() for m in SENTENCE_END_RE.finditer(lead)]
    lead = lead[starts[-1] :] if starts else lead
    return {
        "log_tail_words": round(math.log1p(len(tail.split())), 3),
        "tail_opens": _tail_opens(tail, cand),
        "log_lead_words": round(math.log1p(len(lead.split())), 3),
    }


def _tail_opens(tail: str, cand: Candidate) -> str:
    words = tail.split()
    if not words:
        return "none"
    end = cand.end + len(tail)
    cue_at = cand.cue.offset + cand.cue.token.idx if cand.cue is not None else -1
    sp_at = cand.speaker.start if cand.speaker is not None and cand.speaker.start is not None else -1
    if cand.end <= cue_at < end or cand.end <= sp_at < end:
        return "cue"  # “...,” she said.
    if tail.lstrip()[:1] == ",":
        return "comma"
    first = words[0].lower().strip(",;:\u201d\"'")
    if first in CONJUNCTIONS:
        return "conjunction"
    if first in SUBORDINATORS:
        return "subordinate"
    if first in PREPOSITIONS:
        return "preposition"
    return "other"


def named_people(chunk: Chunk, ctx: ArticleContext) -> list[Person]:
    """The people the chunk's narration names, in order, with the gender the text gives them."""
    out = []
    for ent in chunk.doc.ents:
        at = chunk.offset + ent.start_char
        if ent.label_ not in PERSON_LABELS or chunk.in_quote(at) or chunk.in_furniture(at):
            continue
        words = [t.text for t in ent]
        out.append(Person(at, words[-1].lower(), ctx.genders.get(ctx.names.canonical(words) or "")))
    return out


def paragraph_features(text: str, ps: int, pe: int) -> dict[str, float]:
    """What the paragraph [ps, pe) of ``text`` looks like: a headline, link or caption line is short and
    has no full stop; a label of capitals opens it; a photo credit ends or opens it."""
    para = text[ps:pe]
    words = len(para.split())
    return {
        "para_log_words": round(math.log1p(words), 3),
        "short_line": float(words <= SHORT_LINE_WORDS and para[-1:] not in {".", "\u201d", '"'}),
        "caps_label": float(CAPS_LABEL_RE.match(para) is not None),
        "credit": float(has_credit(para)),  # the furniture stage's own test of a photo caption
    }


def _first_person(word: str) -> bool:
    w = word.strip(".,;:!?\"'()\u201c\u201d\u2018\u2019")
    return w.lower() in FIRST_PERSON and (w == "I" or not w.isupper())  # "US" is no "us"


def _opening(words: Sequence[str]) -> str:
    """The word a quote opens with, where it tells what follows: "that", "to", "whether" ..."""
    first = words[0].lower().strip("\"'\u201c\u2018(") if words else ""
    if first in OPENERS:
        return first
    return "capital" if words and words[0].lstrip("\"'\u201c\u2018(")[:1].isupper() else "other"


def _capitalised(words: Sequence[str]) -> float:
    """Share of the words that start with a capital: a headline ("Police Outline The Scheme") is high."""
    long = [w for w in words if len(w) > 3]
    if not long:
        return 0.0
    return sum(1 for w in long if w.lstrip("\"'\u201c\u2018(")[:1].isupper()) / len(long)


def _mentions(ctx: ArticleContext, last: str) -> int:
    """How often the article so far names a person with this word (a speaker introduced and named again)."""
    if not last:
        return 0
    return sum(n for form, n in ctx.names.forms.items() if last in (w.lower() for w in form))


def speaker_counts(cands: Sequence[Candidate]) -> Counter[str]:
    return Counter(c.speaker.name for c in cands if c.speaker is not None)
