"""Training of the scorer (scikit-learn, imported only here): label the candidates the extractor keeps
against gold quotes, fit a logistic regression over their features, cross-validate it by article and choose
the threshold below which a candidate is dropped.

Used by ``scripts/train_scorer.py`` (the development corpora and the seed) and ``manage.py train_scorer``
(a newsroom's reviewed quotes). No Django here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from .features import Features
from .pipeline import Scored, candidates_many
from .scoring import Model

# a string feature's value seen fewer times than this in training counts as "other"
MIN_VALUE_COUNT = 5
# inverse strength of the L2 penalty: chosen by article-grouped cross-validation on the corpora (extractor
# 0.4.0: 0.2 gives PolNeAR 0.777 and GGT 0.818, 0.5 gives 0.776 and 0.808, 1.0 0.772 and 0.796)
C = 0.2
FOLDS = 5
# thresholds tried, and how much F1 (the worse corpus's gain) the choice may give up to sit lower
THRESHOLDS = [k / 100 for k in range(0, 61)]
THRESHOLD_SLACK = 0.002
# no corpus may lose more F1 than this to the threshold (PolNeAR, whose annotators also mark reported
# speech the extractor keeps, gains nothing from dropping: its "wrong" quotes are mostly real speech)
MAX_F1_LOSS = 0.005


@dataclass(frozen=True)
class Gold:
    """A gold quote: its bounds, the words one of which a right speaker's name must contain (empty: any
    speaker will do), whether it counts (a PolNeAR belief, a seed scare quote: neither right nor wrong)
    and whether it is a quote at all (``right`` False: a reviewer rejected it, a candidate on it is wrong)."""

    start: int
    end: int
    heads: tuple[str, ...] = ()
    counts: bool = True
    right: bool = True


@dataclass(frozen=True)
class Article:
    """A text and its gold quotes. ``complete``: every quote of it is in the gold, so a candidate that
    matches none is wrong; otherwise (an article partly reviewed) such a candidate is left out."""

    id: str
    text: str
    golds: list[Gold]
    complete: bool = True


@dataclass
class Example:
    """A kept candidate with its label: 1 right, 0 wrong; ``matched`` its span found a counted gold."""

    features: Features
    label: int
    matched: bool
    group: str  # the article: cross-validation keeps an article's candidates in one fold


@dataclass
class Corpus:
    name: str
    examples: list[Example] = field(default_factory=list)
    gold: int = 0  # counted gold quotes, for recall and F1


def match(preds: Sequence[tuple[int, int]], golds: Sequence[Gold]) -> list[int | None]:
    """For each prediction, the index of the gold quote it matches or None: the overlap covers at least
    half of each, one to one, the largest overlaps paired first."""
    pairs = []
    for i, (ps, pe) in enumerate(preds):
        for j, g in enumerate(golds):
            ov = min(pe, g.end) - max(ps, g.start)
            if ov > 0 and 2 * ov >= pe - ps and 2 * ov >= g.end - g.start:
                pairs.append((-ov, i, j))
    pairs.sort()
    out: list[int | None] = [None] * len(preds)
    used: set[int] = set()
    for _ov, i, j in pairs:
        if out[i] is None and j not in used:
            out[i] = j
            used.add(j)
    return out


def speaker_right(name: str | None, heads: Sequence[str]) -> bool:
    if not heads:
        return True
    return name is not None and any(
        re.search(rf"(?<!\w){re.escape(h)}(?!\w)", name, re.IGNORECASE) for h in heads if h
    )


def label(scored: Sequence[Scored], article: Article, group: str) -> list[Example]:
    """The examples of one article: a candidate is right when it matches a counted gold quote and its
    speaker's name holds the gold head; one matching an uncounted gold quote is left out."""
    golds = article.golds
    found = match([(s.start, s.end) for s in scored], golds)
    out = []
    for s, j in zip(scored, found, strict=True):
        if (j is not None and not golds[j].counts) or (j is None and not article.complete):
            continue
        name = s.quote.speaker.name if s.quote.speaker is not None else None
        matched = j is not None and golds[j].right
        right = matched and speaker_right(name, golds[j].heads)
        out.append(Example(s.features, int(right), matched, group))
    return out


def examples(nlp: Language, articles: Iterable[Article], name: str, batch_size: int = 8) -> Corpus:
    """Run the extractor over the articles and label what it keeps."""
    articles = list(articles)
    corpus = Corpus(name, gold=sum(g.counts and g.right for a in articles for g in a.golds))
    texts = (a.text for a in articles)
    for article, cands in zip(articles, candidates_many(texts, nlp, batch_size), strict=True):
        corpus.examples += label(cands, article, f"{name}/{article.id}")
    return corpus


