"""Tests on single spaCy tokens, shared by every stage: speech verbs, nominals, quotation marks, "according
to", relative pronouns; and the choice of tokens by part of speech from a Doc's arrays."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import AUX, NOUN, VERB
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from .lexicon import CONVENED, NOMINAL_CONTENT_VERBS, SPEECH_VERBS, WEAK_CUE_VERBS
from .marks import QUOTE_MARKS

PERSON_LABELS = {"PERSON"}
ORG_LABELS = {"ORG", "GPE", "FAC"}
# entities that never speak: "said Tuesday", "three said"
NON_SPEAKER_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
RELATIVE_PRONOUNS = {"who", "that", "which"}
_MARK_CHARS = "".join(QUOTE_MARKS)  # every quotation mark is one character
# the lemmas is_speech_verb may accept ("put" as in "as one critic put it"): any other is no speech verb
_CUE_LEMMAS = SPEECH_VERBS | NOMINAL_CONTENT_VERBS | {"put"}


def tokens_with_pos(
    doc: Doc, pos: numpy.ndarray, words: Iterable[str] = (), lemmas: frozenset[str] | None = None
) -> Iterator[Token]:
    """The tokens whose part of speech is in ``pos`` (spaCy's symbol ids), or whose lower-case form is one
    of ``words``; with ``lemmas``, of the former only those whose lower-case lemma is one of them.

    Chosen from the Doc's arrays, not token by token: most of an article's words are neither.
    """
    lowers = [get_string_id(w) for w in words]
    arr = doc.to_array([POS, LOWER, LEMMA])
    keep = numpy.zeros(len(arr), dtype=bool)
    # a comparison per value: numpy.isin sorts, slower for the two or three values asked for here
    for value in pos.tolist():
        keep |= arr[:, 0] == value
    if lemmas is not None and len(arr):
        # each distinct lemma looked up once
        ids, where = numpy.unique(arr[:, 2], return_inverse=True)
        strings = doc.vocab.strings
        keep &= numpy.array([strings[i].lower() in lemmas for i in ids.tolist()], dtype=bool)[where]
    for value in lowers:
        keep |= arr[:, 1] == value
    yield from map(doc.__getitem__, numpy.flatnonzero(keep).tolist())


def tok_key(tok: Token) -> tuple[int, int]:
    """Identity of a token (spaCy builds a new Token object on each access)."""
    return id(tok.doc), tok.i


def is_quote_mark(tok: Token) -> bool:
    text = tok.text
    return text in QUOTE_MARKS or not text.strip(_MARK_CHARS)


def is_nominal(tok: Token) -> bool:
    if is_quote_mark(tok) or tok.is_punct or tok.is_space:
        return False
    return tok.pos_ in {"NOUN", "PROPN", "PRON", "NUM", "X"} or tok.ent_type_ in PERSON_LABELS | ORG_LABELS


def is_according(tok: Token) -> bool:
    """The "according" of "according to"."""
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"


def relative_antecedent(tok: Token) -> Token:
    """What a relative pronoun stands for ("the minister, who said ..."): the head its clause hangs on."""
    if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def is_speech_verb(tok: Token, weak_ok: bool = True) -> bool:
    """Whether ``tok`` reports speech or writing; ``weak_ok=False`` leaves out the verbs that are a cue only
    beside a direct quote ("continued", "pointed out")."""
    pos = tok.pos  # tested before the lemma: most tokens asked about are no verb
    if pos != VERB and pos != AUX and not (pos == NOUN and tok.lower_ in {"says", "said"}):
        return False
    lemma = tok.lemma_.lower()
    if lemma not in _CUE_LEMMAS:
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
