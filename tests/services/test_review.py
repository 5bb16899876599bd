"""The review desk's writes: corrections are data, never lost to a re-extraction or to a second editor."""

import pytest
from django.core.exceptions import ValidationError

from attribution import extraction, services
from attribution.documents import document_from_text
from attribution.models import Article, AuditEvent, Quote, Speaker
from attribution.services import ArticleMetadata, SpeakerChoice, review

from ..review_story import MACHINE, MACRON, TEXT, _add_by_hand, _extract, _q, _quote, _reextract, _speaker


def test_confirming_a_quote_records_who_and_bumps_its_version(article, editor):
    quote = _q(article, "«We are ready,»")
    review.quote_confirm(quote_id=quote.id, version=quote.version, user=editor)
    quote.refresh_from_db()
    assert quote.review_state == Quote.ReviewState.CONFIRMED
    assert quote.version == 2
    event = quote.history.get()
    assert event.user == editor and event.action == AuditEvent.Action.QUOTE_CONFIRMED
    assert event.changes == {"review state": ["unreviewed", "confirmed"]}


def test_a_second_editor_working_on_an_old_version_gets_a_conflict_and_loses_nothing(
    article, editor, admin_user
):
    quote = _q(article, "«We are ready,»")
    seen = quote.version
    review.quote_correct(quote_id=quote.id, version=seen, user=editor, kind="partial")
    with pytest.raises(review.Conflict) as conflict:
        review.quote_reject(quote_id=quote.id, version=seen, user=admin_user)
    assert conflict.value.quote.kind == "partial"  # the current value, to show the second editor
    quote.refresh_from_db()
    assert quote.kind == "partial" and quote.review_state == Quote.ReviewState.EDITED
    assert quote.history.count() == 1


def test_changing_the_speaker_to_a_named_speaker_of_another_story(article, editor, db):
    other, _ = services.article_create(
        document=document_from_text("Other story\n\n«No,» said Olaf Scholz."), metadata=ArticleMetadata()
    )
    _extract(other, [extraction.Quote(14, 20, "«No,»", "direct", "said", 0.9, _speaker("Olaf Scholz"))])
    quote = _q(article, "«Talks go on,»")
    review.quote_correct(
        quote_id=quote.id, version=quote.version, user=editor, speaker=SpeakerChoice("olaf scholz")
    )
    quote.refresh_from_db()
    assert quote.speaker == Speaker.objects.get(name="Olaf Scholz")  # one record across stories
    assert quote.speaker_corrected and not quote.kind_corrected
    assert quote.history.get().changes["speaker"] == [
        "a senior official (anonymous, anonymous)",
        "Olaf Scholz (person, named)",
    ]


def test_a_new_speaker_needs_a_kind(article, editor):
    quote = _q(article, "«Talks go on,»")
    with pytest.raises(ValidationError, match="choose what kind"):
        review.quote_correct(
            quote_id=quote.id, version=quote.version, user=editor, speaker=SpeakerChoice("A Nobody")
        )
    review.quote_correct(
        quote_id=quote.id,
        version=quote.version,
        user=editor,
        speaker=SpeakerChoice("Western diplomats", kind="group", anonymous=True),
    )
    quote.refresh_from_db()
    assert quote.speaker.kind == "group" and quote.speaker.anonymous
    assert quote.speaker.article == article  # an unnamed speaker stays within its article


def test_correcting_the_span_takes_the_text_from_the_article(article, editor):
    quote = _q(article, "the talks would last a week")
    start = TEXT.index("that the talks")
    review.quote_correct(quote_id=quote.id, version=quote.version, user=editor, start=start, end=quote.end)
    quote.refresh_from_db()
    assert quote.text == "that the talks would last a week" == TEXT[quote.start : quote.end]
    assert quote.span_corrected
    with pytest.raises(ValidationError):
        review.quote_correct(
            quote_id=quote.id, version=quote.version, user=editor, start=5, end=len(TEXT) + 9
        )


def test_an_editor_adds_a_quote_the_machine_missed(article, editor):
    start = TEXT.index("Talks resume")
    quote = review.quote_add(
        article_id=article.id,
        user=editor,
        start=start,
        end=start + len("Talks resume"),
        speaker=SpeakerChoice("Emmanuel Macron"),
        kind="partial",
    )
    assert quote.origin == Quote.Origin.HUMAN and quote.review_state == Quote.ReviewState.CONFIRMED
    assert quote.speaker.name == "Emmanuel Macron"
    with pytest.raises(ValidationError, match="already covers"):
        review.quote_add(
            article_id=article.id,
            user=editor,
            start=quote.start,
            end=quote.end,
            speaker=SpeakerChoice("Emmanuel Macron"),
            kind="partial",
        )


