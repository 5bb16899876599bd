"""Hostile and odd text never crashes the extractor and never takes unbounded time."""

import random
import time

import pytest

from attribution.extraction import extract


def _check(text, nlp, *, seconds: float):
    started = time.perf_counter()
    quotes = extract(text, nlp)
    elapsed = time.perf_counter() - started
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
        assert 0.0 <= quote.confidence <= 1.0
    return quotes


@pytest.mark.parametrize("text", ["", " ", "\n\n\t", "\u00a0\u2009"])
def test_empty_text_has_no_quotes(text, nlp):
    assert _check(text, nlp, seconds=1) == []


def test_text_without_quotes_has_none(nlp):
    assert _check("The council met on Tuesday. The budget passed. Rain is expected.", nlp, seconds=2) == []


def test_ten_thousand_quotation_marks_finish_quickly(nlp):
    text = "He said " + "“" * 5000 + " and " + "”" * 5000 + " " + '"' * 2000 + "'" * 2000
    _check(text, nlp, seconds=30)


def test_alternating_marks_and_words_finish_quickly(nlp):
    text = " ".join(f"«word{i}» said X." if i % 3 else f"“open {i}" for i in range(3000))
    _check(text, nlp, seconds=60)


def test_binary_junk_decoded_as_text_does_not_crash(nlp):
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(20_000)).decode("latin-1")
    _check(junk, nlp, seconds=30)


@pytest.mark.parametrize(
    "text",
    [
        "«Nous ne céderons pas», a déclaré le ministre. « C'est clair », a-t-il ajouté.",
        "„Wir schaffen das“, sagte die Kanzlerin am Montag.",
        "「我们不会放弃」，他说。«Мы не сдадимся», — сказал министр.",
        "قال الوزير: «لن نستسلم».",
    ],
)
def test_non_english_text_gets_a_result(text, nlp):
    _check(text, nlp, seconds=5)


def test_a_one_megabyte_article_finishes_in_bounded_time(nlp):
    paragraph = (
        "«We will rebuild the bridge by spring,» said Mayor Ana Ruiz, who spoke at the town hall on Monday. "
        "The council, according to a spokesperson, expects costs to rise. "
        "Critics warned that delays were likely.\n\n"
    )
    text = paragraph * (1_000_000 // len(paragraph) + 1)
    assert len(text) > 1_000_000
    quotes = _check(text, nlp, seconds=240)
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) >= 1_000_000 // len(paragraph)
    assert all(q.speaker and "Ruiz" in q.speaker.name for q in direct)