# -- the evaluation corpora (read from a folder outside the repository at run time) ---------------------
def seed_articles(folder: Path) -> list[Article]:
    text = (folder / "seed_article.txt").read_text(encoding="utf-8")
    data = json.loads((folder / "seed_gold.json").read_text(encoding="utf-8"))
    golds = []
    for q in data["quotes"]:
        at = -1
        for _ in range(q.get("occurrence", 0) + 1):
            at = text.index(q["text"], at + 1)
        heads = tuple(data["speakers"][q["speaker"]]["heads"]) if q.get("speaker") else ()
        golds.append(Gold(at, at + len(q["text"]), heads, q.get("required", True)))
    return [Article("seed", text, golds)]


def jsonl_articles(path: Path, speech_only: bool) -> list[Article]:
    """PolNeAR (``speech_only``: a quote counts when it has a speech cue or is direct) or the GGT set."""
    out = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            a = json.loads(line)
            golds = [
                Gold(
                    q["start"],
                    q["end"],
                    (q["speaker_head"],) if q.get("speaker_head") else (),
                    not speech_only or bool(q.get("speech_cue")) or q.get("kind") == "direct",
                )
                for q in a["quotes"]
            ]
            out.append(Article(str(a["id"]), a["text"], golds))
    return out


def eval_corpora(nlp: Language, folder: Path) -> list[Corpus]:
    return [
        examples(nlp, seed_articles(folder), "seed"),
        examples(nlp, jsonl_articles(folder / "polnear_dev.jsonl", speech_only=True), "polnear_dev"),
        examples(nlp, jsonl_articles(folder / "ggt_dev.jsonl", speech_only=False), "ggt_dev"),
    ]


# -- fitting -------------------------------------------------------------------------------------------
def _common_values(rows: Sequence[Features]) -> set[tuple[str, str]]:
    seen = Counter((k, v) for f in rows for k, v in f.items() if isinstance(v, str))
    return {kv for kv, n in seen.items() if n >= MIN_VALUE_COUNT}


def _vector_rows(rows: Sequence[Features], common: set[tuple[str, str]]) -> list[dict[str, float]]:
    """Features as DictVectorizer takes them, a rare string value as "other" (as Model.probability does)."""
    out = []
    for f in rows:
        d: dict[str, float] = {}
        for k, v in f.items():
            if isinstance(v, str):
                d[f"{k}={v if (k, v) in common else 'other'}"] = 1.0
            else:
                d[k] = float(v)
        out.append(d)
    return out


def fit(rows: Sequence[Features], labels: Sequence[int], threshold: float = 0.0) -> Model:
    """A logistic regression over ``rows`` (deterministic: lbfgs from zero weights)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        raise ValueError("training needs both right and wrong quotes")
    common = _common_values(rows)
    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform(_vector_rows(rows, common))
    lr = LogisticRegression(C=C, max_iter=5000)
    lr.fit(x, list(labels))
    weights = {n: float(w) for n, w in zip(vec.get_feature_names_out(), lr.coef_[0], strict=True)}
    # every string feature gets an "other" weight (0 when none was rare) so unseen values read as rare ones
    for k in {k for f in rows for k, v in f.items() if isinstance(v, str)}:
        weights.setdefault(f"{k}=other", 0.0)
    return Model(float(lr.intercept_[0]), weights, threshold)


def cross_validated(examples: Sequence[Example], folds: int = FOLDS) -> list[float]:
    """Each example's probability from a model fitted on the other articles (grouped k-fold)."""
    from sklearn.model_selection import GroupKFold

    groups = [e.group for e in examples]
    if len(set(groups)) < 2:
        raise ValueError("cross-validation needs at least two articles")
    out = [0.0] * len(examples)
    for train, test in GroupKFold(n_splits=min(folds, len(set(groups)))).split(examples, groups=groups):
        labels = [examples[i].label for i in train]
        if len(set(labels)) < 2:  # a fold of one kind only (a tiny archive): it can only give the base rate
            for i in test:
                out[i] = float(labels[0])
            continue
        model = fit([examples[i].features for i in train], labels)
        for i in test:
            out[i] = model.probability(examples[i].features)
    return out


