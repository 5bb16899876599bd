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


def test_the_object_of_a_verb_before_its_content_is_not_the_speaker(nlp):
    # only a cue after its content inverts ("…,” said the coach); before the content its object is heard
    text = (
        "The harbour board issued its report and dismissed those complaints as “a distraction from the work.”"
    )
    q = quote_at(extract(text, nlp), "distraction")
    assert q.speaker is None or "complaints" not in q.speaker.name


def test_the_object_of_the_verb_a_cue_is_joined_to_does_not_speak(nlp):
    text = "The coach will try to turn the crowd against the referees and accuse the league of bias."
    quotes = extract(text, nlp)
    assert all(q.speaker is None or "crowd" not in q.speaker.name for q in quotes)


def test_a_participle_cue_before_a_quote_keeps_its_clause_subject(nlp):
    text = (
        "The senator spoke for an hour, suggesting a few questions, including, "
        "“Why is the bridge still closed after six years?”"
    )
    q = quote_at(extract(text, nlp), "bridge still closed")
    assert q.speaker is not None and q.speaker.name == "The senator"


def test_a_name_after_the_cue_that_follows_its_quote_is_the_speaker(nlp):
    q = quote_at(extract("“We are ready for the storm,” said Marta Quinlan, the fire chief.", nlp), "ready")
    assert q.speaker.name == "Marta Quinlan"
    q = quote_at(extract("The repairs will take until June, says the engineer.", nlp), "repairs")
    assert q.speaker is not None and "engineer" in q.speaker.name


def test_a_cue_after_an_adjective_of_ability_is_the_subject_of_its_verb(nlp):
    text = "The coach was quick to point out that the referees had missed three fouls."
    q = quote_at(extract(text, nlp), "referees had missed")
    assert q.speaker is not None and q.speaker.name == "The coach"


def test_according_to_a_document_filed_by_someone_is_theirs(nlp):
    text = (
        "According to a civil complaint filed by the harbour authority, the operators ignored "
        "eleven safety orders."
    )
    q = quote_at(extract(text, nlp), "ignored eleven safety orders")
    assert q.speaker.name == "the harbour authority"


def test_a_speech_someone_delivered_speaks_for_them(nlp):
    text = "The levy would end by 2030, according to a speech the finance minister delivered in May."
    q = quote_at(extract(text, nlp), "levy would end")
    assert q.speaker is not None and "finance minister" in q.speaker.name


def test_footage_of_someone_saying_is_theirs(nlp):
    text = "The clip features footage of Ann Lee telling the crowd, “We will rebuild the pier by June.”"
    q = quote_at(extract(text, nlp), "rebuild the pier")
    assert q.speaker is not None and q.speaker.name == "Ann Lee"


def test_the_object_of_a_verb_of_prompting_carries_out_its_speech(nlp):
    text = "The flood shut the pumping station, prompting the city to urge residents to boil their tap water."
    q = quote_at(extract(text, nlp), "boil")
    assert q.text == "to boil their tap water"
    assert q.speaker.name == "the city"


def test_a_person_named_by_a_hyphenated_phrase_can_speak(nlp):
    text = "The former sergeant-at-arms of the legislature said Monday he is weighing a run for mayor of Oak."
    q = quote_at(extract(text, nlp), "weighing")
    assert q.text == "he is weighing a run for mayor of Oak"
    assert "sergeant-at-arms" in q.speaker.name
