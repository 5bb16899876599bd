"""Retrain the confidence scorer from the newsroom's own review work (see the README, "Confidence and the
scorer")."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from attribution import extraction
from attribution.extraction import training
from attribution.models import Article, Quote

# fewer reviewed quotes than this teach the scorer less than the shipped model already knows
MIN_REVIEWED_QUOTES = 200
REVIEWED = [Quote.ReviewState.CONFIRMED, Quote.ReviewState.EDITED, Quote.ReviewState.REJECTED]


def speaker_heads(quote: Quote) -> tuple[str, ...]:
    """The word a right speaker's name must hold: the last word of the stored speaker's name ("Macron",
    "official" of "a senior official")."""
    if quote.speaker is None:
        return ()
    words = [w for w in quote.speaker.name.split() if any(c.isalnum() for c in w)]
    return (words[-1].strip(".,;:'\u2019\""),) if words else ()


def reviewed_article(article: Article) -> training.Article:
    """The article's quotes as gold. Confirmed and edited ones are quotes (a machine quote whose speaker was
    corrected has the corrected speaker, so the candidate that gave the old one is wrong, its span right);
    rejected ones are not; unreviewed ones count neither way. Once the whole article is marked reviewed, a
    candidate on none of its quotes is wrong: the reviewer would have added it."""
    golds = []
    for q in article.quotes.all():
        reviewed = q.review_state != Quote.ReviewState.UNREVIEWED
        rejected = q.review_state == Quote.ReviewState.REJECTED
        golds.append(training.Gold(q.start, q.end, speaker_heads(q), counts=reviewed, right=not rejected))
    return training.Article(str(article.id), article.text, golds, complete=article.reviewed_at is not None)


class Command(BaseCommand):
    help = (
        "Retrain the confidence scorer from reviewed quotes (confirmed: right; rejected or speaker "
        "corrected: wrong; added by hand: missed), optionally with the development corpora; write its model."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--eval",
            dest="eval_dir",
            type=Path,
            help="folder of the development corpora (seed_article.txt, *_dev.jsonl) to add",
        )
        parser.add_argument("--out", type=Path, help="where to write the model (default: SCORER_MODEL)")
        parser.add_argument("--batch-size", type=int, default=8)

    def handle(self, *args, eval_dir: Path | None, out: Path | None, batch_size: int, **options) -> None:
        out = out or Path(settings.SCORER_MODEL)
        articles = (
            Article.objects.filter(state=Article.State.DONE)
            .filter(Q(reviewed_at__isnull=False) | Q(quotes__review_state__in=REVIEWED))
            .distinct()
            .prefetch_related("quotes__speaker")
            .order_by("id")
        )
        reviewed = Quote.objects.filter(article__in=articles).exclude(
            review_state=Quote.ReviewState.UNREVIEWED
        )
        count = reviewed.count()
        if count < MIN_REVIEWED_QUOTES:
            raise CommandError(
                f"Only {count} reviewed quotes: retraining needs at least {MIN_REVIEWED_QUOTES}. Review more "
                "articles (or add the development corpora with --eval and at least that many reviews)."
            )
        added = reviewed.filter(origin=Quote.Origin.HUMAN).count()
        nlp = extraction.load_pipeline(settings.SPACY_MODEL)
        corpora = [
            training.examples(
                nlp, (reviewed_article(a) for a in articles.iterator(chunk_size=100)), "newsroom", batch_size
            )
        ]
        if eval_dir is not None:
            try:
                corpora += training.eval_corpora(nlp, eval_dir)
            except OSError as exc:
                raise CommandError(f"Cannot read the development corpora in {eval_dir}: {exc}") from None
        try:
            model, report = training.train(corpora)
        except ValueError as exc:
            raise CommandError(f"Cannot train the scorer: {exc}.") from None
        self.stdout.write(f"{count} reviewed quotes, {added} of them added by hand (missed by the extractor)")
        for line in report:
            self.stdout.write(line)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(model.to_json(trained_on="newsroom reviews", **report.summary), encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write the model to {out}: {exc}") from None
        self.stdout.write(f"-> {out}: restart the workers to use it (each reads it once)")
