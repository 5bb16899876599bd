"""Speaker mentions: noun-phrase span, kind, anonymity, canonical names and antecedent resolution."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from .lexicon import (
    ANONYMITY_RE,
    NON_HUMAN_NOUNS,
    ORG_NOUNS,
    PRONOUNS_PLURAL,
    PRONOUNS_SINGULAR,
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
        self._anonymity_in_text = ANONYMITY_RE.search(text) is not None
        self.names = names if names is not None else NameIndex()  # shared by the chunks of a long text
        self.referents: list[Referent] = list(prior or [])  # mentions carried over from the previous chunk
        self._excluded = sorted(excluded)
        self._memo: dict[int, Referent | None] = {}
        self._anonymity_phrases: dict[int, tuple[list[int], list[tuple[int, int, str]]]] = {}
        for offset, doc in docs:
            for ent in doc.ents:
                if ent.label_ in PERSON_LABELS and not self._in_excluded(offset + ent.start_char):
                    self.names.add(glued_words(ent), offset + ent.start_char, proper_name(ent))
        for offset, doc in docs:
            for tok in doc:
                if tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ not in {"compound", "poss", "amod", "npadvmod"}:
                    if self._in_excluded(offset + tok.idx):
                        continue
                    ref = self._make_referent(tok, offset)
                    if ref is not None:
                        ref.gender = words_gender(ref.mention.split())
                    if ref is not None:
                        self.referents.append(ref)
        self.referents.sort(key=lambda r: r.start)
        self._starts = [r.start for r in self.referents]
        self.genders = person_genders(docs, self)
        for ref in self.referents:
            if ref.gender is None and ref.kind == "person":
                ref.gender = self.genders.get(ref.name)

    def _anonymity_reason(self, head: Token) -> str | None:
        """Phrase explaining why a speaker is not named, from the mention on to the end of its sentence."""
        doc = head.doc
        found = self._anonymity_phrases.get(id(doc))
        if found is None:
            # once per doc, not per mention: finding a token's sentence and searching it is costly
            sent_ends = [sent.end_char for sent in doc.sents]
            phrases = [(m.start(), m.end(), m.group(0)) for m in ANONYMITY_RE.finditer(doc.text)]
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

    def _make_referent(self, head: Token, offset: int) -> Referent | None:
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
        reason = self._anonymity_reason(head) if self._anonymity_in_text else None
        definite = bool(span[0].lower_ in DETERMINERS) and head.pos_ == "NOUN"
        person = self._person_name(head)
        role = None
        # "the White House spokesman, Josh Earnest" / "Josh Earnest, the White House spokesman"
        if person is None:
            for child in head.children:
                if child.dep_ == "appos" and (p := self._person_name(child)):
                    person, role = p, mention
                    a, b = mention_tokens(child)
                    mention, start, end = (
                        doc[a:b].text,
                        offset + doc[a].idx,
                        offset + doc[b - 1].idx + len(doc[b - 1]),
                    )
                    break
        if person is not None:
            if role is None:
                role = _role_before_name(span, head)
                for child in head.children:
                    if child.dep_ == "appos" and child.pos_ == "NOUN":
                        a, b = mention_tokens(child)
                        role = doc[a:b].text
            ref = Referent(start, end, lemma, mention, person, "person", False, subject, reason, role)
            low_role = (role or "").lower().split()
            if low_role and not set(low_role) & {"vice", "deputy", "former", "assistant", "acting", "ex"}:
                ref.extra_heads.add(low_role[-1])  # "President Macron" ... "the president"
            if head.dep_ == "appos" and head.head.pos_ == "NOUN":
                ref.extra_heads.add(head.head.lemma_.lower())
            return ref
        if head.ent_type_ in ORG_LABELS or (head.pos_ == "NOUN" and lemma in ORG_NOUNS and not plural):
            return Referent(start, end, lemma, mention, mention, "organization", plural, subject, reason)
        if head.ent_type_ == "NORP" or (plural and (is_person_noun(lemma) or head.pos_ == "PROPN")):
            return Referent(start, end, lemma, mention, mention, "group", True, subject, reason)
        if head.pos_ == "NOUN" and is_person_noun(lemma):
            return Referent(
                start, end, lemma, mention, mention, "anonymous", False, subject, reason, None, definite
            )
        return Referent(start, end, lemma, mention, mention, "unknown", plural, subject, reason)

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
    def _before(self, pos: int, window: int = 3000):
        for k in range(bisect.bisect_left(self._starts, pos) - 1, -1, -1):
            ref = self.referents[k]
            if pos - ref.start > window:
                return
            yield ref

    def antecedent(self, pos: int, plural: bool, gender: str | None = None) -> Referent | None:
        """Most recent compatible referent before ``pos``; subjects first."""
        kinds = {"group", "organization"} if plural else {"person", "anonymous"}
        fallback = None
        for ref in self._before(pos):
            if ref.kind not in kinds:
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
        for cand in self._before(ref.start, window=20000):
            if cand.start == ref.start:
                continue
            same_head = cand.head_lemma == ref.head_lemma and cand.plural == ref.plural
            if same_head or ref.head_lemma in cand.extra_heads:
                return cand
        if ref.head_lemma == "source":
            for cand in self._before(ref.start, window=20000):
                if cand.kind == "anonymous" and not cand.definite:
                    return cand
        return None


def _role_before_name(span, head: Token) -> str | None:
    ent = entity_of(head) if head.ent_type_ in PERSON_LABELS else None
    first = ent.start if ent is not None else head.i
    skip = DETERMINERS | HONORIFICS
    words = [t for t in span if t.i < first and t.lower_.rstrip(".") not in skip and not t.is_punct]
    if not words:
        return None
    return join_words([t.text for t in words])