def test_reextraction_keeps_every_human_decision(article, editor):
    confirmed = _q(article, "«We are ready,»")
    review.quote_confirm(quote_id=confirmed.id, version=confirmed.version, user=editor)
    rejected = _q(article, "«Talks go on,»")
    review.quote_reject(quote_id=rejected.id, version=rejected.version, user=editor)
    edited = _q(article, "the talks would last a week")
    start = TEXT.index("that the talks")
    review.quote_correct(
        quote_id=edited.id,
        version=edited.version,
        user=editor,
        start=start,
        end=edited.end,
        speaker=SpeakerChoice("The minister", kind="anonymous"),
    )
    added = review.quote_add(
        article_id=article.id,
        user=editor,
        start=0,
        end=len("Talks resume"),
        speaker=SpeakerChoice("Emmanuel Macron"),
        kind="partial",
    )
    before = {q.id: (q.start, q.end, q.speaker_id, q.kind, q.review_state) for q in article.quotes.all()}

    _reextract(article)

    after = {q.id: (q.start, q.end, q.speaker_id, q.kind, q.review_state) for q in article.quotes.all()}
    assert after == before  # nothing brought back, nothing duplicated, nothing undone
    assert {confirmed.id, rejected.id, edited.id, added.id} == set(after)


def test_reextraction_replaces_only_untouched_machine_quotes(article, editor):
    confirmed = _q(article, "«We are ready,»")
    review.quote_confirm(quote_id=confirmed.id, version=confirmed.version, user=editor)
    _reextract(article, [MACHINE[0], _quote("«Talks go on,»", MACRON)])
    assert article.quotes.get(id=confirmed.id).review_state == Quote.ReviewState.CONFIRMED
    assert _q(article, "«Talks go on,»").speaker.name == "Emmanuel Macron"
    assert not article.quotes.filter(text="the talks would last a week").exists()


def test_redescribing_a_speaker_changes_all_its_quotes_in_the_article(article, editor):
    official = _q(article, "«Talks go on,»").speaker
    changed = review.speaker_redescribe(
        article_id=article.id,
        speaker_id=official.id,
        user=editor,
        choice=SpeakerChoice("a senior French official", kind="anonymous", anonymous=True),
    )
    assert changed == 2
    names = set(article.quotes.exclude(text="«We are ready,»").values_list("speaker__name", flat=True))
    assert names == {"a senior French official"}
    assert not Speaker.objects.filter(id=official.id).exists()  # the old local speaker had nothing left
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SPEAKER_REDESCRIBED).count() == 2


def test_marking_reviewed_confirms_what_was_left_and_reopening_keeps_it(article, editor):
    rejected = _q(article, "«Talks go on,»")
    review.quote_reject(quote_id=rejected.id, version=rejected.version, user=editor)
    assert review.article_mark_reviewed(article_id=article.id, user=editor) == 2
    article.refresh_from_db()
    assert article.reviewed_by == editor and article.reviewed_at is not None
    states = set(article.quotes.values_list("review_state", flat=True))
    assert states == {Quote.ReviewState.CONFIRMED, Quote.ReviewState.REJECTED}
    review.article_reopen(article_id=article.id, user=editor)
    article.refresh_from_db()
    assert article.reviewed_at is None and article.reviewed_by is None
    assert set(article.quotes.values_list("review_state", flat=True)) == states


def test_an_article_still_extracting_cannot_be_marked_reviewed(db, editor):
    article, _ = services.article_create(
        document=document_from_text("New\n\nText here."), metadata=ArticleMetadata()
    )
    with pytest.raises(ValidationError):
        review.article_mark_reviewed(article_id=article.id, user=editor)
    assert Article.objects.get(id=article.id).reviewed_at is None


def test_the_quality_figures_count_each_kind_of_decision(article, editor):
    edited = _q(article, "«We are ready,»")
    review.quote_correct(quote_id=edited.id, version=edited.version, user=editor, kind="partial")
    rejected = _q(article, "«Talks go on,»")
    review.quote_reject(quote_id=rejected.id, version=rejected.version, user=editor)
    _add_by_hand(article, editor)
    review.article_mark_reviewed(article_id=article.id, user=editor)
    [month] = Quote.objects.quality_by_month()
    assert (month["machine"], month["confirmed"], month["corrected"], month["kind_corrected"]) == (3, 1, 1, 1)
    assert (month["rejected"], month["added"], month["speaker_corrected"]) == (1, 1, 0)