def auc(probs: Sequence[float], labels: Sequence[int]) -> float | None:
    """The chance that a right example scores above a wrong one (ties count half)."""
    if len(set(labels)) < 2:
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(list(labels), list(probs)))


def f1_at(probs: Sequence[float], examples: Sequence[Example], gold: int, t: float) -> float:
    """Span F1 (as the corpora's scorer counts it) when candidates below ``t`` are dropped."""
    tp = sum(1 for p, e in zip(probs, examples, strict=True) if p >= t and e.matched)
    fp = sum(1 for p, e in zip(probs, examples, strict=True) if p >= t and not e.matched)
    return 2 * tp / (2 * tp + fp + (gold - tp)) if tp else 0.0


def choose_threshold(results: Sequence[tuple[Sequence[float], Sequence[Example], int]]) -> float:
    """Where dropping stops paying: the threshold whose mean gain in F1 over the corpora is largest while no
    corpus loses more than MAX_F1_LOSS, taking the lowest threshold within THRESHOLD_SLACK of that best (a
    dropped right quote is lost to the reviewer, a kept wrong one only costs a click)."""
    base = [f1_at(p, e, g, 0.0) for p, e, g in results]
    gains = {}
    for t in THRESHOLDS:
        change = [f1_at(p, e, g, t) - b for (p, e, g), b in zip(results, base, strict=True)]
        if min(change) >= -MAX_F1_LOSS:
            gains[t] = sum(change) / len(change)
    best = max(gains.values())
    return min(t for t, g in gains.items() if g >= best - THRESHOLD_SLACK)


# corpora with fewer examples than this (the seed article) are trained on but do not choose the threshold
MIN_EXAMPLES_FOR_THRESHOLD = 100


@dataclass
class Report:
    """What training found, as lines to print and as figures to store beside the weights."""

    lines: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.lines)


def recall_at(probs: Sequence[float], examples: Sequence[Example], gold: int, t: float) -> float:
    tp = sum(1 for p, e in zip(probs, examples, strict=True) if p >= t and e.matched)
    return tp / gold if gold else 0.0


def train(corpora: Sequence[Corpus]) -> tuple[Model, Report]:
    """Cross-validate by article over all corpora together, choose the threshold on the cross-validated
    probabilities, and fit the shipped model on everything."""
    every = [e for c in corpora for e in c.examples]
    if len({e.label for e in every}) < 2:
        raise ValueError("training needs both right and wrong quotes")
    cv = cross_validated(every)
    by_corpus = []
    k = 0
    for c in corpora:
        by_corpus.append((c, cv[k : k + len(c.examples)]))
        k += len(c.examples)
    deciding = [
        (p, c.examples, c.gold) for c, p in by_corpus if len(c.examples) >= MIN_EXAMPLES_FOR_THRESHOLD
    ]
    threshold = choose_threshold(deciding or [(p, c.examples, c.gold) for c, p in by_corpus])
    model = fit([e.features for e in every], [e.label for e in every], threshold)
    report = Report()
    report.summary = {"examples": len(every), "corpora": {}}
    report.lines.append(f"threshold {threshold:.2f} (chosen on the cross-validated probabilities)")
    for c, p in by_corpus:
        labels = [e.label for e in c.examples]
        fitted = [model.probability(e.features) for e in c.examples]
        cv_auc, in_auc = auc(p, labels), auc(fitted, labels)
        f0, ft = f1_at(p, c.examples, c.gold, 0.0), f1_at(p, c.examples, c.gold, threshold)
        r0, rt = recall_at(p, c.examples, c.gold, 0.0), recall_at(p, c.examples, c.gold, threshold)
        dropped = sum(1 for x in p if x < threshold)
        figures = {
            "examples": len(c.examples),
            "right": sum(labels),
            "gold": c.gold,
            "cv_auc": _round(cv_auc),
            "in_sample_auc": _round(in_auc),
            "f1": [round(f0, 3), round(ft, 3)],
            "recall": [round(r0, 3), round(rt, 3)],
            "dropped": dropped,
        }
        report.summary["corpora"][c.name] = figures
        report.lines.append(
            f"{c.name}: {len(c.examples)} candidates ({sum(labels)} right), {c.gold} gold;"
            f" AUC cross-validated {_fmt(cv_auc)}, in-sample {_fmt(in_auc)};"
            f" at the threshold {dropped} dropped, F1 {f0:.3f} -> {ft:.3f}, recall {r0:.3f} -> {rt:.3f}"
        )
    return model, report


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"
