"""Whatever an admin changes in the admin lands in our audit trail: who, when, what, from what to what."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from attribution.models import Article, AuditEvent, Publication, Quote, Speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def article():
    article = Article.objects.create(
        title="Old title", text='"We will win," said Jane Doe.', content_hash="h1", state=Article.State.DONE
    )
    speaker = Speaker.objects.create(
        name="Jane Doe", normalized_name="jane doe", kind=Speaker.Kind.PERSON, anonymous=False
    )
    for end in (14, 12):
        Quote.objects.create(
            article=article,
            speaker=speaker,
            start=0,
            end=end,
            text=article.text[:end],
            kind="direct",
            confidence=0.9,
        )
    return article


def _article_form(article: Article, **changes) -> dict:
    data = {
        "title": article.title,
        "text": article.text,
        "state": article.state,
        "publication": "",
        "url": "",
        "byline": "",
        "published_on": "",
        "error": "",
        "extractor_version": "",
        "uploaded_by": "",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
    }
    return data | changes


def test_a_change_in_the_admin_records_who_and_each_field_before_and_after(admin_client, admin_user, article):
    url = reverse("admin:attribution_article_change", args=[article.id])
    response = admin_client.post(url, _article_form(article, title="New title"))
    assert response.status_code == 302, response.content.decode()[:2000]

    event = AuditEvent.objects.get(action=AuditEvent.Action.ADMIN_CHANGED)
    assert event.user == admin_user
    assert event.article == article
    assert event.changes["title"] == ["Old title", "New title"]
    assert event.changes["object"] == ["", f"article #{article.id}: New title"]
    assert "Changed Title" in event.changes["admin"][1]
    # Django's own log is kept as well
    assert LogEntry.objects.filter(object_id=str(article.id)).count() == 1


def test_an_addition_in_the_admin_is_recorded(admin_client, admin_user):
    response = admin_client.post(reverse("admin:attribution_publication_add"), {"name": "Le Monde"})
    assert response.status_code == 302

    publication = Publication.objects.get(name="Le Monde")
    event = AuditEvent.objects.get(action=AuditEvent.Action.ADMIN_ADDED)
    assert event.user == admin_user
    assert event.changes["object"] == ["", f"publication #{publication.id}: Le Monde"]
    assert event.changes["name"] == ["", "Le Monde"]


def test_a_bulk_deletion_records_each_object_deleted(admin_client, admin_user, article):
    ids = list(article.quotes.values_list("id", flat=True))
    response = admin_client.post(
        reverse("admin:attribution_quote_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not Quote.objects.filter(id__in=ids).exists()

    events = AuditEvent.objects.filter(action=AuditEvent.Action.ADMIN_DELETED, user=admin_user)
    assert sorted(e.changes["object"][0].split(":")[0] for e in events) == sorted(f"quote #{i}" for i in ids)
    assert all(e.quote_id is None and e.changes["object"][1] == "" for e in events)


@pytest.mark.signin
def test_a_password_set_in_the_admin_is_recorded_without_the_password(client, django_user_model, researcher):
    root = django_user_model.objects.create_superuser("root", password="root-password-1")
    client.force_login(root)
    new_password = "a-new-Secret-73"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[researcher.id]),
        {"password1": new_password, "password2": new_password, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    event = AuditEvent.objects.get(action=AuditEvent.Action.ADMIN_CHANGED)
    assert event.user == root
    assert event.changes["object"][1].startswith(f"user #{researcher.id}")
    assert "password" in event.changes["admin"][1].lower()
    researcher.refresh_from_db()
    assert new_password not in str(event.changes) and researcher.password not in str(event.changes)


def test_admins_read_the_trail_in_the_admin_but_nobody_edits_or_deletes_it(admin_client, admin_user, article):
    event = AuditEvent.objects.create(user=admin_user, action=AuditEvent.Action.EXPORTED, changes={})
    listing = admin_client.get(reverse("admin:attribution_auditevent_changelist"))
    assert listing.status_code == 200
    assert "Exported quotes" in listing.content.decode()

    change_url = reverse("admin:attribution_auditevent_change", args=[event.id])
    assert admin_client.post(change_url, {"action": "quote_rejected"}).status_code == 403
    delete_url = reverse("admin:attribution_auditevent_delete", args=[event.id])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse("admin:attribution_auditevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.action == AuditEvent.Action.EXPORTED


def test_editors_do_not_see_the_trail_in_the_admin(client, editor):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    assert client.get(reverse("admin:attribution_auditevent_changelist")).status_code == 403
