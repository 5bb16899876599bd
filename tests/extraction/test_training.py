"""Training the scorer: gold matching, labels, fitting, cross-validation and the threshold."""

import pytest

from attribution.extraction import training
from attribution.extraction.pipeline import Scored
from attribution.extraction.training import Article, Example, Gold
from attribution.extraction.types import Quote, Speaker


def scored(start, end, name=None, **features):
    speaker = Speaker(name, "person", False, name, None, None) if name else None
    return Scored(Quote(start, end, "x" * (end - start), "direct", None, 0.0, speaker), features)


def test_a_prediction_matches_a_gold_quote_when_the_overlap_covers_half_of_each():
    golds = [Gold(0, 100), Gold(200, 220)]
    assert training.match([(0, 60), (0, 300), (205, 230)], golds) == [0, None, 1]
    assert training.match([(0, 40)], golds) == [None]  # covers under half of the gold


def test_matching_is_one_to_one_with_the_largest_overlap_first():
    assert training.match([(0, 60), (0, 95)], [Gold(0, 100)]) == [None, 0]


def test_the_speaker_must_hold_the_gold_head_as_a_word():
    assert training.speaker_right("Ellen Kowalski", ["kowalski"])
    assert not training.speaker_right("Ellen Kowalskiova", ["Kowalski"])
    assert not training.speaker_right(None, ["Kowalski"])
    assert training.speaker_right(None, [])  # the gold names no speaker: any will do


def test_labels_are_right_wrong_or_left_out():
    article = Article(
        "a",
        "",
        [
            Gold(0, 10, ("Ruiz",)),
            Gold(20, 30, counts=False),
            Gold(40, 50, ("Ruiz",)),
            Gold(60, 70, right=False),
        ],
    )
    cands = [
        scored(0, 10, "Ana Ruiz"),  # right
        scored(20, 30, "Ana Ruiz"),  # on a belief, not speech: left out
        scored(40, 50, "Tom Reyes"),  # span found, speaker wrong
        scored(60, 70, "Ana Ruiz"),  # on a quote a reviewer rejected
        scored(80, 90, "Ana Ruiz"),  # in no gold
    ]
    got = [(e.label, e.matched) for e in training.label(cands, article, "g")]
    assert got == [(1, True), (0, True), (0, False), (0, False)]


def test_a_partly_reviewed_article_leaves_out_candidates_on_no_stored_quote():
    article = Article("a", "", [Gold(0, 10, ("Ruiz",))], complete=False)
    got = training.label([scored(0, 10, "Ana Ruiz"), scored(80, 90, "Ana Ruiz")], article, "g")
    assert [e.label for e in got] == [1]


def examples(n_articles=6):
    """Made-up examples where a label cue is wrong and a verb cue right."""
    out = []
    for a in range(n_articles):
        for k in range(6):
            verb = k % 3 != 0
            f = {"cue_type": "verb" if verb else "label", "log_words": 1.0 + k / 10}
            out.append(Example(f, int(verb), verb, f"doc{a}"))
    return out


def test_a_fitted_model_ranks_what_it_learned_and_cross_validates_by_article():
    exs = examples()
    model = training.fit([e.features for e in exs], [e.label for e in exs])
    assert model.probability({"cue_type": "verb"}) > 0.5 > model.probability({"cue_type": "label"})
    assert model.weights["cue_type=other"] == 0.0  # every string feature can read an unseen value
    cv = training.cross_validated(exs, folds=3)
    assert training.auc(cv, [e.label for e in exs]) == 1.0


def test_fitting_is_deterministic():
    exs = examples()
    rows, labels = [e.features for e in exs], [e.label for e in exs]
    assert training.fit(rows, labels).to_json() == training.fit(rows, labels).to_json()


def test_training_refuses_one_kind_of_label_only():
    with pytest.raises(ValueError, match="both right and wrong"):
        training.fit([{"a": 1.0}], [1])


def test_the_threshold_drops_what_costs_f1_and_errs_low():
    exs = examples()
    gold = sum(e.matched for e in exs)
    probs = [0.9 if e.label else 0.1 for e in exs]
    t = training.choose_threshold([(probs, exs, gold)])
    assert 0.1 < t <= 0.11  # the lowest threshold that drops every wrong one
    assert training.f1_at(probs, exs, gold, t) == 1.0


def test_no_threshold_when_dropping_loses_f1():
    exs = examples()
    probs = [0.1 if e.label else 0.9 for e in exs]  # the model is upside down
    assert training.choose_threshold([(probs, exs, sum(e.matched for e in exs))]) == 0.0
