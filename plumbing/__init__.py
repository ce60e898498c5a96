"""Small shared plumbing below every app: xlsx cells and responses, upload caps, model-move migrations."""
import os

# The same switch as config/__init__.py, for code that reaches openpyxl through plumbing without the
# project package (a script): openpyxl must never parse an upload with lxml (see config/__init__.py).
os.environ["OPENPYXL_LXML"] = "False"
