"""Salience of the people a singular pronoun may stand for, in the way of Lappin and Leass: every earlier
mention of a person adds to that person's weight, more when it is a subject (most when the subject of the
sentence itself, or of a speech verb), and the weight halves with each sentence of narration between the
mention and the pronoun. A pronoun goes to the heaviest person of its gender."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from .lexicon import TITLES, is_person_noun
from .referents import Referent
from .tokens import is_speech_verb

# what one mention weighs, before it fades with distance
RECENCY = 100.0
MAIN_SUBJECT = 80.0  # "Golden remembers ...": the subject of the sentence
EMBEDDED_SUBJECT = 40.0  # "he said the business, run by Martin Legere, gave ...": a subject inside a clause
SPEECH_SUBJECT = 50.0  # the subject of a speech verb: the last speaker is the likeliest next one
INTRODUCED = 60.0  # "... for accountant Jo Baker, 50.": a person just introduced is likely the next speaker
# sentences after which a mention weighs less than 1% of a subject's in the pronoun's own sentence
FAR = 8
# a person whose gender the text states as the pronoun's outweighs one whose gender is unknown
KNOWN_GENDER = 1.5
# "a man", "an employee": an unnamed person is the antecedent less often than a named one
UNNAMED = 0.8
# prepositions that set their object apart from the subject of their verb: "Unlike X, he ..."
SET_APART = frozenset({"unlike", "like", "besides", "against", "than", "except"})
# sentences back an epithet ("the 26-year-old winger") looks for the person it describes
EPITHET_REACH = 3


@dataclass
class Candidate:
    """One person (all their mentions) a pronoun may stand for."""

    ref: Referent  # the most recent mention that is not itself a pronoun, else the most recent
    weight: float = 0.0
    genders: set[str] = field(default_factory=set)
    by_pronoun: bool = False  # whether ``ref`` is a pronoun's (a later mention by name replaces it)


def mention_weight(
    head: Token | None, subject: bool, sentences_between: int, introduced: bool = False
) -> float:
    """What one mention headed by ``head`` adds to its person's salience (``introduced``: the first by the
    person's full name, with a role: "accountant Jo Baker, 50")."""
    weight = RECENCY + (INTRODUCED if introduced else 0.0)
    if subject:
        verb = head.head if head is not None else None
        main = verb is not None and (
            verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
        )
        weight += MAIN_SUBJECT if main or head is None else EMBEDDED_SUBJECT
        if verb is not None and is_speech_verb(verb):
            weight += SPEECH_SUBJECT
    return weight * 0.5 ** min(sentences_between, 30)


def choose(candidates: list[Candidate], gender: str | None) -> Candidate | None:
    """The heaviest candidate whose gender is the pronoun's or unknown (the first of equals: the nearest)."""
    best, best_weight = None, 0.0
    for cand in candidates:
        if gender is not None and cand.genders and cand.genders != {gender}:
            continue
        weight = cand.weight
        if gender is not None and cand.genders == {gender}:
            weight *= KNOWN_GENDER
        if cand.ref.kind != "person":
            weight *= UNNAMED
        if weight > best_weight:
            best, best_weight = cand, weight
    return best


def is_epithet(head: Token, ref: Referent) -> bool:
    """Whether a definite description with no antecedent of its own noun describes the person the text
    is about: the singular subject of a speech verb, with words before a noun that names no role ("the
    26-year-old right wing said", "says the bow-tied maverick"). A role ("the Vermont senator", "the
    senior official") is how the text names its speaker, and stays."""
    described = any(c.i < head.i and c.dep_ in {"amod", "compound", "nummod"} for c in head.children)
    role = is_person_noun(ref.head_lemma) or ref.head_lemma in TITLES
    return described and not ref.plural and ref.kind == "anonymous" and not role


def clause_mate(pronoun: Token, tok: Token) -> bool:
    """Whether ``tok`` is an object of the verb whose subject ``pronoun`` is, or in a phrase of it that sets
    the two apart: "Unlike Al Mnajer, he has found no work" (he is not Al Mnajer; but "For Espinos, he's
    filling a niche" may be)."""
    verb = pronoun.head
    if tok.doc is not pronoun.doc or pronoun.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    while tok.dep_ == "appos" and tok.head.i != tok.i:
        tok = tok.head  # "his neighbour Ivan Sokol": the neighbour's place in the clause
    if tok.dep_ in {"dobj", "dative"}:
        return tok.head.i == verb.i
    prep = tok.head
    return tok.dep_ == "pobj" and prep.lower_ in SET_APART and prep.head.i == verb.i
