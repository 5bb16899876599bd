"""The API's fixtures: a key for each role, one revoked, and a client that sends a key."""

import json

import pytest

from attribution import services


@pytest.fixture
def keys(editor, researcher, admin_user):
    revoked = services.api_key_create(user=editor, name="old CMS")
    services.api_key_revoke(key_id=revoked.api_key.id, user=editor)
    return {
        "editor": services.api_key_create(user=editor, name="CMS").key,
        "researcher": services.api_key_create(user=researcher, name="notebook").key,
        "admin": services.api_key_create(user=admin_user, name="admin script").key,
        "revoked": revoked.key,
        "anonymous": None,
    }


class Api:
    def __init__(self, client) -> None:
        self.client = client

    def __call__(self, method: str, path: str, key: str | None, body=None, **query):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        url = f"/api/v1{path}"
        if method == "get":
            return self.client.get(url, query, headers=headers)
        data = json.dumps(body) if body is not None and not isinstance(body, str | bytes) else body
        return getattr(self.client, method)(
            url, data=data or "", content_type="application/json", headers=headers
        )


@pytest.fixture
def api(client):
    return Api(client)
