"""The three groups and what each may do; created by a migration."""

from django.contrib.auth.management import create_permissions

VIEW = ["view_publication", "view_article", "view_speaker", "view_quote", "view_feed"]
EDIT = [
    "add_publication", "change_publication",
    "add_article", "change_article",
    "add_speaker", "change_speaker",
    "add_quote", "change_quote",
    "add_feed", "change_feed",
]  # fmt: skip
ADMIN_ONLY = [
    "delete_publication", "delete_article", "delete_speaker", "delete_quote", "export_quote",
    "view_auditevent", "delete_feed",
    "view_apikey", "change_apikey",  # every user's API keys, in the admin: read, renamed, revoked
]  # fmt: skip

EDITORS, RESEARCHERS, ADMINS = "Editors", "Researchers", "Admins"
GROUPS = {
    RESEARCHERS: VIEW,
    EDITORS: VIEW + EDIT,
    ADMINS: VIEW + EDIT + ADMIN_ONLY,
}


def ensure_groups(apps) -> None:
    """Create the groups with their permissions; `apps`: a migration's registry or the real one."""
    # Permissions are normally created after all migrations have run; the groups need them now.
    app_config = apps.get_app_config("attribution")
    in_migration = getattr(app_config, "models_module", None) is None
    if in_migration:
        app_config.models_module = True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        if in_migration:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # A migration sees the models of its time: permissions of models not made yet are given by a later one.
    models = {model._meta.model_name for model in app_config.get_models()}
    for name, codenames in GROUPS.items():
        codenames = [c for c in codenames if c.split("_", 1)[1] in models]
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(
            Permission.objects.filter(content_type__app_label="attribution", codename__in=codenames)
        )
        missing = set(codenames) - {p.codename for p in permissions}
        if missing:
            raise RuntimeError(f"Permissions missing for group {name}: {sorted(missing)}")
        group.permissions.set(permissions)
