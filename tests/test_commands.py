import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from attribution.models import Article, Quote, Speaker
from attribution.search import SearchFilters


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
    with pytest.raises(CommandError, match="already has articles"):
        call_command("fill_archive", articles=1, speakers=1, stdout=io.StringIO())
