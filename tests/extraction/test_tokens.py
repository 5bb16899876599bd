"""Token tests shared by the stages: speech verbs, "according to", relative pronouns, nominals, the choice
of tokens by part of speech."""

import numpy
import pytest
from spacy import parts_of_speech

from attribution.extraction import extract
from attribution.extraction.tokens import (
    is_according,
    is_nominal,
    is_quote_mark,
    is_speech_verb,
    relative_antecedent,
    tokens_with_pos,
)

from .helpers import token


def test_according_is_a_cue_only_before_to(parse):
    chunk, _ctx = parse("According to the clerk, turnout rose. She acted according.")
    assert is_according(token(chunk, "According"))
    assert not is_according(token(chunk, "according"))


def test_a_relative_pronoun_stands_for_the_noun_its_clause_hangs_on(parse):
    chunk, _ctx = parse("The minister, who said the plan would work, left early.")
    assert relative_antecedent(token(chunk, "who")).text == "minister"
    assert relative_antecedent(token(chunk, "plan")).text == "plan"


def test_speech_verbs_leave_out_weak_cues_when_asked(parse):
    chunk, _ctx = parse("“We will go on,” she continued. The mayor said the rules were clear.")
    assert is_speech_verb(token(chunk, "said"))
    assert is_speech_verb(token(chunk, "continued"))
    assert not is_speech_verb(token(chunk, "continued"), weak_ok=False)
    assert not is_speech_verb(token(chunk, "rules"))


def test_quote_marks_are_not_nominal(parse):
    chunk, _ctx = parse("The mayor said “no” again.")
    assert is_quote_mark(token(chunk, "“"))
    assert not is_nominal(token(chunk, "“"))
    assert is_nominal(token(chunk, "mayor"))


def test_tokens_are_chosen_by_part_of_speech_or_by_word(parse):
    chunk, _ctx = parse("According to the clerk, turnout rose quickly.")
    nouns = numpy.array([parts_of_speech.NOUN], dtype="uint64")
    assert [t.text for t in tokens_with_pos(chunk.doc, nouns)] == ["clerk", "turnout"]
    with_word = [t.text for t in tokens_with_pos(chunk.doc, nouns, ("according",))]
    assert with_word == ["According", "clerk", "turnout"]


@pytest.mark.parametrize(
    "text",
    [
        "The council called an emergency meeting to discuss the flooding.",
        "She called in to a radio phone-in about the parking rules last night.",
    ],
)
def test_calling_a_meeting_or_calling_in_is_not_speech(nlp, text):
    assert extract(text, nlp) == []
