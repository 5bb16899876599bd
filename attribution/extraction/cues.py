"""Cue verbs and what they govern: speech-verb tests, speaker heads, reported-content spans."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy import parts_of_speech
from spacy.attrs import LOWER, POS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from .lexicon import (
    CONTENT_NOUN_VERBS,
    CONTENT_NOUNS,
    CONTENT_PREPS,
    GROUP_NOUNS,
    NOMINAL_CONTENT_VERBS,
    NON_HUMAN_NOUNS,
    ORG_NOUNS,
    RELAY_VERBS,
    SPEECH_VERBS,
    TITLES,
    WEAK_CUE_VERBS,
    is_person_noun,
    word_set,
)
from .speakers import is_nominal, is_quote_mark
from .types import Speaker

SENT_END = {".", "!", "?"}
TELL_VERBS = word_set("tell inform remind assure warn convince notify promise show advise")
DASH_NAME_RE = re.compile(
    r"[ \t\u00a0]*[\u2015\u2014\u2013][ \t\u00a0]*([A-Z][\w.'-]*(?:[ \u00a0][A-Z][\w.'-]*){0,4})"
    r"(?=\.?[ \t\u00a0]*(?:\r?\n|$))"
)
# a paragraph opening with a speaker label: transcripts ("WALLACE: ...") and headlines
LABEL_RE = re.compile(r"[\"\u201c]?([A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){0,3}):[ \u00a0]+(\S)")
# a writer's sign-off at the end of an article: "Follow Jane Doe on Twitter @janedoe"
SIGN_OFF_RE = re.compile(
    r"(?:Follow|Contact|Reach|Email)\b.{0,60}\b(?:on Twitter|on Facebook|on Instagram|at @)"
)
# "Word: ..." openings that are not speaker labels
LABEL_STOP = word_set("""
    The Correction CORRECTION Clarification CLARIFICATION Source Sources Update UPDATE Note Editor's Related
    Photo Video Read Watch
""")
CLAIM_NOUNS = word_set("""
    claim assertion allegation statement warning promise pledge insistence argument suggestion prediction
    accusation assurance contention announcement charge admission
