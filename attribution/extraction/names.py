"""People's names in an article: canonical full names without titles."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import numpy
from spacy import parts_of_speech
from spacy.tokens import Doc, Span, Token

from .lexicon import NATIONALITY_OR_RANK, ORG_NOUNS, TITLES, word_set
from .marks import QUOTE_MARKS
from .tokens import tokens_with_pos

_PROPN = numpy.array([parts_of_speech.PROPN], dtype="uint64")

# common given names that are nearly always one gender (names borne by both, like Jordan, Kim or Robin, are
# left out): the first word of a person's full name tells the gender where no honorific or pronoun does
FEMALE_NAMES = word_set("""
    abigail ada agnes alice alicia alison amanda amber amelia amy ana andrea angela angelina anita ann anna
    anne annette antonia audrey barbara beatrice belinda bernadette beth betty beverly brenda bridget
    brittany camille candice carla carmen carol carole caroline carolyn catherine cecilia charlotte
    cheryl chloe christina christine cindy claire clara claudia colleen connie cristina crystal cynthia
    daisy danielle daphne deborah debra denise diana diane dolores donna doris dorothy edith eileen elaine
    eleanor elena elisabeth elise eliza elizabeth ella ellen eloise elsa emilie emily emma erica
    erin esther eva evelyn fatima fiona florence frances gabrielle gail gemma georgina geraldine gillian
    gina gloria grace greta gwen hannah harriet hazel heather heidi helen helena hilary holly ingrid irene
    iris isabel isabella jacqueline jane janet janice jasmine jeanne jeannette jennifer jenny jessica jill
    joan joanna joanne josephine joy joyce judith judy julia julie juliette justine karen katherine
    kathleen kathryn kathy katie katrina kayla kirsten kristen kristina laura lauren leah lena lillian
    linda lisa lois lorraine louise lucia lucy lydia lynn madeleine madeline mara margaret maria marian
    marie marilyn marina marion marjorie marlene martha mary maureen megan melanie melissa mia michelle
    mildred miriam molly monica monique nadia nancy naomi natalie natasha nicole nina nora norma olga
    olivia pamela paula pauline peggy penelope phyllis priya rachel rebecca regina renee rita roberta
    rosa rosalind rose rosemary ruth sabrina samantha sandra sara sarah sharon sheila shirley silvia
    simone sofia sonia sophia sophie stephanie susan suzanne sylvia tamara tanya tara tatiana teresa
    theresa tina tracy ursula valerie vanessa vera veronica victoria violet virginia vivian wanda wendy
    yvonne zoe
""")
MALE_NAMES = word_set("""
    aaron adam adrian ahmed alan albert alberto alejandro alexander alfonso alfred allan allen andre
    andrew andy anthony antonio arnold arthur barry ben benjamin bernard bill billy bob boris brad bradley
    brandon brendan brent brett brian bruce bryan calvin carl carlos charles christopher clarence colin
    craig dale damian daniel darren dave david dennis derek diego dmitri don donald doug douglas duncan
    dwayne dylan earl eddie edgar eduardo edward edwin elliot emmanuel eric ernest ernie ethan eugene
    evan felix fernando francis francisco frank franklin fred frederick gary gavin geoffrey george gerald
    gilbert glen glenn gordon graham grant greg gregory gustavo harold harry harvey hector henry
    howard hugh hugo ian isaac ivan jack jacob jake james jason jeff jeffrey jeremy jerome jerry jim
    jimmy joe joel john jon jonathan jorge jose joseph joshua juan julian justin karl keith ken kenneth
    kevin kurt kyle lance larry lawrence leonard leo leon lloyd louis luis luke malcolm marc marco marcus
    mario mark martin matt matthew maurice max michael miguel mike mitch mohammad mohammed muhammad
    nathan nathaniel neil nicholas nick nigel noah norman oliver omar oscar owen patrick paul pedro peter
    philip phillip pierre ralph randy raymond rex ricardo richard rick rob robert roberto rod rodney
    roger roland ronald roy russell ryan samuel scott sean sebastian sergei seth shane shawn simon stanley
    stephen steve steven stuart ted terrence theodore thomas tim timothy todd tom tommy tony travis trevor
    troy victor vincent vladimir walter warren wayne wesley william willie xavier yuri zachary
