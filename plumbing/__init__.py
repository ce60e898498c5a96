"""Small shared plumbing below every app: xlsx cells and responses, upload caps, model-move migrations.

openpyxl is kept off lxml by ``config/__init__.py`` (imported before anything else).
"""
