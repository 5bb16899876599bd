import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from attribution import extraction, services
from attribution.documents import document_from_text
from attribution.extraction import scoring
from attribution.management.commands import train_scorer
from attribution.models import Article, Quote, Speaker
from attribution.search import SearchFilters
from attribution.services import ArticleMetadata, SpeakerChoice, review


def test_extract_quotes_prints_one_json_line_per_file_with_exact_offsets(tmp_path):
    first = tmp_path / "a.txt"
    first.write_text("Intro.\r\n«We will win,» said Maria Lopez, the mayor.\n", encoding="utf-8", newline="")
    second = tmp_path / "b.txt"
    second.write_text("No quotes here.", encoding="utf-8")
    out = io.StringIO()
    call_command("extract_quotes", str(first), str(second), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["source"] for line in lines] == [str(first), str(second)]
    text = first.read_bytes().decode("utf-8")
    (quote,) = lines[0]["quotes"]
    assert text[quote["start"] : quote["end"]] == quote["text"] == "«We will win,»"
    assert quote["speaker"]["name"] == "Maria Lopez"
    assert lines[1]["quotes"] == []


def test_extract_quotes_reads_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("“Fine,” she said.".encode())))
    out = io.StringIO()
    call_command("extract_quotes", "-", stdout=out)
    assert json.loads(out.getvalue())["quotes"][0]["text"] == "“Fine,”"


def test_extract_quotes_names_a_missing_or_undecodable_file(tmp_path):
    with pytest.raises(CommandError, match="missing.txt: No such file"):
        call_command("extract_quotes", str(tmp_path / "missing.txt"))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    with pytest.raises(CommandError, match="bad.txt: not UTF-8"):
        call_command("extract_quotes", str(bad))


def test_ensure_admin_creates_the_first_user_once(groups):
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    assert "Log in as 'admin' with password" in out.getvalue()
    admin = get_user_model().objects.get()
    assert admin.is_superuser and admin.groups.filter(name="Admins").exists()
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    assert out.getvalue() == ""
    assert get_user_model().objects.count() == 1


def test_fill_archive_makes_a_consistent_synthetic_archive(db):
    call_command("fill_archive", articles=30, speakers=12, stdout=io.StringIO())
    assert Article.objects.count() == 30 and Quote.objects.count() == 300
    assert Speaker.objects.named().count() == 12
    for quote in Quote.objects.select_related("article")[:50]:
        assert quote.article.text[quote.start : quote.end] == quote.text
    assert Quote.objects.filter(speaker__anonymous=True).exists()
    assert Quote.objects.matching(SearchFilters(words="government")).exists()  # the search vector is filled
    # named people's quotes carry roles of many categories, a share of them none, the anonymous never
    assert not Quote.objects.filter(speaker__anonymous=True).exclude(speaker_role="").exists()
    assert Quote.objects.filter(speaker__anonymous=False, speaker_role="").exists()
    categories = set(Quote.objects.with_role_category().values_list("role_category", flat=True))
    assert len(categories - {None}) >= 3
    with pytest.raises(CommandError, match="already has articles"):
        call_command("fill_archive", articles=1, speakers=1, stdout=io.StringIO())


REVIEWED_STORIES = [
    "Flood\n\nHarbourview Mayor Ellen Kowalski toured the flooded road on Monday. “We will rebuild the "
    "bridge by spring,” Kowalski said. “Nobody will be left behind,” she added. The province said that "
    "repairs would cost about $4 million.",
    "Transit\n\nCouncil candidate Tom Reyes spoke at the library on Tuesday. “Transit comes first,” Reyes "
    "said. The treasurer, Omar Haddad, said that the budget would balance by next year. Buses are the city's "
    "best hope, in the view of the candidate.",
    "Fire\n\nFire chief Dana Whitfield said the blaze started in a kitchen. “It spread fast,” Whitfield "
    "said. “Check your smoke alarms tonight,” she told residents.",
]


@pytest.fixture
def reviewed_archive(db, editor):
    """Three made-up stories extracted by the real extractor, then reviewed: the first read through with
    one quote rejected, the second with a speaker corrected and a quote added by hand, the third confirmed."""
    nlp = extraction.load_pipeline()
    articles = []
    for text in REVIEWED_STORIES:
        article, _ = services.article_create(document=document_from_text(text), metadata=ArticleMetadata())
        claim = services.extraction_claim(article_id=article.id)
        quotes = extraction.extract(article.text, nlp)
        services.extraction_save(
            article_id=article.id, token=claim.token, quotes=quotes, extractor_version="t"
        )
        articles.append(article)
    flood, transit, fire = articles
    last = flood.quotes.order_by("start").last()
    review.quote_reject(quote_id=last.id, version=last.version, user=editor)
    review.article_mark_reviewed(article_id=flood.id, user=editor)
    first = transit.quotes.order_by("start").first()
    review.quote_correct(
        quote_id=first.id, version=first.version, user=editor, speaker=SpeakerChoice("Priya Raman", "person")
    )
    start = transit.text.index("Buses are")
    end = transit.text.index(", in the view")
    review.quote_add(
        article_id=transit.id,
        user=editor,
        start=start,
        end=end,
        speaker=SpeakerChoice("Tom Reyes", "person"),
        kind="indirect",
    )
    review.article_mark_reviewed(article_id=fire.id, user=editor)
    return articles


def test_train_scorer_refuses_too_few_reviewed_quotes(reviewed_archive, tmp_path):
    with pytest.raises(CommandError, match=r"Only \d+ reviewed quotes: retraining needs at least 200"):
        call_command("train_scorer", out=tmp_path / "model.json", stdout=io.StringIO())
    assert not (tmp_path / "model.json").exists()


def test_train_scorer_learns_from_the_reviews_and_writes_a_model_the_worker_can_load(
    reviewed_archive, tmp_path, monkeypatch, settings
):
    monkeypatch.setattr(train_scorer, "MIN_REVIEWED_QUOTES", 5)
    settings.SCORER_MODEL = str(tmp_path / "models" / "newsroom.json")
    out = io.StringIO()
    call_command("train_scorer", stdout=out)
    report = out.getvalue()
    reviewed = Quote.objects.exclude(review_state=Quote.ReviewState.UNREVIEWED).count()
    assert f"{reviewed} reviewed quotes, 1 of them added by hand" in report
    # one rejected, one whose speaker was corrected: two wrong candidates; the hand-made quote is a miss
    assert "newsroom: " in report and "recall" in report and "threshold" in report
    model = scoring.load_model(settings.SCORER_MODEL)
    assert 0.0 <= model.threshold < 1.0 and model.weights
