"""Organizations named once and then described or abbreviated: "the company" after "Procter & Gamble
said ...", "IRCC" after "Immigration, Refugees and Citizenship Canada (IRCC)"."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from .lexicon import word_set
from .referents import Referent

# the head nouns by which news copy refers back to an organization it has named ("the company said"); the
# ones that also name an institution never named (the government, the police, the court) are left out
DESCRIPTION_NOUNS = word_set("""
    company firm agency department ministry utility corporation organization organisation bank
    association institute foundation bureau network broadcaster newspaper insurer airline retailer
    automaker manufacturer chain charity nonprofit union commission board regulator authority
""")
# words left out of an acronym: "Immigration, Refugees and Citizenship Canada" is IRCC
_ACRONYM_SKIP = word_set("and of the for de du la le des & on in")


def full_names(doc: Doc, labels: set[str]) -> dict[str, str]:
    """The full name of each organization of ``doc`` (entities of ``labels``) by its short forms: its
    acronym ("IRCC" for "Immigration, Refugees and Citizenship Canada") and its first words ("Suncor" for
    "Suncor Energy")."""
    found: dict[str, set[str]] = {}
    names = {_bare(ent.text) for ent in doc.ents if ent.label_ in labels}
    for name in names:
        words = name.split()
        bare = [w.strip(",.") for w in words]
        initials = [w for w in bare if w.isalpha() and w.lower() not in _ACRONYM_SKIP and w[0].isupper()]
        if len(initials) >= 2:
            acronym = "".join(w[0] for w in initials)
            found.setdefault(acronym, set()).add(f"{name} ({acronym})")
        for k in range(1, len(words)):
            found.setdefault(" ".join(words[:k]), set()).add(name)
    # a short form two organizations share ("Bank" of two banks) stands for neither
    return {short: full.pop() for short, full in found.items() if len(full) == 1}


def _bare(name: str) -> str:
    return name[4:] if name.startswith(("The ", "the ")) else name


def expand(ref: Referent, known: dict[str, str]) -> None:
    """Give an organization its full name: "IRCC" becomes "Immigration, Refugees and Citizenship Canada
    (IRCC)" (the abbreviation kept), "Suncor" becomes "Suncor Energy"."""
    short = _bare(ref.name)
    if short in known and (is_acronym(short) or not short.isupper()):
        ref.name = known[short]


def main_clause_subject(head: Token) -> bool:
    """Whether ``head`` is the subject of its sentence's main verb (or of one joined to it)."""
    verb = head.head
    return verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


def is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 6 and word.isupper() and word.isalpha()


def is_description(head: Token, ref: Referent) -> bool:
    """Whether a mention is an organization described by its kind: "the company", "this agency"."""
    first = head.doc[head.left_edge.i].lower_
    return (
        ref.kind == "organization"
        and head.pos_ == "NOUN"
        and ref.head_lemma in DESCRIPTION_NOUNS
        and first in {"the", "this"}
        and not ref.plural
    )


def named_antecedent(
    description: Referent | None, earlier: Iterable[tuple[Referent, Token | None]]
) -> Referent | None:
    """The named organization a description stands for, from the mentions before it (nearest first): one
    whose name holds the description's noun ("the department" for "the State Department"), else the
    nearest organization named (not a place; an untagged short form of a named one counts) that is the
    subject of a main clause, else of any clause (one named in passing is seldom the one described).
    With no description: the organization "it" stands for as the subject of a speech verb."""
    subject = None
    for ref, head in earlier:
        if (
            ref.kind != "organization"
            or head is None
            or head.pos_ != "PROPN"
            or head.ent_type_ not in {"ORG", ""}
        ):
            continue
        if description is not None and description.head_lemma in ref.name.lower().split():
            return ref
        if ref.subject and subject is None:
            subject = ref
        if ref.subject and main_clause_subject(head):
            return ref  # "Google said that Apple had revoked it. The company ...": Google
    return subject