def test_redescribing_only_the_anonymity_records_both_states(article, editor):
    official = _q(article, "«Talks go on,»").speaker
    changed = review.speaker_redescribe(
        article_id=article.id,
        speaker_id=official.id,
        user=editor,
        choice=SpeakerChoice("a senior official", kind="anonymous", anonymous=False),
    )
    assert changed == 2
    event = AuditEvent.objects.filter(action=AuditEvent.Action.SPEAKER_REDESCRIBED).first()
    assert event.changes["speaker"] == [
        "a senior official (anonymous, anonymous)",
        "a senior official (anonymous, named)",
    ]


def test_restoring_a_rejected_quote_makes_it_unreviewed_not_confirmed(article, editor):
    quote = _q(article, "«We are ready,»")
    review.quote_reject(quote_id=quote.id, version=quote.version, user=editor)
    quote.refresh_from_db()
    review.quote_restore(quote_id=quote.id, version=quote.version, user=editor)
    quote.refresh_from_db()
    assert quote.review_state == Quote.ReviewState.UNREVIEWED
    event = quote.history.order_by("-id").first()
    assert event.action == AuditEvent.Action.QUOTE_RESET
    assert event.changes == {"review state": ["rejected", "unreviewed"]}


def test_only_a_rejected_quote_can_be_restored(article, editor):
    quote = _q(article, "«We are ready,»")
    review.quote_confirm(quote_id=quote.id, version=quote.version, user=editor)
    quote.refresh_from_db()
    with pytest.raises(ValidationError):
        review.quote_restore(quote_id=quote.id, version=quote.version, user=editor)
    quote.refresh_from_db()
    assert quote.review_state == Quote.ReviewState.CONFIRMED and quote.history.count() == 1


def _with_role(article, fragment, role) -> Quote:
    article.quotes.filter(text=fragment).update(speaker_role=role)
    return _q(article, fragment)


def test_a_quote_given_to_another_speaker_leaves_the_old_speakers_role_behind(article, editor):
    quote = _with_role(article, "«We are ready,»", "French President")
    # the correction form sends the role back as it was shown
    review.quote_correct(
        quote_id=quote.id,
        version=quote.version,
        user=editor,
        speaker=SpeakerChoice("Olaf Scholz", kind="person"),
        speaker_role="French President",
    )
    quote.refresh_from_db()
    assert (quote.speaker.name, quote.speaker_role) == ("Olaf Scholz", "")
    assert quote.history.get().changes["role"] == ["French President", ""]


def test_a_quote_given_to_another_speaker_takes_the_role_the_editor_gives(article, editor):
    quote = _with_role(article, "«We are ready,»", "French President")
    review.quote_correct(
        quote_id=quote.id,
        version=quote.version,
        user=editor,
        speaker=SpeakerChoice("Olaf Scholz", kind="person"),
        speaker_role=" German Chancellor ",
    )
    quote.refresh_from_db()
    assert quote.speaker_role == "German Chancellor"


def test_a_correction_that_keeps_the_speaker_keeps_its_role_or_changes_it_alone(article, editor):
    quote = _with_role(article, "«We are ready,»", "French President")
    review.quote_correct(
        quote_id=quote.id,
        version=quote.version,
        user=editor,
        speaker=SpeakerChoice("Emmanuel Macron"),
        kind="partial",
        speaker_role="French President",
    )
    quote.refresh_from_db()
    assert (quote.kind, quote.speaker_role) == ("partial", "French President")
    review.quote_correct(quote_id=quote.id, version=quote.version, user=editor, speaker_role="President")
    quote.refresh_from_db()
    assert quote.speaker_role == "President" and quote.review_state == Quote.ReviewState.EDITED
    assert quote.history.first().changes == {"role": ["French President", "President"]}
    assert not quote.speaker_corrected


def test_redescribing_a_speaker_keeps_the_roles_of_its_quotes(article, editor):
    quote = _with_role(article, "«Talks go on,»", "senior defence official")
    review.speaker_redescribe(
        article_id=article.id,
        speaker_id=quote.speaker_id,
        user=editor,
        choice=SpeakerChoice("a senior French official", kind="anonymous", anonymous=True),
    )
    quote.refresh_from_db()
    assert (quote.speaker.name, quote.speaker_role) == ("a senior French official", "senior defence official")


def test_a_quote_added_by_hand_has_the_role_the_editor_gives(article, editor):
    start = TEXT.index("Talks resume")
    quote = review.quote_add(
        article_id=article.id,
        user=editor,
        start=start,
        end=start + len("Talks resume"),
        speaker=SpeakerChoice("Emmanuel Macron"),
        kind="partial",
        speaker_role="  French President ",
    )
    assert Quote.objects.get(id=quote.id).speaker_role == "French President"
    assert quote.history.get().changes["role"] == ["", "French President"]
