"""Quotation marks that quote no one: lists of quoted words, names, scare quotes, slogans and titles."""

from attribution.extraction import extract
from attribution.extraction.marks import scan_quotes
from attribution.extraction.terms import term_lists, title_as_subject

# -- the scan of the raw text ------------------------------------------------------------------------------


def test_three_short_quotes_in_a_row_are_a_list_of_words():
    text = 'Readers sent in "brunch," "synergy," "circle back" and "pivot." He said "no" and "never" twice.\n'
    spans = scan_quotes(text)
    assert sorted(text[s.start : s.end] for s in spans if s.start in term_lists(text, spans)) == [
        '"brunch,"',
        '"circle back"',
        '"pivot."',
        '"synergy,"',
    ]


def test_a_title_going_on_without_a_comma_is_a_subject():
    text = "“Morning Tide” opens on Friday. “Hopefully,” she said. ''Soon,'' he said.\n"
    spans = scan_quotes(text)
    assert [title_as_subject(text, s) for s in spans] == [True, False, False]


# -- the extractor over whole articles ---------------------------------------------------------------------


def test_a_list_of_quoted_words_never_continues_the_speaker_before(nlp):
    text = (
        "“Some words simply wear out,” said editor Mara Quinn.\n\n"
        "This year readers nominated “brunch,” “synergy,” “circle back” and “pivot.”\n"
    )
    quotes = extract(text, nlp)
    assert [q.text for q in quotes] == ["“Some words simply wear out,”"]


def test_a_name_given_with_a_participle_is_no_quote(nlp):
    text = (
        "The company quietly withdrew an app called “Tally” that had tracked riders.\n\n"
        "The storm, known as “the Big One” along the coast, closed the pier for a week.\n"
    )
    assert extract(text, nlp) == []


def test_what_someone_called_a_thing_stays_a_quote(nlp):
    text = "Councillor Tom Reyes called the plan “a costly mistake” at Tuesday's meeting.\n"
    (quote,) = extract(text, nlp)
    assert "“a costly mistake”" in quote.text and quote.speaker.name == "Tom Reyes"


def test_a_scare_quote_inside_a_noun_phrase_is_no_quote(nlp):
    text = (
        "As the mayor noted, the ad is a classic example of the “boys will be boys” trope.\n\n"
        "Parents who criticized the ad saw the “boys will be boys” trope in every scene.\n"
    )
    assert extract(text, nlp) == []


def test_a_title_is_no_quote_as_subject_or_beside_its_work(nlp):
    text = (
        "“Harbour Lights At Dusk” really is a well-told story for the whole family.\n\n"
        "Her column, “Tell the riders why,” ran on Sunday.\n\n"
        "“We will open the pier in May,” Mayor Ellen Kowalski said.\n"
    )
    quotes = extract(text, nlp)
    assert [q.text for q in quotes] == ["“We will open the pier in May,”"]
