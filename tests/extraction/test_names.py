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