""")
# what one "calls" in the sense of convening
CONVENED = word_set("meeting session summit election vote referendum strike conference recess")
# verbs that name their object with the quoted words: "called the plan “a disaster”"
NAMING_VERBS = word_set("call dub label brand term deem")
COMPLEMENT_DEPS = {"ccomp", "dobj", "xcomp", "prep", "attr", "oprd", "acomp", "dative"}
DASHES = {"\u2015", "\u2014", "\u2013", "-", "--"}
NON_SPEAKER_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
NO_RIGHT_SUBJECT = {"tell", "ask", "inform", "remind", "assure", "urge", "advise", "warn", "quote", "cite"}
TRIM = set(",.;:\u2014\u2013-") | {" ", "\n", "\r", "\t", "\u00a0"}


@dataclass
class Cue:
    token: Token
    offset: int
    speaker_head: Token | None
    text: str


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    cue: Cue | None = None
    speaker: Speaker | None = None
    how: str = "none"
    parenthetical: bool = False
    dropped: bool = False


_CUE_POS = numpy.array([parts_of_speech.VERB, parts_of_speech.AUX, parts_of_speech.NOUN], dtype="uint64")
_ACCORDING = get_string_id("according")


def candidate_tokens(doc: Doc) -> Iterator[Token]:
    """The tokens that can be a cue: verbs, nouns ("claim", the mis-tagged "says") and "according".

    Chosen from the Doc's arrays, not token by token: most of an article's words are neither.
    """
    arr = doc.to_array([POS, LOWER])
    keep = numpy.isin(arr[:, 0], _CUE_POS) | (arr[:, 1] == _ACCORDING)
    for i in numpy.flatnonzero(keep).tolist():
        yield doc[i]


def is_speech_verb(tok: Token, weak_ok: bool = True) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ not in {"VERB", "AUX"} and not (tok.pos_ == "NOUN" and tok.lower_ in {"says", "said"}):
        return False
    if lemma == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
        return weak_ok  # "as one critic put it, “...”"
    if lemma == "point" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
        return False
    if lemma == "call" and any(
        c.dep_ == "prt" and c.lower_ in {"in", "up", "off", "back"} for c in tok.children
    ):
        return False  # "called in to a show", "called off the vote": not speech
    if lemma == "call" and any(c.dep_ == "dobj" and c.lemma_.lower() in CONVENED for c in tok.children):
        return False  # "called an emergency meeting": convened
    if lemma in WEAK_CUE_VERBS and not weak_ok:
        return False
    return lemma in SPEECH_VERBS or lemma in NOMINAL_CONTENT_VERBS


def cue_text(tok: Token) -> str:
    if tok.lower_ == "according":
        return "according to"
    prt = [c for c in tok.children if c.dep_ == "prt"]
    return tok.text + (" " + prt[0].text if prt else "")


MINOR_WORDS = word_set("a an and as at but by for from in into is of on or the to with vs")


def looks_like_title(content: str) -> bool:
    """A quoted title or name ("Morning Joe", "The Art of the Deal"): every major word capitalised."""
    if re.search(r"[.!?]\s+\S", content.strip()):
        return False  # two sentences: speech, not a title
    words = [w.strip(".,;:!?\u2026()[]\"'\u2018\u2019\u201c\u201d") for w in content.split()]
    words = [w for w in words if w]
    if not words or len(words) > 8:
        return False
    major = [w for w in words if w.lower() not in MINOR_WORDS]
    return bool(major) and all(w[0].isupper() or w[0].isdigit() for w in major) and words[0][0].isupper()


def fallback_subject(verb: Token, quote: Span) -> Token | None:
    """When the parse gives a cue verb no subject: the nearest name or noun between the quote and the verb,
    else right after the verb ("...,” said Jane Doe")."""
    doc = verb.doc
    between = [
        t
        for t in doc[quote.end : verb.i]
        if t.pos_ in {"PROPN", "NOUN"} and t.ent_type_ not in NON_SPEAKER_ENTS
    ]
    if between:
        people = [t for t in between if t.ent_type_ == "PERSON"]
        return (people or between)[-1]
    for t in doc[verb.i + 1 : verb.i + 6]:
        if t.is_punct:
            break
        if t.pos_ in {"PROPN", "NOUN"} and t.ent_type_ not in NON_SPEAKER_ENTS:
            k = t
            while (
                k.i + 1 < len(doc)
                and doc[k.i + 1].pos_ == t.pos_
                and doc[k.i + 1].dep_ in {"compound", "flat"}
            ):
                k = doc[k.i + 1]
            return k
    return None


SPEAKER_WORDS = (TITLES, ORG_NOUNS, NON_HUMAN_NOUNS, GROUP_NOUNS)


def speaker_like(head: Token) -> bool:
    """Whether a cue's subject can be someone who speaks: a name, a pronoun, a person, an institution or a
    document; not "the plan", "new rules" or "brain cancer"."""
    if head.lower_ in {"who", "that", "which"} and head.head.dep_ == "relcl":
        head = head.head.head
    if head.pos_ != "NOUN" or head.ent_type_:
        return True
    lemma = head.lemma_.lower()
    if len(lemma) > 5 and lemma.endswith(("or", "ant", "ist")):
        return True  # agent nouns: "the moderator", "applicants", "a columnist"
    return is_person_noun(lemma) or any(lemma in words for words in SPEAKER_WORDS)


def tok_key(tok: Token) -> tuple[int, int]:
    """Identity of a token (spaCy builds a new Token object on each access)."""
    return id(tok.doc), tok.i


def overlapping(bounds: tuple[int, int], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans (sorted, not overlapping each other) that overlap ``bounds``."""
    k = bisect.bisect_left(spans, (bounds[0], bounds[0]))
    if k > 0 and spans[k - 1][1] > bounds[0]:
        k -= 1
    out = []
    while k < len(spans) and spans[k][0] < bounds[1]:
        if spans[k][1] > bounds[0]:
            out.append(spans[k])
        k += 1
    return out


def covered(bounds: tuple[int, int], spans: list[tuple[int, int]]) -> int:
    return sum(min(bounds[1], e) - max(bounds[0], s) for s, e in overlapping(bounds, spans))


