"""Coreference: the mentions of a chunk, and who a cue's subject is (a name, a pronoun's antecedent, the
earlier mention a description such as "the official" stands for)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy
from spacy import parts_of_speech, symbols
from spacy.attrs import DEP, HEAD
from spacy.tokens import Token

from . import organizations, salience
from .chunk import Candidate, Chunk
from .genders import person_genders, words_gender
from .lexicon import NON_HUMAN_NOUNS, PRONOUNS_PLURAL, PRONOUNS_SINGULAR, is_person_noun
from .names import NameIndex, given_name_people, glued_words, proper_name
from .referents import (
    DETERMINERS,
    AnonymityReasons,
    Referent,
    make_referent,
    mention_tokens,
    person_of,
    plain_kind,
)
from .tokens import PERSON_LABELS, relative_antecedent, tokens_with_pos
from .types import How, Speaker, SpeakerKind

_NOUN_POS = numpy.array([parts_of_speech.NOUN, parts_of_speech.PROPN], dtype="uint64")
_VERB_POS = numpy.array([parts_of_speech.VERB, parts_of_speech.AUX], dtype="uint64")
# the verbs of which "it" is an organization speaking
IT_SAYS = frozenset(
    {"say", "add", "note", "write", "state", "explain", "tell", "announce", "confirm", "warn"}
    | {"advise", "urge", "ask", "recommend", "insist", "deny", "acknowledge", "admit", "respond", "reply"}
)
PRONOUN_GENDERS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


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
    kind: SpeakerKind
    ref: Referent | None = None
    built: bool = False
    pronoun: bool = False  # "he"/"she": its referent is the person it was resolved to


def determined(head: Token) -> bool:
    """Whether a noun phrase opens with "the" or "this", or has it before words cut from the mention ("the
    lanky, bespectacled professor")."""
    first = head.doc[mention_tokens(head)[0]]
    return first.lower_ in DETERMINERS or any(c.dep_ == "det" and c.lower_ in DETERMINERS for c in head.lefts)


def _verbless(sent) -> bool:
    return not any(t.pos_ in {"VERB", "AUX"} for t in sent)


class ArticleContext:
    """What resolves speakers in one chunk: people's names (shared with the article's other chunks) and the
    chunk's mentions, with those the previous chunk ended with.

    Built once per chunk and read by every stage; its only changes after that are caches (a mention's
    Referent is built when first asked for, a description's antecedent remembered).
    """

    def __init__(
        self, chunk: Chunk, names: NameIndex | None = None, prior: list[Referent] | None = None
    ) -> None:
        self.text = chunk.text  # the original text (the Doc may be of a copy with normalised quotation marks)
        self.names = names if names is not None else NameIndex()  # shared by the chunks of a long text
        self._memo: dict[int, Referent | None] = {}
        self._reasons = AnonymityReasons(chunk.doc, chunk.text[chunk.offset : chunk.end])
        self._org_names = organizations.full_names(chunk.doc, {"ORG"})
        offset, doc = chunk.offset, chunk.doc
        named = [(ent, proper_name(ent)) for ent in doc.ents if ent.label_ in PERSON_LABELS]
        named += [(span, True) for span in given_name_people(doc)]
        for span, clean in named:
            at = offset + span.start_char
            if not chunk.in_quote(at) and not chunk.in_furniture(at):
                self.names.add(glued_words(span), at, clean)
        # mentions carried over from the previous chunk come first
        slots = [
            _Slot(r.start, None, 0, r.head_lemma, r.plural, r.subject, r.kind, r, True) for r in prior or []
        ]
        # the heads of appositives: a common noun names a person only through one ("the spokesman, Josh
        # Earnest"); the others are passed over without a look
        deps = doc.to_array([DEP, HEAD])
        appos = deps[:, 0] == symbols.appos
        appos_heads = set((numpy.flatnonzero(appos) + deps[appos, 1].view("int64")).tolist())
        for tok in tokens_with_pos(doc, _NOUN_POS, ("he", "she")):
            if tok.dep_ in {"compound", "poss", "amod", "npadvmod"}:
                continue
            if chunk.in_quote(offset + tok.idx) or chunk.in_furniture(offset + tok.idx):
                continue  # a photo credit or a link line names no speaker
            if tok.lower_ in {
                "he",
                "she",
            }:  # a pronoun carries on the person it stands for, resolved in order
                if tok.pos_ == "PRON":
                    key = offset + tok.idx
                    subj = tok.dep_ in {"nsubj", "nsubjpass"}
                    slots.append(_Slot(key, tok, offset, tok.lower_, False, subj, "person", pronoun=True))
                continue
            lemma = tok.lemma_.lower()
            plural = tok.tag_ in {"NNS", "NNPS"}
            named = tok.pos == parts_of_speech.PROPN or tok.ent_type_ in PERSON_LABELS or tok.i in appos_heads
            person = person_of(tok, self.names) if named else None
            slot = _Slot(
                offset + tok.left_edge.idx,
                tok,
                offset,
                lemma,
                plural,
                tok.dep_ in {"nsubj", "nsubjpass"},
                "person" if person is not None else self._plain_kind(tok, lemma, plural),
            )
            if person is not None:  # people are few and all needed now, for their genders
                self._build(slot, person)
            slots.append(slot)
        slots.sort(key=lambda s: s.key)
        self._slots = slots
        self._keys = [s.key for s in slots]
        self._pronouns = [s for s in slots if s.pronoun]
        self._pronouns_done = 0
        self._chunk = chunk
        # sentences of narration (a quote's sentences are not), by which a mention's salience fades; a line
        # break (all spaces) is none, told by its tokens: Span.text would build the string
        self._sent_starts = [
            offset + s.start_char
            for s in doc.sents
            if not chunk.in_quote(offset + s.start_char) and not all(t.is_space for t in s)
        ]
        # paragraphs with a verb: one without (a caption, a photo credit, a name line) names no antecedent
        self._verb_paras = {chunk.para_index(offset + t.idx) for t in tokens_with_pos(doc, _VERB_POS)}
        people = [s.ref for s in slots if s.kind == "person" and s.ref is not None]
        # the roles each person is given, and where: "the minister" may mean a person named bare since
        self._roles: dict[str, list[tuple[int, str]]] = {}
        for ref in people:
            for role in ref.extra_heads:
                self._roles.setdefault(ref.name, []).append((ref.start, role))
        self.genders = person_genders(doc, offset, people)
        for ref in people:
            if ref.gender is None:
                ref.gender = self.genders.get(ref.name)

    def _build(self, slot: _Slot, person: tuple[str, Token | None] | None = None) -> Referent | None:
        if slot.pronoun:
            self._resolve_pronouns(slot.key + 1)
            return slot.ref
        if not slot.built:
            assert slot.head is not None
            slot.ref = self._referent(slot.head, slot.offset, person)
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

    def _referent(
        self, head: Token, offset: int, person: tuple[str, Token | None] | None | bool = False
    ) -> Referent | None:
        """The mention headed by ``head``; ``person`` as found by ``person_of``, or False to look it up."""
        reason = self._reasons(head)
        if person is False:
            person = person_of(head, self.names)
        ref = make_referent(head, offset, person, reason)
        if ref is not None and self._org_names and ref.kind in {"organization", "unknown"}:
            if ref.kind == "unknown" and head.pos_ == "PROPN" and ref.name in self._org_names:
                ref.kind = "organization"  # "EDC" untagged, after "Export Development Canada (EDC)"
            if ref.kind == "organization":
                organizations.expand(ref, self._org_names)
        return ref

    def _plain_kind(self, head: Token, lemma: str, plural: bool) -> SpeakerKind:
        """The kind of a noun phrase naming no person; an untagged acronym of an organization named in full
        is that organization ("EDC" after "Export Development Canada (EDC)")."""
        kind = plain_kind(head, lemma, plural)
        if kind == "unknown" and organizations.is_acronym(head.text) and head.text in self._org_names:
            return "organization"
        return kind

    # -- speakers ----------------------------------------------------------------------------------------
    def attach(self, cand: Candidate) -> None:
        """Give a candidate being built the speaker its cue names, and how it was found, if any."""
        if cand.cue is None or cand.cue.speaker_head is None:
            return
        got = self.speaker(cand.cue.speaker_head, cand.cue.offset)
        if got is not None:
            cand.speaker, cand.how = got

    def speaker(self, head: Token, offset: int) -> tuple[Speaker, How] | None:
        """Speaker for a subject token, and how it was found ("direct", "pronoun", "description", or
        "unresolved" for a pronoun with no antecedent)."""
        head = relative_antecedent(head)
        low = head.lower_
        pos = offset + head.idx
        if head.pos_ == "PRON" and (low in PRONOUNS_SINGULAR or low in PRONOUNS_PLURAL):
            gender = PRONOUN_GENDERS.get(low)
            ant = self.antecedent(pos, plural=low in PRONOUNS_PLURAL, gender=gender, pronoun=head)
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
        if head.pos_ == "PRON" and low == "it" and head.dep_ == "nsubj" and head.head.lemma_ in IT_SAYS:
            # "it said in a statement": the organization the sentences before are about (not "it goes
            # without saying", nor "it does not answer whether": a document)
            ant = organizations.named_antecedent(None, self._earlier_organizations(pos, window=1500))
            if ant is None:
                return None
            sp = Speaker(ant.name, "organization", False, self.text[pos : pos + 2], pos, pos + 2)
            return sp, "pronoun"
        if head.pos_ == "PRON" and head.ent_type_ not in PERSON_LABELS:
            return None  # a name the tagger took for a pronoun ("Brind'Amour") is still a name
        ref = self._referent(head, offset)
        if ref is None:
            return None
        if ref.kind == "unknown" and head.pos_ == "NOUN" and ref.head_lemma not in NON_HUMAN_NOUNS:
            # the unnamed subject of a speech verb is someone: "the keeper said"
            ref.kind = "group" if ref.plural else "anonymous"
            ref.definite = ref.definite or determined(head)
        how: How = "direct"
        if organizations.is_description(head, ref):
            ant = organizations.named_antecedent(ref, self._earlier_organizations(ref.start))
            if ant is not None:
                ref.name, how = ant.name, "description"
        elif ref.definite or (ref.kind == "anonymous" and determined(head)):
            ant = self.description_antecedent(ref)
            if ant is None and salience.is_epithet(head, ref):
                ant = self._salient(ref.start, words_gender(ref.mention.split()), salience.EPITHET_REACH)
                ant = ant if ant is not None and ant.kind == "person" else None
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

    def paragraph_person(self, pos: int) -> Speaker | None:
        """The person the paragraph before a quote opening a paragraph at ``pos`` is about: its last
        subject that is a person, else the one person it names ("Niagara County District Attorney Jane
        Doe" on a line of its own)."""
        para = self._chunk.para_index(pos)
        if para == 0 or self._chunk.paragraphs[para][0] != pos:
            return None
        start, end = self._chunk.paragraphs[para - 1]
        people: dict[str, Referent] = {}
        subject = None
        for slot in self._before(end, window=end - start):
            if slot.key < start or slot.kind != "person" or (ref := self._build(slot)) is None:
                continue
            if ref.kind != "person" or ref.start < start:
                continue
            if not people and slot.head is not None and not slot.pronoun and _verbless(slot.head.sent):
                return self._person_speaker(ref)  # a name closing the paragraph signs it: "... ¶ Jane Doe"
            people.setdefault(ref.name, ref)
            if subject is None and ref.subject:
                subject = ref
        ref = subject or (next(iter(people.values())) if len(people) == 1 else None)
        if ref is None and not people:
            ref = self._owner_of_subject(start, end)
        return self._person_speaker(ref) if ref is not None else None

    @staticmethod
    def _person_speaker(ref: Referent) -> Speaker:
        return Speaker(ref.name, "person", False, ref.mention, ref.start, ref.end, None, ref.role)

    def names_anyone(self, start: int, end: int) -> bool:
        """Whether the text [start, end) mentions a person, an unnamed one or a pronoun for one."""
        return any(slot.kind in {"person", "anonymous"} for slot in self._before(end, window=end - start))

    def _owner_of_subject(self, start: int, end: int) -> Referent | None:
        """The person whose thing the last subject of a paragraph is: "Her message now is simple" is about the
        woman "her" stands for (not "His lawyer said ...": a person speaks for himself)."""
        tokens = self._chunk.tokens(start, end)
        owned = [
            (t, c)
            for t in tokens or ()
            if t.dep_ == "nsubj" and t.pos_ == "NOUN" and not is_person_noun(t.lemma_)
            for c in t.children
            if c.dep_ == "poss" and c.lower_ in PRONOUN_GENDERS
        ]
        if not owned:
            return None
        owner = owned[-1][1]
        ant = self._salient(self._chunk.offset + owner.idx, PRONOUN_GENDERS[owner.lower_])
        return ant if ant is not None and ant.kind == "person" else None

    # -- resolution --------------------------------------------------------------------------------------
    def _before(self, pos: int, window: int = 3000) -> Iterator[_Slot]:
        """Mentions before ``pos``, nearest first, back to ``window`` characters."""
        for k in range(bisect.bisect_left(self._keys, pos) - 1, -1, -1):
            slot = self._slots[k]
            if pos - slot.key > window:
                return
            yield slot

    def _earlier_organizations(self, pos: int, window: int = 3000) -> Iterator[tuple[Referent, Token | None]]:
        for slot in self._before(pos, window):
            if slot.kind == "organization" and (ref := self._ref(slot, pos)) is not None:
                yield ref, slot.head

    def antecedent(
        self, pos: int, plural: bool, gender: str | None = None, pronoun: Token | None = None
    ) -> Referent | None:
        """The referent a pronoun at ``pos`` stands for: for "they", the most recent group or organization,
        subjects first; for "he"/"she", the most salient person of its gender."""
        if not plural:
            self._resolve_pronouns(pos)
            return self._salient(pos, gender, pronoun=pronoun)
        fallback = None
        for slot in self._before(pos):
            if slot.kind not in {"group", "organization"} or (ref := self._ref(slot, pos)) is None:
                continue
            if ref.subject:
                return self._resolved(ref)
            if fallback is None:
                fallback = ref
        return self._resolved(fallback) if fallback is not None else None

    def _resolve_pronouns(self, pos: int) -> None:
        """Resolve the "he"/"she" before ``pos`` in order, each from the mentions before it (the pronouns
        among them already resolved), so no chain of pronouns recurses."""
        while self._pronouns_done < len(self._pronouns) and self._pronouns[self._pronouns_done].key < pos:
            slot = self._pronouns[self._pronouns_done]
            self._pronouns_done += 1
            assert slot.head is not None
            gender = PRONOUN_GENDERS[slot.lemma]
            ant = self._salient(slot.key, gender, pronoun=slot.head)
            slot.built = True
            if ant is not None:
                slot.ref = replace(
                    ant,
                    start=slot.key,
                    end=slot.key + len(slot.head),
                    mention=slot.head.text,
                    subject=slot.subject,
                    definite=False,
                )

    def _salient(
        self, pos: int, gender: str | None, reach: int | None = None, pronoun: Token | None = None
    ) -> Referent | None:
        """The most salient person (or unnamed person) before ``pos`` of gender ``gender`` (see salience),
        among those mentioned at most ``reach`` sentences of narration back if given, and not a clause mate
        of ``pronoun`` if given."""
        here = self._chunk.para_index(pos)
        narration = self._sent_starts
        at = bisect.bisect_right(narration, pos)
        people: dict[tuple[str, str], salience.Candidate] = {}
        far = False
        for slot in self._before(pos):
            if slot.kind not in {"person", "anonymous"}:
                continue
            head = slot.head
            between = at - bisect.bisect_right(narration, slot.key) if head is not None else 10
            if reach is not None and between > reach:
                break
            if between > salience.FAR and not far:
                far = True  # mentions this far back weigh next to nothing: only for want of anyone nearer
                if salience.choose(list(people.values()), gender) is not None:
                    break
            ref = slot.ref if slot.pronoun else self._ref(slot, pos)
            if ref is None or ref.start >= pos:
                continue
            if pronoun is not None and head is not None and salience.clause_mate(pronoun, head):
                continue
            if head is not None:
                para = self._chunk.para_index(slot.key)
                if para != here and para not in self._verb_paras:
                    continue  # a caption or a name line
                if slot.kind == "anonymous" and head.dep_ == "appos" and head.head.pos_ == "PROPN":
                    continue  # "Laurin, a factory worker,": the person, counted by her name
            if slot.pronoun and gender is not None and PRONOUN_GENDERS[slot.lemma] != gender:
                continue  # a "she" before says nothing for a "he" (nor, resolved wrongly, of anyone's gender)
            ref = self._resolved(ref)
            cand = people.get((ref.kind, ref.name))
            if cand is None:
                cand = people[(ref.kind, ref.name)] = salience.Candidate(ref, by_pronoun=slot.pronoun)
            elif cand.by_pronoun and not slot.pronoun:
                cand.ref, cand.by_pronoun = ref, False
            introduced = (
                not slot.pronoun
                and ref.role is not None
                and self.names.introduced(ref.name, ref.start, ref.end)
            )
            cand.weight = max(cand.weight, salience.mention_weight(head, ref.subject, between, introduced))
            g = ref.gender or self.genders.get(ref.name)
            if g is not None:
                cand.genders.add(g)
        best = salience.choose(list(people.values()), gender)
        return best.ref if best is not None else None

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

    def _has_role(self, name: str, ref: Referent) -> bool:
        """Whether the person ``name`` was given the role ``ref``'s head names before it ("Foreign Minister
        Ann Lee" ... "Lee said" ... "the minister")."""
        return any(at < ref.start and role == ref.head_lemma for at, role in self._roles.get(name, ()))

    def _description_step(self, ref: Referent) -> Referent | None:
        for slot in self._before(ref.start, window=20000):
            same_head = slot.lemma == ref.head_lemma and slot.plural == ref.plural
            if not same_head and slot.kind != "person":  # only people carry extra heads ("the president")
                continue
            cand = self._ref(slot, ref.start)
            if cand is None or cand.start == ref.start:
                continue
            if same_head or ref.head_lemma in cand.extra_heads or self._has_role(cand.name, ref):
                return cand
        if ref.head_lemma == "source":
            for slot in self._before(ref.start, window=20000):
                if slot.kind == "anonymous" and (cand := self._ref(slot, ref.start)) and not cand.definite:
                    return cand
        return None
