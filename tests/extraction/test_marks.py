"""Quotation marks: the scan of raw text for quoted spans (no parse), the parser-friendly copy, titles."""

import pytest

from attribution.extraction import scan_quotes
from attribution.extraction.marks import (
    CLOSERS,
    QUOTE_MARKS,
    content_words,
    ends_with_sentence_punct,
    looks_like_title,
    parser_friendly,
)


def spans_of(text):
    return [text[s.start : s.end] for s in scan_quotes(text)]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("The baker said “bread is up” today.", "“bread is up”"),
        ('The baker said "bread is up" today.', '"bread is up"'),
        ("Le boulanger a dit « le pain monte » hier.", "« le pain monte »"),
        ("The baker said «bread is up» today.", "«bread is up»"),
        ("The baker said ‹bread is up› today.", "‹bread is up›"),
        ("Der Bäcker sagte „Brot wird teurer“ heute.", "„Brot wird teurer“"),
        ("Der Bäcker sagte ‚Brot wird teurer‘ heute.", "‚Brot wird teurer‘"),
        ("The baker said ‘bread is up’ today.", "‘bread is up’"),
        ("The baker said 'bread is up' today.", "'bread is up'"),
        ("The baker said ''bread is up'' today.", "''bread is up''"),
    ],
)
def test_it_finds_quotes_in_every_mark_style(text, quoted):
    assert spans_of(text) == [quoted]


def test_it_keeps_apostrophes_inside_words():
    text = "Macron’s aides say they’re sure; the baker's son don't agree, rock 'n' roll in the '90s."
    assert spans_of(text) == []


def test_it_tells_a_single_quote_from_apostrophes_around_it():
    text = "The coach’s verdict: 'we didn't play well' was all he said."
    assert spans_of(text) == ["'we didn't play well'"]


def test_an_unclosed_quote_stops_at_the_end_of_its_paragraph():
    text = "The chef said “the oven is broken and nobody came.\nThe next paragraph is narration.\n"
    spans = scan_quotes(text)
    assert [text[s.start : s.end] for s in spans] == ["“the oven is broken and nobody came."]
    assert spans[0].closed is False


def test_a_stray_closing_mark_does_not_swallow_the_article():
    text = "A stray mark” here.\nThen “a real quote” follows.\nAnd an 'apostrophe-like start\nends."
    assert spans_of(text) == ["“a real quote”"]


def test_a_quote_reopened_on_each_paragraph_is_one_quote():
    text = (
        "She wrote:\n\n“The first paragraph goes on.\n\n“The second one too.\n\n"
        "“The last one closes.”\n\nNarration."
    )
    spans = scan_quotes(text)
    assert len(spans) == 1
    assert text[spans[0].start : spans[0].end].endswith("closes.”")
    assert spans[0].paragraphs == 3


def test_nested_quotes_belong_to_the_outer_quote():
    text = "“He told me ‘never again’ and left,” the clerk said."
    assert spans_of(text) == ["“He told me ‘never again’ and left,”"]


def test_two_single_marks_typed_for_a_double_one_close_it():
    text = "“We open at noon,’’ the baker said. “Not before.’’"
    assert spans_of(text) == ["“We open at noon,’’", "“Not before.’’"]


def test_an_opening_mark_before_a_word_nests_mid_sentence_and_reopens_after_a_full_stop():
    nested = "“I would rather walk than ride what he calls “progress” any day,” she said."
    assert spans_of(nested) == ["“I would rather walk than ride what he calls “progress” any day,”"]
    reopened = "The chef said: “The oven broke at noon. “Nobody came to fix it.”"
    assert spans_of(reopened) == ["“The oven broke at noon. “Nobody came to fix it.”"]


def test_a_quote_may_resume_with_an_ellipsis_after_its_mark():
    text = "He went on.\n” … and then the lights went out,” the guide said."
    assert spans_of(text) == ["” … and then the lights went out,”"]


def test_a_paragraph_going_on_without_its_mark_continues_the_quote_it_closes():
    text = "“The ferry leaves at noon\n\nunless the wind picks up,” the captain said.\n"
    (span,) = scan_quotes(text)
    assert text[span.start : span.end] == text[: text.index(",”") + 2]
    assert span.paragraphs == 2


def test_a_closing_mark_after_a_short_cue_sentence_closes_words_whose_mark_was_left_out():
    text = "“We lost the match,” the coach said. Nobody played well today.”\nThe season ends soon.”"
    assert spans_of(text) == ["“We lost the match,”", " Nobody played well today.”"]


@pytest.mark.parametrize(
    "text",
    [
        'His niece, Marcia "Cia" Price, shouted to the crowd.',
        "The court heard that Joaquín “El Chapo” Guzmán ran the cartel.",
        "Rep. Tom ‘Tommy’ Dale took the floor.",
    ],
)
def test_a_nickname_between_a_given_name_and_a_surname_is_no_quote(text):
    assert spans_of(text) == []


def test_a_capitalised_quote_between_other_words_is_still_a_quote():
    text = 'The board said "No" Tuesday, and Ann said "Never Again" to the crowd.'
    assert spans_of(text) == ['"No"', '"Never Again"']


def test_mismatched_curly_and_straight_marks_still_pair():
    text = 'The mayor saw “no danger" in the plan.'
    assert spans_of(text) == ['“no danger"']


def test_every_mark_that_opens_or_closes_a_quote_is_a_quote_mark():
    assert set(CLOSERS) <= QUOTE_MARKS
    assert set("".join(CLOSERS.values())) <= QUOTE_MARKS
    assert "\u203a" in QUOTE_MARKS and "-" not in QUOTE_MARKS


def test_the_parser_friendly_copy_curls_the_marks_of_quotes_and_keeps_offsets():
    text = "Il a dit «non» et 'peut-être' hier, l'homme."
    friendly = parser_friendly(text, scan_quotes(text))
    assert len(friendly) == len(text)
    assert friendly == "Il a dit “non” et “peut-être” hier, l'homme."


def test_an_unclosed_quote_keeps_its_last_character_in_the_parser_friendly_copy():
    text = "He said «we will stay.\nNarration."
    friendly = parser_friendly(text, scan_quotes(text))
    assert friendly == "He said “we will stay.\nNarration."


def test_the_words_of_a_quote_are_counted_without_its_marks():
    text = "She said “the bridge won’t open, not this year.” today."
    (span,) = scan_quotes(text)
    assert content_words(text, span) == 7
    assert ends_with_sentence_punct(text, span)


@pytest.mark.parametrize(
    ("content", "title"),
    [
        ("The Art of the Deal", True),
        ("Morning Joe", True),
        ("we will not give up", False),
        ("Stop. Think Again", False),
        ("One Two Three Four Five Six Seven Eight Nine", False),
    ],
)
def test_a_title_has_every_major_word_capitalised(content, title):
    assert looks_like_title(content) is title
