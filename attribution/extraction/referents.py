"""Mentions of people and institutions: a noun phrase's span, its kind, its name and role, the stated reason
for a speaker's anonymity."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .lexicon import ORG_NOUNS, TITLE_ABBREVIATIONS, anonymity_phrases, is_person_noun
from .names import NameIndex, clean_name_words, entity_of, glued_words, join_words
from .tokens import ORG_LABELS, PERSON_LABELS, is_quote_mark
from .types import SpeakerKind

# children whose subtrees are cut from a speaker's noun phrase (kept apart as role / anonymity reason)
CUT_DEPS = {"relcl", "appos", "acl", "punct", "advcl", "parataxis", "cc", "conj"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "sir", "madam"}
DETERMINERS = {"the", "this", "that", "these", "those"}
# a role like "deputy minister" is not the title the person is later called by ("the minister")
SECONDARY_RANKS = {"vice", "deputy", "former", "assistant", "acting", "ex"}


@dataclass
class Referent:
    start: int  # global char offsets of the mention
    end: int
    head_lemma: str
    mention: str
    name: str
    kind: SpeakerKind
    plural: bool
    subject: bool
    anonymity_reason: str | None = None
    role: str | None = None
    definite: bool = False
    extra_heads: set[str] = field(default_factory=set)
    gender: str | None = None  # "m" | "f" when the text tells


def mention_tokens(head: Token) -> tuple[int, int]:
    """Token range [i, j) of the noun phrase headed by ``head``, without relative clauses/appositives."""
    cut: set[int] = set()
    for child in head.children:
        dep = child.dep_
        # each test only where its dependency asks for it: most children are neither cut nor a "prep"
        if (
            (dep in CUT_DEPS and not _glued(child))
            or is_quote_mark(child)
            or (dep == "prep" and child.i > head.i and child.nbor(-1).text in {",", "(", "\u2014", "\u2013"})
        ):
            cut.update(t.i for t in child.subtree)
    keep = {t.i for t in head.subtree} - cut
    doc = head.doc
    i = head.i
    while i - 1 in keep and not is_quote_mark(doc[i - 1]) and not _breaks(doc[i - 1]):
        i -= 1
    j = head.i + 1
    while j in keep and not is_quote_mark(doc[j]) and not _breaks(doc[j]):
        j += 1
    while i < head.i and (doc[i].is_punct or doc[i].is_space or doc[i].dep_ == "cc"):
        i += 1
    while j - 1 > head.i and (
        doc[j - 1].is_punct or doc[j - 1].is_space or doc[j - 1].dep_ in {"cc", "case"}
    ):
        j -= 1
    return i, j


def _glued(tok: Token) -> bool:
    """Punctuation with no space on either side ("U.S.-based"): part of the words around it."""
    return tok.is_punct and not tok.whitespace_ and tok.i > 0 and not tok.nbor(-1).whitespace_


def _breaks(tok: Token) -> bool:
    """A paragraph break: a mention never runs over one (the parse may glue a headline to the next line)."""
    return tok.is_space and "\n" in tok.text


def plain_kind(head: Token, lemma: str, plural: bool) -> SpeakerKind:
    """Kind of a noun phrase that names no person."""
    if head.ent_type_ in ORG_LABELS or (head.pos_ == "NOUN" and lemma in ORG_NOUNS and not plural):
        return "organization"
    if head.ent_type_ == "NORP" or (plural and (is_person_noun(lemma) or head.pos_ == "PROPN")):
        return "group"
    if plural and head.pos_ == "NOUN" and (lemma in ORG_NOUNS or is_agent_noun(lemma)):
        return "group"  # "Authorities said", "Protestors marched": they who "they" may stand for
    if head.pos_ == "NOUN" and is_person_noun(lemma):
        return "anonymous"
    return "unknown"


def is_agent_noun(lemma: str) -> bool:
    """A noun for someone who does something: "the moderator", "applicants", "a columnist"."""
    return len(lemma) > 5 and lemma.endswith(("or", "ant", "ist"))


def person_name(head: Token, names: NameIndex) -> str | None:
    """The canonical name of the person ``head`` names, if it names one."""
    if head.ent_type_ in PERSON_LABELS:
        ent = entity_of(head)
        if ent is not None:
            words = glued_words(ent)
            return names.canonical(words) or join_words(clean_name_words(words))
    if head.pos_ == "PROPN" and not head.ent_type_ and names.knows(head.text):
        words = [t.text for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [head.text]
        return names.canonical(words)
    if head.pos_ == "PROPN" and head.ent_type_:
        # within an article a surname or first name of a named person is that person, whatever NER says:
        # "economist Priya Raman" ... "Raman said" with "Raman" tagged ORG is still Priya Raman; only an
        # entity made of nothing but that person's name words, so "Raman Industries" stays a company
        ent = entity_of(head)
        if ent is not None and ent.end - 1 == head.i and all(t.pos_ == "PROPN" for t in ent):
            return names.canonical(glued_words(ent))
    return None


def person_of(head: Token, names: NameIndex) -> tuple[str, Token | None] | None:
    """The person a noun phrase names, and the appositive that names them if the head does not."""
    person = person_name(head, names)
    if person is not None:
        return person, None
    # "the White House spokesman, Josh Earnest" / "Josh Earnest, the White House spokesman"; not a name
    # after a relative clause of the head ("the resident, who wrote the comic Grim Harbour: Tom Reyes")
    for child in head.children:
        if child.dep_ == "relcl":
            break
        if child.dep_ == "appos" and (p := person_name(child, names)):
            return p, child
    # a proper noun the tagger missed with a person's role beside it: "Patrice Lindsay, director of ..."
    if head.pos_ == "PROPN" and head.ent_type_ not in {"ORG", "FAC", "NORP"}:
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN" and is_person_noun(child.lemma_):
                words = [t.text for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
                words.append(head.text)
                return names.canonical(words) or join_words(words), None
        # the tagger misses a name after an abbreviated rank: "Harbour Police Sgt. Ivo Marsh"
        compounds = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        ranks = [k for k, t in enumerate(compounds) if t.text in TITLE_ABBREVIATIONS]
        if ranks:
            words = [t.text for t in compounds[ranks[-1] + 1 :]] + [head.text]
            return names.canonical(words) or join_words(words), None
    return None


class AnonymityReasons:
    """The stated reasons for anonymity of one Doc, looked up by the head of a mention.

    The Doc is searched once, on the first lookup, not per mention: finding a token's sentence and searching
    it is costly.
    """

    def __init__(self, doc: Doc, text: str) -> None:
        self.doc = doc
        self.text = text  # the Doc's text (Doc.text would build it again)
        self._found: tuple[list[int], list[tuple[int, int, str]]] | None = None

    def __call__(self, head: Token) -> str | None:
        """Phrase explaining why a speaker is not named, from the mention on to the end of its sentence."""
        doc = self.doc
        if self._found is None:
            phrases = anonymity_phrases(self.text)
            sent_ends = [sent.end_char for sent in doc.sents] if phrases else []
            self._found = (sent_ends, phrases)
        sent_ends, phrases = self._found
        if not phrases:
            return None
        k = bisect.bisect_right(sent_ends, head.idx)
        sent_end = sent_ends[k] if k < len(sent_ends) else len(self.text)
        i = bisect.bisect_left(phrases, (head.idx,))  # the first phrase from the mention on
        if i == len(phrases) or phrases[i][1] > sent_end:
            return None
        return phrases[i][2].strip(" ,.;") or None


def make_referent(
    head: Token, offset: int, person: tuple[str, Token | None] | None, reason: str | None
) -> Referent | None:
    """The mention headed by ``head``: a person when ``person`` (name, naming appositive) is given."""
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
    definite = bool(span[0].lower_ in DETERMINERS) and head.pos_ == "NOUN"
    if person is not None:
        name, appos = person
        role = None
        if appos is not None:
            role = mention
            a, b = mention_tokens(appos)
            mention, start, end = doc[a:b].text, offset + doc[a].idx, offset + doc[b - 1].idx
            end += len(doc[b - 1])
        else:
            role = _role_before_name(span, head, name)
            for child in head.children:
                if child.dep_ == "appos" and child.pos_ == "NOUN":
                    a, b = mention_tokens(child)
                    role = doc[a:b].text
        ref = Referent(start, end, lemma, mention, name, "person", False, subject, reason, role)
        low_role = (role or "").lower().split()
        if low_role and not set(low_role) & SECONDARY_RANKS:
            ref.extra_heads.add(low_role[-1])  # "President Macron" ... "the president"
        if head.dep_ == "appos" and head.head.pos_ == "NOUN":
            ref.extra_heads.add(head.head.lemma_.lower())
        return ref
    kind = plain_kind(head, lemma, plural)
    plural = plural or kind == "group"
    return Referent(
        start,
        end,
        lemma,
        mention,
        _organization_name(head, i, j) if kind == "organization" else mention,
        kind,
        plural,
        subject,
        reason,
        None,
        definite and kind == "anonymous",
    )


def _organization_name(head: Token, i: int, j: int) -> str:
    """The name of the organization a mention [i, j) names: its entity, whole where the mention cuts it
    ("Procter & Gamble" of "the Bounty maker Procter & Gamble", whose "& Gamble" the parse made a conjunct),
    else the mention."""
    ent = entity_of(head) if head.ent_type_ in ORG_LABELS else None
    if ent is None or (ent.start >= i and ent.end <= j):
        return head.doc[i:j].text
    words = [t for t in ent if not t.is_punct and not t.is_space] or [head]
    return head.doc[words[0].i : words[-1].i + 1].text


def _role_before_name(span: Span, head: Token, name: str) -> str | None:
    ent = entity_of(head) if head.ent_type_ in PERSON_LABELS else None
    first = ent.start if ent is not None else head.i
    skip = DETERMINERS | HONORIFICS
    words = [t for t in span if t.i < first and t.lower_.rstrip(".") not in skip and not t.is_punct]
    while words and words[-1].text in name.split():
        words.pop()  # a given name the entity left out ("Victor" of "Victor Rask") is no role
    if not words:
        return None
    return join_words([t.text for t in words])
