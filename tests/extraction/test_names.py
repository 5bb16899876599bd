"""People's names: the fullest form without titles, shared by the chunks of one article."""

import pytest
from spacy.tokens import Doc

from attribution.extraction import extract
from attribution.extraction.names import NameIndex, clean_name_words, given_name_gender, given_name_people

from .helpers import quote_at


def test_a_named_person_gets_the_fullest_name_without_title(nlp):
    text = (
        "Dutch Prime Minister Willem Jansen met farmers in Utrecht.\n"
        "“We hear your concerns,” Jansen said during the meeting.\n"
        "“The subsidy will stay,” Prime Minister Jansen added."
    )
    quotes = extract(text, nlp)
    for fragment in ("concerns", "subsidy"):
        q = quote_at(quotes, fragment)
        assert q.speaker.name == "Willem Jansen"
        assert q.speaker.kind == "person"


def test_titles_and_speech_verbs_are_cut_from_a_name():
    assert clean_name_words(["Prime", "Minister", "Willem", "Jansen", "said"]) == ["Willem", "Jansen"]
    assert clean_name_words(["former", "Mayor", "Ana", "Ruiz", "\u2019s"]) == ["Ana", "Ruiz"]


def test_a_surname_or_first_name_finds_the_fullest_clean_form():
    names = NameIndex()
    names.add(["Willem", "Jansen"], 10)
    names.add(["Jansen"], 50)
    names.add(["“Willem", "Jansen"], 70, clean=False)
    assert names.canonical(["Jansen"]) == "Willem Jansen"
    assert names.canonical(["Willem"]) == "Willem Jansen"
    assert names.canonical(["Olga"]) is None
    assert names.knows("jansen") and not names.knows("Olga")


def test_a_bare_surname_tagged_as_an_organization_is_still_the_person(nlp):
    # NER tags the bare surname of this text ORG: within an article they are the person named before
    text = (
        "Councillor Tom Vickers met residents on Tuesday.\n\n"
        "Vickers said the bridge would reopen in the spring."
    )
    quotes = extract(text, nlp)
    vickers = quote_at(quotes, "bridge").speaker
    assert (vickers.name, vickers.kind, vickers.anonymous) == ("Tom Vickers", "person", False)


def test_a_company_named_after_a_person_stays_a_company(nlp):
    text = (
        "Councillor Tom Vickers met residents on Tuesday.\n\n"
        "Vickers Holdings said the tower would be finished next year."
    )
    q = quote_at(extract(text, nlp), "tower")
    assert q.speaker.name != "Tom Vickers"


def _tagged(nlp, words: list[str], pos: list[str], ents: list[str] | None = None) -> Doc:
    return Doc(nlp.vocab, words=words, pos=pos, ents=ents or ["O"] * len(words))


def test_a_given_name_and_the_proper_nouns_after_it_are_a_person_the_tagger_missed(nlp):
    doc = _tagged(
        nlp,
        ["For", "Carole", "Laurin", ",", "work", "ended"],
        ["ADP", "PROPN", "PROPN", "PUNCT", "NOUN", "VERB"],
    )
    assert [s.text for s in given_name_people(doc)] == ["Carole Laurin"]


def test_a_given_name_inside_a_longer_proper_name_or_a_place_is_no_person(nlp):
    hospital = _tagged(nlp, ["Royal", "Victoria", "Hospital", "opened"], ["PROPN", "PROPN", "PROPN", "VERB"])
    street = _tagged(nlp, ["on", "Victoria", "Street"], ["ADP", "PROPN", "PROPN"], ["O", "B-FAC", "I-FAC"])
    alone = _tagged(nlp, ["Carole", "said"], ["PROPN", "VERB"])
    assert [list(given_name_people(d)) for d in (hospital, street, alone)] == [[], [], []]


def test_a_given_name_tells_the_gender_of_a_name_that_begins_with_it():
    assert given_name_gender("Gloria Fenn") == "f"
    assert given_name_gender("Martin Okafor") == "m"
    assert given_name_gender("Jordan Price") is None  # a name borne by both
    assert given_name_gender("Okafor") is None


@pytest.mark.parametrize(
    "text, name",
    [
        ("“The gate was open,” Harbour Police Sgt. Ivo Marsh said.", "Ivo Marsh"),
        ("“The gate was open,” said Const. Marsh.", "Marsh"),
    ],
)
def test_a_name_after_an_abbreviated_rank_is_a_person_without_the_rank(nlp, text, name):
    q = quote_at(extract(text, nlp), "gate")
    assert (q.speaker.name, q.speaker.kind) == (name, "person")
