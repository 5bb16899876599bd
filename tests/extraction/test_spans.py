"""Span arithmetic: paragraphs, a position inside a span, overlapping and covered spans."""

from attribution.extraction.spans import covered, inside, overlapping, paragraph_bounds


def test_paragraphs_are_the_non_blank_lines_without_their_outer_spaces():
    text = "  First line.  \n\n\t\nSecond\r\nthird"
    assert [text[a:b] for a, b in paragraph_bounds(text)] == ["First line.", "Second", "third"]


def test_a_position_is_inside_a_span_from_its_start_to_before_its_end():
    spans = [(2, 5), (9, 12)]
    assert [p for p in range(14) if inside(p, spans)] == [2, 3, 4, 9, 10, 11]
    assert not inside(0, [])


def test_overlapping_spans_are_those_sharing_a_character():
    spans = [(0, 3), (5, 8), (10, 15)]
    assert overlapping((2, 6), spans) == [(0, 3), (5, 8)]
    assert overlapping((3, 5), spans) == []
    assert overlapping((8, 20), spans) == [(10, 15)]


def test_covered_counts_the_characters_the_spans_cover():
    assert covered((2, 12), [(0, 3), (5, 8), (10, 15)]) == 1 + 3 + 2
    assert covered((3, 5), [(0, 3), (5, 8)]) == 0
