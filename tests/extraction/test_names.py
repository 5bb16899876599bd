"""People's names: the fullest form without titles, shared by the chunks of one article."""

from attribution.extraction import extract
from attribution.extraction.names import NameIndex, clean_name_words

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
