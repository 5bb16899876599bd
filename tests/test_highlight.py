from dataclasses import dataclass

from attribution.highlight import Segment, paragraphs


@dataclass
class Q:
    id: int
    start: int
    end: int


def _render(paras):
    return [[(s.text, s.quote.id if s.quote else None, s.starts_quote) for s in p] for p in paras]


def test_text_without_quotes_is_one_plain_segment_per_paragraph():
    assert _render(paragraphs("One.\n\nTwo.", [])) == [[("One.", None, False)], [("Two.", None, False)]]


def test_a_quote_is_cut_out_of_its_paragraph():
    text = "He said «yes» twice."
    quote = Q(1, text.index("«"), text.index("»") + 1)
    assert _render(paragraphs(text, [quote])) == [
        [("He said ", None, False), ("«yes»", 1, True), (" twice.", None, False)]
    ]


def test_a_quote_over_two_paragraphs_is_marked_in_both_but_anchored_once():
    text = "«First part.\n«Second part.» he said."
    quote = Q(7, 0, text.index("»") + 1)
    assert _render(paragraphs(text, [quote])) == [
        [("«First part.", 7, True)],
        [("«Second part.»", 7, False), (" he said.", None, False)],
    ]


def test_a_nested_quote_wins_inside_its_span_and_the_outer_one_continues_after_it():
    text = "She said that the plan is «bold» and fair."
    outer = Q(1, text.index("the"), len(text) - 1)
    inner = Q(2, text.index("«"), text.index("»") + 1)
    (segments,) = _render(paragraphs(text, [outer, inner]))
    assert segments == [
        ("She said that ", None, False),
        ("the plan is ", 1, True),
        ("«bold»", 2, True),
        (" and fair", 1, False),
        (".", None, False),
    ]


def test_spans_outside_the_text_are_ignored():
    assert paragraphs("Short.", [Q(1, 3, 99)]) == [[Segment("Short.")]]


def test_paragraphs_are_the_extractors_lines_without_their_outer_spaces():
    text = "  One.  \n\n\tTwo.\r\n"
    assert [[(s.text, s.start) for s in p] for p in paragraphs(text, [])] == [[("One.", 2)], [("Two.", 11)]]
