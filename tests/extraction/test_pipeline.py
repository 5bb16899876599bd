"""Loading, chunking and batching, offsets and the public API of attribution.extraction."""

import json

import pytest

from attribution.extraction import EXTRACTOR_VERSION, Quote, extract, extract_many, load_pipeline, scan_quotes
from attribution.extraction import pipeline as pipeline_module
from attribution.extraction.pipeline import _batches

from .helpers import quote_at


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


def test_a_subheading_without_a_full_stop_is_not_the_next_paragraphs_subject(nlp):
    text = (
        "Hospitals under strain\n\nGuest said too often, the emergency room becomes a safety net for others."
    )
    q = quote_at(extract(text, nlp), "emergency")
    assert (q.text, q.speaker.name) == (
        "the emergency room becomes a safety net for others",
        "Guest",
    )


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


def test_long_texts_are_parsed_a_few_chunks_at_a_time():
    # the parse's memory grows with the characters in flight: a 1 MB article must not be one 8-chunk batch
    pieces = [("x" * 20_000, i * 20_000) for i in range(5)] + [("short", 100_000), ("y" * 50_000, 100_005)]
    groups = list(_batches(pieces, size=8, chars=40_000))
    assert [len(g) for g in groups] == [2, 2, 2, 1]
    assert [p for g in groups for p in g] == pieces  # nothing lost, order kept
    assert all(sum(len(t) for t, _ in g) <= 40_000 or len(g) == 1 for g in groups)


def test_short_articles_are_batched_by_count():
    pieces = [("a short article", i) for i in range(20)]
    assert [len(g) for g in _batches(pieces, size=8, chars=40_000)] == [8, 8, 4]


def test_the_package_exports_what_the_django_side_uses():
    import attribution.extraction as extraction

    assert set(extraction.__all__) == {
        "EXTRACTOR_VERSION",
        "Quote",
        "QuoteSpan",
        "Speaker",
        "extract",
        "extract_many",
        "load_pipeline",
        "scan_quotes",
    }


@pytest.mark.parametrize("brk", ["\n", "\n\n"])
def test_a_line_break_ends_a_sentence(nlp, brk):
    doc = nlp(f"Harbour plans for the spring{brk}Paul Ortega said the pier will reopen in May.")
    assert [s.text.strip() for s in doc.sents if not s.text.isspace()] == [
        "Harbour plans for the spring",
        "Paul Ortega said the pier will reopen in May.",
    ]


def test_a_speaker_under_a_subheading_is_the_antecedent_of_the_next_he(nlp):
    text = (
        "Former mayor Tom Reid announced on Monday that he would retire in June.\n\n"
        "Money for the harbour\n\n"
        "Paul Ortega said the ferry company will need more berths next year.\n\n"
        "“We cannot wait for another study,” he said."
    )
    assert quote_at(extract(text, nlp), "another study").speaker.name == "Paul Ortega"


@pytest.mark.parametrize("title", ["Cpl.", "Const.", "Sgt.", "Insp.", "Supt.", "Det."])
def test_an_abbreviated_rank_neither_ends_a_sentence_nor_parts_it_from_the_name(nlp, title):
    text = f"According to the police, a report filed by {title} Dana Pike showed the car was speeding."
    q = quote_at(extract(text, nlp), "report")
    assert q.text == f"a report filed by {title} Dana Pike showed the car was speeding"
    assert [t.text for t in nlp.tokenizer(f"by {title} Dana")] == ["by", title, "Dana"]
