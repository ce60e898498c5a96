"""Data migrations for models that moved between apps: their content types (and so their permissions,
group grants and admin history) follow them."""


def move_content_types(apps, schema_editor, *, old_app: str, moves: dict[str, str]) -> None:
    """Relabel the content type of each ``model`` in ``moves`` ({model name: new app label}) from ``old_app``.

    On a database created from scratch, an earlier data migration may already have created the new
    content type too (``create_permissions`` saw both in the migration state); then the old one's
    permissions merge into the new one and the old one goes.
    """
    database = schema_editor.connection.alias  # the database being migrated (``migrate --database``)
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(database)
    permissions = apps.get_model("auth", "Permission").objects.using(database)
    for model, new_app in moves.items():
        old = content_types.filter(app_label=old_app, model=model).first()
        if old is None:
            continue
        new = content_types.filter(app_label=new_app, model=model).first()
        if new is None:
            old.app_label = new_app
            old.save(using=database, update_fields=["app_label"])
            continue
        taken = set(permissions.filter(content_type=new).values_list("codename", flat=True))
        permissions.filter(content_type=old).exclude(codename__in=taken).update(content_type=new)
        old.delete(using=database)