""")
# entities a given name may begin without being a person's name: "Victoria Street", "Lisa Frank Inc."
NOT_PEOPLE = {"ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}


def clean_name_words(words: list[str]) -> list[str]:
    words = [w for w in words if w.strip() and w not in {"\u2019s", "'s", "\u2019", "'"}]
    while words and words[-1].lower() in {"says", "said", "say", "tells", "told", "asks"}:
        words = words[:-1]
    # an abbreviated title inside the entity ends what names the post: "Harbour Police Sgt. Ivo Marsh"
    ranks = [k for k, w in enumerate(words[:-1]) if w.endswith(".") and w.lower().rstrip(".") in TITLES]
    if ranks:
        words = words[ranks[-1] + 1 :]
    while len(words) > 1 and (
        words[0].lower().rstrip(".") in TITLES or words[0].lower() in NATIONALITY_OR_RANK
    ):
        words = words[1:]
    while words and not any(c.isalnum() for c in words[-1]):
        words = words[:-1]
    while words and not any(c.isalnum() for c in words[0]):
        words = words[1:]
    return words


class NameIndex:
    """Canonical names of the people of one article: the fullest PERSON form, without titles."""

    def __init__(self) -> None:
        self.forms: Counter[tuple[str, ...]] = Counter()
        self.first_seen: dict[tuple[str, ...], int] = {}
        self.clean: dict[tuple[str, ...], bool] = {}
        # answers of canonical(), until the next name is added: every mention of a person asks again
        self._answers: dict[tuple[str, ...], str | None] = {}

    def add(self, words: list[str], pos: int, clean: bool = True) -> None:
        words = clean_name_words(words)
        if not words or len(words) > 5:
            return
        key = tuple(words)
        self._answers.clear()
        self.forms[key] += 1
        self.first_seen.setdefault(key, pos)
        self.clean[key] = self.clean.get(key, False) or (
            clean and not any(c in QUOTE_MARKS for c in "".join(key))
        )

    def canonical(self, words: list[str]) -> str | None:
        asked = tuple(words)
        if asked not in self._answers:
            self._answers[asked] = self._canonical(words)
        return self._answers[asked]

    def _canonical(self, words: list[str]) -> str | None:
        words = clean_name_words(words)
        if not words:
            return None
        low = [w.lower() for w in words]
        best = None
        for form, count in self.forms.items():
            flow = [w.lower() for w in form]
            same_last = flow[-1] == low[-1] and all(w in flow for w in low)
            first_name = len(low) == 1 and flow[0] == low[0] and len(flow) > 1 and self.clean[form]
            if same_last or first_name:
                rank = (self.clean[form], len(form), count, -self.first_seen[form])
                if best is None or rank > best[0]:
                    best = (rank, form)
        if best is None:
            return None
        return " ".join(best[1])

    def introduced(self, name: str, start: int, end: int) -> bool:
        """Whether the mention of ``name`` at [start, end) holds the first time the article gives it."""
        first = self.first_seen.get(tuple(name.split()))
        return first is not None and start <= first < end

    def knows(self, word: str) -> bool:
        w = word.lower()
        return any(w in (x.lower() for x in form) for form in self.forms)


def entity_of(tok: Token) -> Span | None:
    """The named-entity span containing ``tok`` (None outside entities), found from its IOB tags."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    a = tok.i
    while a > 0 and doc[a].ent_iob == 1:  # 1: inside an entity ("I")
        a -= 1
    b = tok.i + 1
    while b < len(doc) and doc[b].ent_iob == 1:
        b += 1
    return doc[a:b]


def proper_name(ent: Span) -> bool:
    """Whether all words of a PERSON entity are proper nouns (NER also tags "Obama Says" in headlines)."""
    return all(t.tag_ in {"NNP", "NNPS"} or t.is_punct or t.lower_.rstrip(".") in TITLES for t in ent)


def glued_words(tokens) -> list[str]:
    """Words of a token sequence, gluing tokens written without a space between them (Holtz-Eakin)."""
    words: list[str] = []
    glue = False
    for t in tokens:
        if glue and words:
            words[-1] += t.text
        else:
            words.append(t.text)
        glue = not t.whitespace_
    return words


def join_words(words: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(words)).strip()


def given_name_gender(name: str) -> str | None:
    """The gender a person's given name tells ("Carole Laurin": "f"), if it is one of the names above."""
    first = name.split()[0].lower() if name.strip() else ""
    return "f" if first in FEMALE_NAMES else "m" if first in MALE_NAMES else None


def given_name_people(doc: Doc) -> Iterator[Span]:
    """People the entity tagger missed: a known given name and the one or two proper nouns after it
    ("Carole Laurin"); not one inside a longer proper name ("Royal Victoria Hospital")."""
    for tok in tokens_with_pos(doc, _PROPN):
        if tok.ent_type_ == "PERSON" or (tok.lower_ not in FEMALE_NAMES and tok.lower_ not in MALE_NAMES):
            continue
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.pos_ == "PROPN" and prev.lower_.rstrip(".") not in TITLES:
            continue
        end = tok.i + 1
        while end < len(doc) and end - tok.i <= 3 and doc[end].pos_ == "PROPN" and doc[end].is_title:
            end += 1
        span = doc[tok.i : end]
        if len(span) < 2 or (end < len(doc) and doc[end].pos_ == "PROPN"):
            continue
        if any(t.ent_type_ in NOT_PEOPLE or t.lower_ in ORG_NOUNS for t in span):
            continue
        yield span
