"""Quotation-mark scanning, offsets, chunking and the public API of attribution.extraction."""

import json

import pytest

from attribution.extraction import EXTRACTOR_VERSION, Quote, extract, extract_many, load_pipeline, scan_quotes
from attribution.extraction import pipeline as pipeline_module


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def spans_of(text):
    return [text[s.start : s.end] for s in scan_quotes(text)]


# -- scanning ------------------------------------------------------------------------------------------------


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


def test_mismatched_curly_and_straight_marks_still_pair():
    text = 'The mayor saw “no danger" in the plan.'
    assert spans_of(text) == ['“no danger"']


# -- extraction: offsets, shape, edge cases ----------------------------------------------------------------


def test_empty_or_blank_text_gives_no_quotes(nlp):
    assert extract("", nlp) == []
    assert extract(" \n\t\r\n ", nlp) == []


def test_offsets_index_the_original_text_with_crlf_nbsp_and_emoji(nlp):
    text = (
        "The harbour 🚢 reopened\u00a0on Friday.\r\n\r\n"
        "“We expect the first ferries by noon,” said harbour master Tomas Berg.\r\n"
    )
    quotes = extract(text, nlp)
    assert quotes, "the quote must be found"
    for q in quotes:
        assert text[q.start : q.end] == q.text
        if q.speaker is not None and q.speaker.start is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.mention
    assert quotes[0].text == "“We expect the first ferries by noon,”"
    assert quotes[0].speaker.name == "Tomas Berg"


def test_quotes_come_back_sorted_and_serialisable(nlp):
    text = (
        "“The vote is on Tuesday,” said council clerk Ines Moreau. "
        "The clerk added that turnout was expected to be high. “Bring your card,” she said."
    )
    quotes = extract(text, nlp)
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    d = quotes[0].to_dict()
    assert set(d) == {"start", "end", "text", "kind", "cue", "confidence", "speaker"}
    assert set(d["speaker"]) == {"name", "kind", "anonymous", "mention", "start", "end", "anonymity_reason"}
    json.dumps([q.to_dict() for q in quotes])
    assert all(isinstance(q, Quote) and 0.0 <= q.confidence <= 1.0 for q in quotes)


def test_extract_many_keeps_the_order_of_the_texts(nlp):
    texts = ["", "“Open the gates,” the warden said.", "   ", "No quotes here.", "“Close them,” he said."]
    results = list(extract_many(texts, nlp, batch_size=2))
    assert [len(r) for r in results] == [0, 1, 0, 0, 1]
    assert results[4][0].text == "“Close them,”"


def test_long_texts_are_parsed_in_chunks_with_correct_offsets(nlp, monkeypatch):
    para = (
        "“We will keep the mill running,” said mill owner Petra Lind. Workers said the news was a relief.\n\n"
    )
    text = "Intro line.\n\n" + para * 60
    monkeypatch.setattr(pipeline_module, "CHUNK_CHARS", 1500)
    spans = scan_quotes(text)
    assert len(pipeline_module.chunk_bounds(text, spans, 1500)) > 3
    quotes = extract(text, nlp)
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 60
    for q in quotes:
        assert text[q.start : q.end] == q.text
    assert all(q.speaker is not None and q.speaker.name == "Petra Lind" for q in direct)


def test_texts_longer_than_the_spacy_limit_do_not_fail(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 3000)
    para = "“The river is rising,” said ranger Omar Haddad, who has worked there for years.\n"
    text = para * 120  # about 10,000 characters, over the lowered limit
    quotes = extract(text, nlp)
    assert len([q for q in quotes if q.kind == "direct"]) == 120


def test_the_pipeline_is_loaded_once_per_process():
    assert load_pipeline() is load_pipeline()
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION.count(".") == 2


def test_random_mixtures_of_marks_never_break_offsets(nlp):
    import random

    rng = random.Random(7)
    pieces = [
        "“",
        "”",
        '"',
        "'",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "‹",
        "›",
        "''",
        " ",
        "\n",
        "\r\n",
        "\n\n",
        "said",
        "she",
        "the clerk",
        "Anna Berg",
        "according to",
        "that",
        ",",
        ".",
        ":",
        "―",
        "🎉",
        "\u00a0",
        "don't",
    ]
    texts = [
        "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(1, 80)))
        for _ in range(80)
    ]
    for text, quotes in zip(texts, extract_many(texts, nlp), strict=True):
        assert [q.start for q in quotes] == sorted(q.start for q in quotes)
        for q in quotes:
            assert text[q.start : q.end] == q.text
            assert q.kind in {"direct", "indirect", "mixed", "partial"}
            if q.speaker is not None:
                assert q.speaker.name.strip()
                if q.speaker.start is not None:
                    assert text[q.speaker.start : q.speaker.end] == q.speaker.mention
