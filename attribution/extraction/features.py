"""What the scorer knows of a kept candidate: the rule that found it, its cue, its speaker and how it was
found, its marks, length and place, and the paragraph it sits in.

Each feature is a number (most in [0, ~5], distances and lengths on a log scale, so that one weight per
feature reads plainly) or a string (one weight per value; a value the model was not trained on counts as
"other"). Nothing here parses again or scans the whole text: the paragraph of the quote and a few offsets.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from .chunk import Candidate, Chunk
from .coreference import ArticleContext
from .cues import DASHES
from .furniture import has_credit
from .marks import QUOTE_MARKS

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


def features(
    chunk: Chunk,
    ctx: ArticleContext,
    cand: Candidate,
    speakers: Counter[str] | None = None,
    paras: dict[int, dict[str, float]] | None = None,
) -> Features:
    """The features of one kept candidate; ``speakers`` counts the speaker names of the chunk's kept
    candidates (this one included); ``paras`` keeps each paragraph's features for the chunk's other
    candidates (a paragraph can be a long text of many quotes)."""
    text = chunk.text
    quote = text[cand.start : cand.end]
    words = quote.split()
    pi = chunk.para_index(cand.start)
    ps, pe = chunk.paragraphs[pi] if chunk.paragraphs else (0, len(text))
    para = paras.get(pi) if paras is not None else None
    if para is None:
        para = paragraph_features(text, ps, pe)
        if paras is not None:
            paras[pi] = para
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
    }
    span = chunk.tokens(cand.start, cand.end)
    if span is not None and len(span):
        # reported content is a clause: "attacked [the USS Cole]" or "defended [the remark]" is an object
        f["root_pos"] = span.root.pos_
        f["has_verb"] = float(any(t.pos_ in {"VERB", "AUX"} for t in span))
    if cand.cue is not None:
        cue_at = cand.cue.offset + cand.cue.token.idx
        f["log_cue_distance"] = _log_distance((cue_at, cue_at + len(cand.cue.token)), (cand.start, cand.end))
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
        if speakers is not None:
            f["log_speaker_quotes"] = round(math.log1p(max(0, speakers[sp.name] - 1)), 3)
    return f


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
