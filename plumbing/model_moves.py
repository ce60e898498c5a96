"""Data migrations for models that moved between apps: their content types (and so their permissions,
group grants and admin history) follow them."""


def move_content_types(apps, *, old_app: str, moves: dict[str, str]) -> None:
    """Relabel the content type of each ``model`` in ``moves`` ({model name: new app label}) from ``old_app``.

    On a database created from scratch, an earlier data migration may already have created the new
    content type too (``create_permissions`` saw both in the migration state); then the old one's
    permissions merge into the new one and the old one goes.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model, new_app in moves.items():
        old = ContentType.objects.filter(app_label=old_app, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=new_app, model=model).first()
        if new is None:
            old.app_label = new_app
            old.save(update_fields=["app_label"])
            continue
        taken = set(Permission.objects.filter(content_type=new).values_list("codename", flat=True))
        Permission.objects.filter(content_type=old).exclude(codename__in=taken).update(content_type=new)
        old.delete()
