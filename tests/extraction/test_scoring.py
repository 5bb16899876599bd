"""Confidence: the features of a kept candidate, the learned model's probability, the threshold, loading."""

import json

import pytest

from attribution.extraction import passes, scoring
from attribution.extraction.chunk import Candidate
from attribution.extraction.features import features, sentence_around

NAMED_SAID = (
    "Harbourview Mayor Ellen Kowalski toured the flooded road on Monday. "
    "“We will rebuild the bridge by spring,” Kowalski said."
)
CAPS_LABEL = (
    "MARKETS: The loonie rose to 76.2 cents US on Tuesday as oil prices climbed.\n\n"
    "Shares of lumber companies fell in early trading."
)


def scored(parse, text):
    chunk, ctx = parse(text)
    return passes.scored(chunk, ctx)


def only(parse, text, fragment):
    found = [(c, f) for c, f in scored(parse, text) if fragment in parse(text)[0].text[c.start : c.end]]
    assert len(found) == 1, found
    return found[0]


def test_a_named_said_quote_has_the_features_of_its_cue_and_speaker(parse):
    cand, f = only(parse, NAMED_SAID, "rebuild")
    assert (f["kind"], f["cue_type"], f["cue_lemma"], f["how"]) == ("direct", "verb", "say", "direct")
    assert (f["speaker_kind"], f["has_speaker"], f["speaker_words"]) == ("person", 1.0, 2.0)
    assert f["marks_both_ends"] == 1.0 and f["first_person"] == 1.0
    assert f["log_name_mentions"] > 0  # "Ellen Kowalski" was named before "Kowalski said"
    assert f["caps_label"] == 0.0 and f["short_line"] == 0.0


def label_line(parse):
    """The features of the "MARKETS:" line read as a cue-less quote: the furniture stage no longer offers it,
    so the scorer is asked about it directly."""
    chunk, ctx = parse(CAPS_LABEL)
    start = CAPS_LABEL.index("The loonie")
    return features(chunk, ctx, Candidate(start, chunk.paragraphs[0][1], "direct"))


def test_a_capitals_label_before_a_colon_is_a_caps_label_line(parse):
    f = label_line(parse)
    assert (f["caps_label"], f["first_paragraph"], f["cue_type"]) == (1.0, 1.0, "none")
    assert f["first_person"] == 0.0  # "US" is not "us"


def test_the_furniture_stage_offers_no_candidate_on_a_section_label(parse):
    assert not [c for c, _f in scored(parse, CAPS_LABEL) if "loonie" in CAPS_LABEL[c.start : c.end]]


def test_a_caption_line_ends_with_a_credit_and_a_candidate_without_cue_or_speaker_says_so(parse):
    chunk, ctx = parse("The new span, seen from the east bank on Monday. (Jane Doe/Harbour Press)\n\nMore.")
    f = features(chunk, ctx, Candidate(0, chunk.paragraphs[0][1], "direct"))
    assert (f["credit"], f["whole_paragraph"], f["first_paragraph"]) == (1.0, 1.0, 1.0)
    assert (f["cue_type"], f["speaker_kind"]) == ("none", "none")
    assert "has_speaker" not in f and "log_cue_distance" not in f


def test_a_short_headline_line_without_a_full_stop_is_a_short_line(parse):
    chunk, ctx = parse("Police Outline The Scheme Behind Fake Rent Cheques\n\nThe story follows.")
    f = features(chunk, ctx, Candidate(0, chunk.paragraphs[0][1], "indirect"))
    assert f["short_line"] == 1.0 and f["title_case"] == 1.0 and f["opens_with"] == "capital"


def test_reported_speech_opening_with_that_is_a_clause_after_that(parse):
    text = "Treasurer Omar Haddad said that the budget would balance by next year."
    _cand, f = only(parse, text, "budget")
    assert f["kind"] == "indirect" and f["after_that"] == 1.0 and f["has_verb"] == 1.0


def test_a_speaker_found_through_she_has_her_gender_and_the_person_named_since(parse):
    text = (
        "Mrs. Ellen Kowalski toured the flooded road on Monday with Jordan Baker.\n\n"
        "“We will rebuild the bridge by spring,” she said."
    )
    _cand, f = only(parse, text, "rebuild")
    assert (f["how"], f["pronoun"], f["gender_agrees"]) == ("pronoun", "she", "yes")
    assert f["nearest_person"] == 0.0  # Jordan Baker was named after her
    assert f["log_same_gender_rivals"] > 0  # and his gender is not known
    assert 0 < f["log_since_named"] < 10
    assert f["tail_opens"] == "cue" and f["renamed"] == 0.0


def test_a_quote_kept_from_the_one_before_counts_how_long_ago_its_speaker_was_named(parse):
    text = "Ellen Kowalski toured the road.\n\n“We will rebuild,” Kowalski said. “Nobody should swim yet.”"
    _cand, f = only(parse, text, "swim")
    assert f["how"] == "continuation" and f["nearest_person"] == 1.0 and "gender_agrees" not in f


def test_a_quote_given_the_person_the_paragraph_before_is_about_says_how(parse):
    text = "Fire chief Omar Haddad walked the burnt mill on Monday.\n\n“We had one truck that night.”"
    _cand, f = only(parse, text, "one truck")
    assert (f["how"], f["nearest_person"]) == ("paragraph", 1.0)


