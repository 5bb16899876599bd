"""Genders of the people of a chunk, for pronouns: from honorifics and the pronouns near their names."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from .lexicon import word_set
from .names import given_name_gender
from .referents import Referent

FEMALE_WORDS = word_set("""
    mrs mrs. ms ms. miss woman women wife mother daughter sister spokeswoman chairwoman congresswoman
    businesswoman girl queen princess lady grandmother aunt niece widow actress
""")
MALE_WORDS = word_set("""
    mr mr. man men husband father son brother spokesman chairman congressman businessman boy king
    prince lord grandfather uncle nephew widower actor
""")
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})


def words_gender(words: list[str]) -> str | None:
    low = {w.lower() for w in words}
    f, m = bool(low & FEMALE_WORDS), bool(low & MALE_WORDS)
    return "f" if f and not m else "m" if m and not f else None


def person_genders(doc: Doc, offset: int, people: list[Referent]) -> dict[str, str]:
    """The grammatical gender the article gives named people, for choosing the antecedent of "he" or "she".

    What the article says of the person comes first: an honorific or a gendered noun in a mention ("Mrs.",
    "his mother, Ann Lee"); then a common given name; then the pronouns of sentences about them alone, which
    mislead most ("Caroline Voss said he would be deported": he is someone she talks about). The guess only
    picks antecedents: it is never stored or shown (no inference of anyone's gender from names in what the
    product reports)."""
    stated: dict[str, str] = {}
    for ref in people:
        if g := words_gender(ref.mention.split()):
            stated.setdefault(ref.name, g)
    votes: dict[str, list[int]] = {}
    people = sorted(people, key=lambda r: r.start)
    starts = [r.start for r in people]
    sents = list(doc.sents)
    for k, sent in enumerate(sents):
        a = bisect.bisect_left(starts, offset + sent.start_char)
        b = bisect.bisect_left(starts, offset + sent.end_char)
        if a == b:
            continue  # most sentences name no one (and a line break, a sentence of its own, never does)
        names = {r.name for r in people[a:b]}
        if len(names) != 1:
            continue
        name = names.pop()
        # only the pronouns after the name: one before it in its sentence is someone else ("She said
        # Brandt had erred": she is not Brandt)
        first = people[a].start - offset
        after = next((s for s in sents[k + 1 :] if not all(t.is_space for t in s)), None)
        toks = [t for t in sent if t.idx >= first] + (list(after[:3]) if after is not None else [])
        m = sum(t.lower_ in MALE_PRONOUNS for t in toks)
        f = sum(t.lower_ in FEMALE_PRONOUNS for t in toks)
        v = votes.setdefault(name, [0, 0])
        v[0] += m
        v[1] += f
    found = {name: ("m" if m > f else "f") for name, (m, f) in votes.items() if m != f}
    for ref in people:
        if given := given_name_gender(ref.name):
            found[ref.name] = given
    return found | stated