def speaker_head(v: Token, depth: int = 0, quoted=None) -> Token | None:
    """The token naming who performs speech verb ``v`` (its subject, or the quoted person for "quoted")."""
    if v.lower_ == "according":
        to = next((c for c in v.children if c.lower_ == "to"), None)
        if to is not None:
            return next((c for c in to.children if c.dep_ == "pobj" and is_nominal(c)), None)
        return None
    lemma = v.lemma_.lower()

    def ok(c: Token) -> bool:
        if c.ent_type_ in NON_SPEAKER_ENTS:
            return False
        return is_nominal(c) and not (quoted is not None and quoted(c))

    def person_like(c: Token) -> bool:
        return c.ent_type_ == "PERSON" or c.pos_ in {"PROPN", "PRON"} or is_person_noun(c.lemma_)

    subj = next((c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"} and ok(c)), None)
    if lemma in RELAY_VERBS:
        obj = next((c for c in v.children if c.dep_ == "dobj" and ok(c)), None)
        if subj is not None and subj.dep_ == "nsubjpass":
            return subj  # "X was quoted as saying"
        if obj is not None and (lemma == "quote" or person_like(obj)):
            return obj  # "the paper quoted the operator": the operator spoke
    if subj is not None:
        return subj
    if lemma not in NO_RIGHT_SUBJECT:
        for c in v.rights:
            if c.i > v.i + 6:
                break
            if c.ent_type_ in NON_SPEAKER_ENTS:
                continue
            if c.dep_ in {"dobj", "attr", "npadvmod", "nsubj", "appos", "oprd", "dep"} and ok(c):
                if c.pos_ == "PRON" and c.lower_ not in {"he", "she", "they"}:
                    continue
                return c
    if depth < 3 and v.head.i != v.i:
        if v.dep_ == "relcl" and is_nominal(v.head):
            return v.head
        if v.dep_ in {"conj", "xcomp", "advcl", "acl", "ccomp", "pcomp"}:
            head = v.head
            if v.dep_ == "acl" and (head.ent_type_ == "PERSON" or head.pos_ == "PROPN"):
                return head
            if v.dep_ == "acl" and head.head.i != head.i:
                head = head.head  # "issued a statement saying"
            if v.dep_ == "pcomp":
                head = head.head
            return speaker_head(head, depth + 1, quoted) if head.pos_ in {"VERB", "AUX"} else None
    return None


def content_tokens(v: Token) -> tuple[int, int, bool] | None:
    lemma = v.lemma_.lower()
    ccomps = [c for c in v.children if c.dep_ == "ccomp" and not is_quote_mark(c)]
    if not ccomps:  # "tweeted that X was ...", parsed as an adverbial clause
        ccomps = [c for c in v.children if c.dep_ == "advcl" and c.left_edge.lower_ == "that" and c.i > v.i]
    doc = v.doc

    def same_sentence(c: Token) -> bool:
        a, b = (v.i + 1, c.left_edge.i) if c.i > v.i else (c.right_edge.i + 1, v.i)
        return not any(t.text in SENT_END for t in doc[a:b])

    ccomps = [c for c in ccomps if same_sentence(c)]
    if ccomps:
        marked = [c for c in ccomps if any(m.dep_ == "mark" for m in c.children)]
        subj_left = any(c.dep_ in {"nsubj", "nsubjpass"} and c.i < v.i for c in v.children)
        right = [c for c in ccomps if c.i > v.i]
        c = marked[0] if marked else right[-1] if (subj_left and right) else ccomps[0]
        return c.left_edge.i, c.right_edge.i + 1, False
    if lemma in TELL_VERBS:
        # "told a meeting of leaders that ...": the parser often hangs the clause on the object
        for c in v.children:
            if c.dep_ in {"dobj", "dative"}:
                for cc in c.subtree:
                    if cc.dep_ in {"relcl", "acl", "ccomp"} and any(
                        m.dep_ == "mark" and m.lower_ == "that" and m.i == cc.left_edge.i for m in cc.children
                    ):
                        return cc.left_edge.i, cc.right_edge.i + 1, False
    for c in v.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in CONTENT_NOUNS and lemma in CONTENT_NOUN_VERBS | {"say"}:
            for cc in c.children:
                if cc.dep_ in {"acl", "ccomp", "relcl"} and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in cc.children
                ):
                    return cc.left_edge.i, cc.right_edge.i + 1, False
    if lemma == "describe":
        obj = next((c for c in v.children if c.dep_ == "dobj"), None)
        as_ = next((c for c in v.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        if obj is not None and as_ is not None:
            return obj.left_edge.i, as_.right_edge.i + 1, False
    if lemma in NOMINAL_CONTENT_VERBS:
        # "urged Republicans to act", "called for a recount", "criticized the law as unfair"
        parts = [
            c
            for c in v.rights
            if c.dep_ in {"dobj", "xcomp", "oprd", "dative"}
            or (c.dep_ == "prep" and c.lower_ in CONTENT_PREPS)
            or (c.dep_ == "prt" and c.lower_ == "for")
        ]
        if parts:
            a, b = parts[0].left_edge.i, parts[-1].right_edge.i + 1
            if parts[0].dep_ == "prt" or (parts[0].dep_ == "prep" and parts[0].lower_ == "for"):
                a = parts[0].i + 1  # "called for X": X
            if b - a >= 2:
                return a, b, False
    deps = {c.dep_ for c in v.children}
    if v.dep_ == "parataxis" and "nsubj" in deps and not deps & {"dobj", "ccomp", "xcomp"}:
        head = v.head  # "X, he explained, Y": the content is the clause around the cue
        return head.left_edge.i, head.right_edge.i + 1, True
    return None


def claim_noun(tok: Token) -> tuple[Token, Token] | None:
    """(owner, clause) for a reporting noun with a possessor and a that-clause: "Trump's claim that ..."."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in CLAIM_NOUNS:
        return None
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ not in {"its", "their"}), None)
    if owner is None:
        return None
    for c in tok.children:
        marked = any(m.dep_ == "mark" for m in c.children)
        if c.dep_ in {"acl", "ccomp", "relcl"} and c.i > tok.i and c.left_edge.lower_ == "that" and marked:
            return owner, c
    return None


def according_content(tok: Token) -> tuple[int, int] | None:
    head = tok.head
    if head.i == tok.i:
        return None
    sent = tok.sent
    a, b = tok.left_edge.i, tok.right_edge.i + 1
    left = (sent.start, a)
    right = (b, sent.end)
    for side in (left, right):  # the side holding the main verb is the content, however long the other
        if side[0] <= sent.root.i < side[1]:
            return side
    return left if left[1] - left[0] > right[1] - right[0] else right
