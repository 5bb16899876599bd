"""Speaker mentions: noun-phrase span, kind, anonymity, canonical names and antecedent resolution."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import numpy
from spacy import parts_of_speech
from spacy.attrs import POS
from spacy.tokens import Doc, Token

from .lexicon import (
    NON_HUMAN_NOUNS,
    ORG_NOUNS,
    PRONOUNS_PLURAL,
    PRONOUNS_SINGULAR,
    anonymity_phrases,
    is_person_noun,
)
from .names import (
    PERSON_LABELS,
    QUOTE_CHARS,
    NameIndex,
    clean_name_words,
    entity_of,
    glued_words,
    join_words,
    person_genders,
    proper_name,
    words_gender,
)
from .types import Speaker

# children whose subtrees are cut from a speaker's noun phrase (kept apart as role / anonymity reason)
CUT_DEPS = {"relcl", "appos", "acl", "punct", "advcl", "parataxis", "cc", "conj"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "sir", "madam"}
DETERMINERS = {"the", "this", "that", "these", "those"}
ORG_LABELS = {"ORG", "GPE", "FAC"}
_NOUN_POS = numpy.array([parts_of_speech.NOUN, parts_of_speech.PROPN], dtype="uint64")


def tokens_with_pos(doc: Doc, pos: numpy.ndarray) -> Iterator[Token]:
    """The tokens whose part of speech is in ``pos``, chosen from the Doc's array, not token by token."""
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(POS), pos)).tolist():
        yield doc[i]


def is_quote_mark(tok: Token) -> bool:
    return tok.text in QUOTE_CHARS or all(c in QUOTE_CHARS for c in tok.text)


def is_nominal(tok: Token) -> bool:
    if is_quote_mark(tok) or tok.is_punct or tok.is_space:
        return False
    return tok.pos_ in {"NOUN", "PROPN", "PRON", "NUM", "X"} or tok.ent_type_ in PERSON_LABELS | ORG_LABELS


def mention_tokens(head: Token) -> tuple[int, int]:
    """Token range [i, j) of the noun phrase headed by ``head``, without relative clauses/appositives."""
    cut: set[int] = set()
    for child in head.children:
        dep = child.dep_
        glued = child.is_punct and not child.whitespace_ and child.i > 0 and not child.nbor(-1).whitespace_
        after_break = child.i > head.i and child.nbor(-1).text in {",", "(", "\u2014", "\u2013"}
        if (dep in CUT_DEPS and not glued) or is_quote_mark(child) or (dep == "prep" and after_break):
            cut.update(t.i for t in child.subtree)
    keep = {t.i for t in head.subtree} - cut
    doc = head.doc
    i = head.i
    while i - 1 in keep and not is_quote_mark(doc[i - 1]):
        i -= 1
    j = head.i + 1
    while j in keep and not is_quote_mark(doc[j]):
        j += 1
    while i < head.i and (doc[i].is_punct or doc[i].is_space or doc[i].dep_ == "cc"):
        i += 1
    while j - 1 > head.i and (
        doc[j - 1].is_punct or doc[j - 1].is_space or doc[j - 1].dep_ in {"cc", "case"}
    ):
        j -= 1
    return i, j


@dataclass
class Referent:
    start: int  # global char offsets of the mention
    end: int
    head_lemma: str
    mention: str
    name: str
    kind: str
    plural: bool
    subject: bool
    anonymity_reason: str | None = None
    role: str | None = None
    definite: bool = False
    extra_heads: set[str] = field(default_factory=set)
    gender: str | None = None  # "m" | "f" when the text tells


@dataclass(eq=False)
class _Slot:
    """A noun phrase that may later be an antecedent. Its Referent is built only when a lookup reaches it:
    most nouns of an article are never asked about, and building a mention is the costly part."""

    key: int  # global offset of the phrase's left edge: the order of the article's mentions
    head: Token | None
    offset: int
    lemma: str
    plural: bool
    subject: bool
    kind: str
    ref: Referent | None = None
    built: bool = False


