"""Cues: the speech verb of a quote and the token naming who performs it."""

from attribution.extraction import extract

from .helpers import quote_at


def test_a_document_released_by_someone_speaks_for_them(nlp):
    text = "A statement released by the harbour authority said the pier would stay closed until spring."
    q = quote_at(extract(text, nlp), "pier would stay closed")
    assert q.speaker.name == "the harbour authority"


def test_a_quote_said_by_a_letter_from_someone_is_theirs(nlp):
    text = "“The pier stays shut until the inspection is done,” said a letter from the ferry workers union."
    q = quote_at(extract(text, nlp), "pier stays shut")
    assert q.speaker.name == "the ferry workers union"


def test_a_person_with_a_by_phrase_is_still_the_speaker(nlp):
    text = "A fisherman rescued by the coast guard said the storm had come without warning."
    q = quote_at(extract(text, nlp), "storm had come")
    assert "fisherman" in q.speaker.name


def test_a_document_obtained_by_someone_is_not_theirs(nlp):
    text = "Emails obtained by the local paper show the mayor knew about the leak in March."
    quotes = extract(text, nlp)
    assert all(q.speaker is None or "paper" not in q.speaker.name for q in quotes)


def test_someone_named_by_their_age_is_the_speaker(nlp):
    q = quote_at(extract("“Look, there is a whale in the bay!” says my four-year-old.", nlp), "whale")
    assert q.speaker is not None and "four-year-old" in q.speaker.name
