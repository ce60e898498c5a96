"""The project package. Imported before any app (settings, WSGI, manage.py, pytest-django), which is why
the one process-wide switch below lives here."""
import os

# python-docx (the Word evaluation report) depends on lxml. Where lxml is installed openpyxl parses
# uploaded workbooks with it instead of defusedxml, and lxml expands internal entities (billion laughs,
# tests/plumbing/test_xlsx_xml_entities.py). openpyxl reads this variable once, when first imported:
# forced, not defaulted, so no environment can turn the unsafe parser back on.
os.environ["OPENPYXL_LXML"] = "False"