class ArticleContext:
    """Article-wide knowledge used to resolve speakers: people's names and earlier mentions."""

    def __init__(
        self,
        docs: list[tuple[int, Doc]],
        excluded: list[tuple[int, int]],
        text: str,
        names: NameIndex | None = None,
        prior: list[Referent] | None = None,
    ) -> None:
        self.text = text  # the original text (the docs may hold a copy with normalised quotation marks)
        self.names = names if names is not None else NameIndex()  # shared by the chunks of a long text
        self._excluded = sorted(excluded)
        self._memo: dict[int, Referent | None] = {}
        self._anonymity_phrases: dict[int, tuple[list[int], list[tuple[int, int, str]]]] = {}
        for offset, doc in docs:
            for ent in doc.ents:
                if ent.label_ in PERSON_LABELS and not self._in_excluded(offset + ent.start_char):
                    self.names.add(glued_words(ent), offset + ent.start_char, proper_name(ent))
        # mentions carried over from the previous chunk come first
        slots = [
            _Slot(r.start, None, 0, r.head_lemma, r.plural, r.subject, r.kind, r, True) for r in prior or []
        ]
        for offset, doc in docs:
            for tok in tokens_with_pos(doc, _NOUN_POS):
                if tok.dep_ in {"compound", "poss", "amod", "npadvmod"}:
                    continue
                if self._in_excluded(offset + tok.idx):
                    continue
                lemma = tok.lemma_.lower()
                plural = tok.tag_ in {"NNS", "NNPS"}
                person = self._person_of(tok)
                slot = _Slot(
                    offset + tok.left_edge.idx,
                    tok,
                    offset,
                    lemma,
                    plural,
                    tok.dep_ in {"nsubj", "nsubjpass"},
                    "person" if person is not None else _plain_kind(tok, lemma, plural),
                )
                if person is not None:  # people are few and all needed now, for their genders
                    self._build(slot, person)
                slots.append(slot)
        slots.sort(key=lambda s: s.key)
        self._slots = slots
        self._keys = [s.key for s in slots]
        people = [s.ref for s in slots if s.kind == "person" and s.ref is not None]
        self.genders = person_genders(docs, people)
        for ref in people:
            if ref.gender is None:
                ref.gender = self.genders.get(ref.name)

    def _build(self, slot: _Slot, person: tuple[str, Token | None] | None = None) -> Referent | None:
        if not slot.built:
            assert slot.head is not None
            slot.ref = self._make_referent(slot.head, slot.offset, person)
            if slot.ref is not None:
                slot.ref.gender = words_gender(slot.ref.mention.split())
            slot.built = True
        return slot.ref

    def _ref(self, slot: _Slot, before: int) -> Referent | None:
        """The slot's referent, if its mention starts before ``before``."""
        ref = self._build(slot)
        return ref if ref is not None and ref.start < before else None

    def tail(self, n: int) -> list[Referent]:
        """The last ``n`` mentions, descriptions resolved, for the next chunk of a long text."""
        refs: list[Referent] = []
        for slot in reversed(self._slots):
            if len(refs) == n:
                break
            if (ref := self._build(slot)) is not None:
                refs.append(ref)
        return self.settled(refs[::-1])

    def _anonymity_reason(self, head: Token) -> str | None:
        """Phrase explaining why a speaker is not named, from the mention on to the end of its sentence."""
        doc = head.doc
        found = self._anonymity_phrases.get(id(doc))
        if found is None:
            # once per doc, not per mention: finding a token's sentence and searching it is costly
            phrases = anonymity_phrases(doc.text)
            sent_ends = [sent.end_char for sent in doc.sents] if phrases else []
            found = self._anonymity_phrases[id(doc)] = (sent_ends, phrases)
        sent_ends, phrases = found
        if not phrases:
            return None
        k = bisect.bisect_right(sent_ends, head.idx)
        sent_end = sent_ends[k] if k < len(sent_ends) else len(doc.text)
        i = bisect.bisect_left(phrases, (head.idx,))  # the first phrase from the mention on
        if i == len(phrases) or phrases[i][1] > sent_end:
            return None
        return phrases[i][2].strip(" ,.;") or None

    def _in_excluded(self, pos: int) -> bool:
        i = bisect.bisect_right(self._excluded, (pos, float("inf"))) - 1
        return i >= 0 and self._excluded[i][0] <= pos < self._excluded[i][1]

    # -- building speakers -------------------------------------------------------------------------------
    def _person_name(self, head: Token) -> str | None:
        if head.ent_type_ in PERSON_LABELS:
            ent = entity_of(head)
            if ent is not None:
                words = glued_words(ent)
                return self.names.canonical(words) or join_words(clean_name_words(words))
        if head.pos_ == "PROPN" and not head.ent_type_ and self.names.knows(head.text):
            words = [t.text for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [head.text]
            return self.names.canonical(words)
        return None

    def _person_of(self, head: Token) -> tuple[str, Token | None] | None:
        """The person a noun phrase names, and the appositive that names them if the head does not."""
        person = self._person_name(head)
        if person is not None:
            return person, None
        # "the White House spokesman, Josh Earnest" / "Josh Earnest, the White House spokesman"
        for child in head.children:
            if child.dep_ == "appos" and (p := self._person_name(child)):
                return p, child
        return None

    def _make_referent(
        self, head: Token, offset: int, person: tuple[str, Token | None] | None | bool = False
    ) -> Referent | None:
        i, j = mention_tokens(head)
        doc = head.doc
        span = doc[i:j]
        mention = span.text
        if not mention.strip():
            return None
        start, end = offset + span.start_char, offset + span.end_char
        plural = head.tag_ in {"NNS", "NNPS"}
        subject = head.dep_ in {"nsubj", "nsubjpass"}
        lemma = head.lemma_.lower()
        reason = self._anonymity_reason(head)
        definite = bool(span[0].lower_ in DETERMINERS) and head.pos_ == "NOUN"
        if person is False:
            person = self._person_of(head)
        if person is not None:
            name, appos = person
            role = None
            if appos is not None:
                role = mention
                a, b = mention_tokens(appos)
                mention, start, end = doc[a:b].text, offset + doc[a].idx, offset + doc[b - 1].idx
                end += len(doc[b - 1])
            else:
                role = _role_before_name(span, head)
                for child in head.children:
                    if child.dep_ == "appos" and child.pos_ == "NOUN":
                        a, b = mention_tokens(child)
                        role = doc[a:b].text
            ref = Referent(start, end, lemma, mention, name, "person", False, subject, reason, role)
            low_role = (role or "").lower().split()
            if low_role and not set(low_role) & {"vice", "deputy", "former", "assistant", "acting", "ex"}:
                ref.extra_heads.add(low_role[-1])  # "President Macron" ... "the president"
            if head.dep_ == "appos" and head.head.pos_ == "NOUN":
                ref.extra_heads.add(head.head.lemma_.lower())
            return ref
        kind = _plain_kind(head, lemma, plural)
        plural = plural or kind == "group"
        return Referent(
            start,
            end,
            lemma,
            mention,
            mention,
            kind,
            plural,
            subject,
            reason,
            None,
            definite and kind == "anonymous",
        )

    def speaker(self, head: Token, offset: int) -> tuple[Speaker, str] | None:
        """Speaker for a subject token, and how it was found ("direct", "pronoun", "description")."""
        doc = head.doc
        if head.lower_ in {"who", "that", "which"} and head.head.dep_ == "relcl":
            head = head.head.head
        low = head.lower_
        pos = offset + head.idx
        if head.pos_ == "PRON" and (low in PRONOUNS_SINGULAR or low in PRONOUNS_PLURAL):
            gender = {"he": "m", "him": "m", "she": "f", "her": "f"}.get(low)
            ant = self.antecedent(pos, plural=low in PRONOUNS_PLURAL, gender=gender)
            if ant is None:
                word = self.text[pos : pos + len(head)]
                sp = Speaker(word, "unknown", False, word, pos, pos + len(head))
                return sp, "unresolved"
            sp = Speaker(
                ant.name,
                ant.kind,
                ant.kind in {"anonymous", "group"},
                self.text[pos : pos + len(head)],
                pos,
                pos + len(head),
                ant.anonymity_reason,
                ant.role,
            )
            return sp, "pronoun"
        if head.pos_ == "PRON":
            return None
        ref = self._make_referent(head, offset)
        if ref is None:
            return None
        if ref.kind == "unknown" and head.pos_ == "NOUN" and ref.head_lemma not in NON_HUMAN_NOUNS:
            # the unnamed subject of a speech verb is someone: "the keeper said"
            ref.kind = "group" if ref.plural else "anonymous"
            ref.definite = ref.definite or doc[mention_tokens(head)[0]].lower_ in DETERMINERS
        how = "direct"
        if ref.definite or (ref.kind == "anonymous" and doc[mention_tokens(head)[0]].lower_ in DETERMINERS):
            ant = self.description_antecedent(ref)
            if ant is not None:
                ref.name = ant.name
                ref.kind = ant.kind if ant.kind != "unknown" else ref.kind
                ref.anonymity_reason = ref.anonymity_reason or ant.anonymity_reason
                ref.role = ref.role or ant.role
                how = "description"
        sp = Speaker(
            ref.name,
            ref.kind,
            ref.kind in {"anonymous", "group"},
            self.text[ref.start : ref.end],
            ref.start,
            ref.end,
            ref.anonymity_reason,
            ref.role,
        )
        return sp, how

    # -- resolution --------------------------------------------------------------------------------------
    def _before(self, pos: int, window: int = 3000) -> Iterator[_Slot]:
        """Mentions before ``pos``, nearest first, back to ``window`` characters."""
        for k in range(bisect.bisect_left(self._keys, pos) - 1, -1, -1):
            slot = self._slots[k]
            if pos - slot.key > window:
                return
            yield slot

    def antecedent(self, pos: int, plural: bool, gender: str | None = None) -> Referent | None:
        """Most recent compatible referent before ``pos``; subjects first."""
        kinds = {"group", "organization"} if plural else {"person", "anonymous"}
        fallback = None
        for slot in self._before(pos):
            if slot.kind not in kinds or (ref := self._ref(slot, pos)) is None:
                continue
            if gender is not None and ref.gender is not None and ref.gender != gender:
                continue
            if ref.subject:
                return self._resolved(ref)
            if fallback is None:
                fallback = ref
        return self._resolved(fallback) if fallback is not None else None

    def _resolved(self, ref: Referent) -> Referent:
        if ref.definite:
            ant = self.description_antecedent(ref)
            if ant is not None:
                return ant
        return ref

    def description_antecedent(self, ref: Referent) -> Referent | None:
        """Antecedent of a definite description: same head noun, else ("source") the last anonymous person.

        Chains ("a senior official" ... "the official" ... "the official") are followed back iteratively,
        and each description's answer is remembered.
        """
        chain: list[int] = []
        cur: Referent | None = ref
        found: Referent | None = None
        while cur is not None and len(chain) < 200:
            if cur.start in self._memo:
                found = self._memo[cur.start]
                break
            chain.append(cur.start)
            step = self._description_step(cur)
            if step is None or not step.definite:
                found = step
                break
            cur = step
        for start in chain:
            self._memo[start] = found
        return found

    def settled(self, refs: list[Referent]) -> list[Referent]:
        """Copies of ``refs`` with definite descriptions replaced by their antecedents (next chunk)."""
        out = []
        for ref in refs:
            ant = self.description_antecedent(ref) if ref.definite else None
            if ant is not None:
                ref = replace(ref, name=ant.name, kind=ant.kind, definite=False, role=ref.role or ant.role)
                ref.anonymity_reason = ref.anonymity_reason or ant.anonymity_reason
            out.append(ref)
        return out

    def _description_step(self, ref: Referent) -> Referent | None:
        for slot in self._before(ref.start, window=20000):
            same_head = slot.lemma == ref.head_lemma and slot.plural == ref.plural
            if not same_head and slot.kind != "person":  # only people carry extra heads ("the president")
                continue
            cand = self._ref(slot, ref.start)
            if cand is None or cand.start == ref.start:
                continue
            if same_head or ref.head_lemma in cand.extra_heads:
                return cand
        if ref.head_lemma == "source":
            for slot in self._before(ref.start, window=20000):
                if slot.kind == "anonymous" and (cand := self._ref(slot, ref.start)) and not cand.definite:
                    return cand
        return None


def _plain_kind(head: Token, lemma: str, plural: bool) -> str:
    """Kind of a noun phrase that names no person."""
    if head.ent_type_ in ORG_LABELS or (head.pos_ == "NOUN" and lemma in ORG_NOUNS and not plural):
        return "organization"
    if head.ent_type_ == "NORP" or (plural and (is_person_noun(lemma) or head.pos_ == "PROPN")):
        return "group"
    if head.pos_ == "NOUN" and is_person_noun(lemma):
        return "anonymous"
    return "unknown"


def _role_before_name(span, head: Token) -> str | None:
    ent = entity_of(head) if head.ent_type_ in PERSON_LABELS else None
    first = ent.start if ent is not None else head.i
    skip = DETERMINERS | HONORIFICS
    words = [t for t in span if t.i < first and t.lower_.rstrip(".") not in skip and not t.is_punct]
    if not words:
        return None
    return join_words([t.text for t in words])