def test_a_description_resolved_to_a_name_is_renamed(parse):
    text = "The mayor, Ellen Kowalski, spoke on Monday. The mayor said the bridge would reopen."
    _cand, f = only(parse, text, "reopen")
    assert f["how"] == "description" and f["renamed"] == 1.0


@pytest.mark.parametrize(
    ("text", "negated", "embedded"),
    [
        ("Treasurer Omar Haddad said that the budget would balance.", 0.0, 0.0),
        ("Treasurer Omar Haddad did not say that the budget would balance.", 1.0, 0.0),
        ("Treasurer Omar Haddad, who said the budget would balance, left early.", 0.0, 1.0),
        ("Treasurer Omar Haddad went on to say that the budget would balance.", 0.0, 1.0),
    ],
)
def test_a_cue_negated_or_inside_a_clause_of_its_own_says_so(parse, text, negated, embedded):
    _cand, f = only(parse, text, "budget")
    assert (f["cue_negated"], f["cue_embedded"]) == (negated, embedded)


@pytest.mark.parametrize(
    ("after", "opens"),
    [
        (".", "none"),
        (", because revenue grew.", "comma"),
        (" because revenue grew.", "subordinate"),
        (" and taxes would fall.", "conjunction"),
        (" by next year.", "preposition"),
    ],
)
def test_what_follows_reported_content_in_its_sentence(after, opens):
    text = "Treasurer Omar Haddad said the budget would balance" + after + " Then he left."
    cand = Candidate(text.index("the budget"), text.index("balance") + len("balance"), "indirect")
    got = sentence_around(text, cand, 0, len(text))
    assert got["tail_opens"] == opens and (got["log_tail_words"] == 0) == (opens == "none")
    assert got["log_lead_words"] > 0  # "Treasurer Omar Haddad said"


def test_a_capitals_label_without_a_speaker_scores_below_a_named_said_quote(parse):
    model = scoring.load_model()
    label = label_line(parse)
    _c, said = only(parse, NAMED_SAID, "rebuild")
    assert model.probability(label) < 0.3 < 0.8 < model.probability(said)


def test_the_shipped_threshold_drops_the_label_and_keeps_the_quote(parse):
    chunk, ctx = parse(CAPS_LABEL + "\n\n" + NAMED_SAID)
    texts = [q.text for q in passes.attribute(chunk, ctx)]
    assert any("rebuild" in t for t in texts)
    assert not any("loonie" in t for t in texts)


def test_a_candidate_below_the_threshold_is_dropped(parse):
    chunk, ctx = parse(NAMED_SAID)
    keep_all = scoring.Model(0.0, {}, 0.0)  # every candidate at 0.5
    drop_all = scoring.Model(0.0, {}, 0.6)
    (quote,) = passes.attribute(chunk, ctx, keep_all)
    assert quote.confidence == 0.5
    assert passes.attribute(*parse(NAMED_SAID), drop_all) == []


def test_the_probability_reads_one_weight_per_value_and_other_for_an_unseen_one():
    model = scoring.Model(-1.0, {"kind=direct": 2.0, "kind=other": -3.0, "log_words": 0.5}, 0.1)
    assert model.probability({"kind": "direct", "log_words": 2.0}) == pytest.approx(1 / (1 + 2.718281828**-2))
    assert model.probability({"kind": "never seen"}) == pytest.approx(1 / (1 + 2.718281828**4))
    assert model.probability({"unknown_feature": 9.0}) == pytest.approx(1 / (1 + 2.718281828))


def test_a_model_written_to_json_reads_back_the_same(tmp_path):
    model = scoring.Model(0.25, {"kind=direct": 1.5, "log_words": -0.125}, 0.07)
    path = tmp_path / "model.json"
    path.write_text(model.to_json(trained_on="test"), encoding="utf-8")
    assert scoring.load_model(path) == model


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No scorer model at"),
        ("{not json", "cannot be read"),
        (
            json.dumps({"format": "something/else", "weights": {}, "intercept": 0, "threshold": 0}),
            "not a model",
        ),
        (json.dumps({"format": scoring.FORMAT, "intercept": 0, "threshold": 0}), "not a model"),
        (
            json.dumps({"format": scoring.FORMAT, "weights": {"a": "x"}, "intercept": 0, "threshold": 0}),
            "not a",
        ),
        (
            json.dumps({"format": scoring.FORMAT, "weights": {}, "intercept": 0, "threshold": 1.5}),
            "threshold",
        ),
    ],
)
def test_a_missing_or_corrupt_model_file_fails_with_a_clear_error(tmp_path, content, message):
    path = tmp_path / "model.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(scoring.ScorerModelError, match=message):
        scoring.load_model(path)


def test_the_model_is_read_once_per_process():
    assert scoring.load_model() is scoring.load_model()


def test_a_quote_carries_the_original_text_its_cue_and_its_confidence():
    quote = scoring.to_quote("«Non», dit-il.", Candidate(0, 5, "direct"), 0.41234)
    assert (quote.text, quote.cue, quote.confidence) == ("«Non»", None, 0.412)
