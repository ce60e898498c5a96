"""gettext for wordings used many times in one go (verdicts, value texts), looked up once per language
instead of once per judged cell or written value.

A national 区县明细 export judges 29,750 cells, each explanation built from two or three translated format
strings. Django's ``gettext`` reads the active language from asgiref's context-local (≈ 3 µs a call, and
``get_language`` costs as much): 76,000 calls were about a quarter of the export (docs/benchmarks.md,
finding 12). Code that judges many cells in one go runs under ``language_pinned``: the active language
is read once, and each message is translated once per language and process.

Only for literal message ids (format strings, interpolated afterwards): the cache holds one entry per
message and language. Outside ``language_pinned`` this is Django's ``gettext``, unchanged.
"""
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import ParamSpec, TypeVar

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import autoreload, translation

P = ParamSpec("P")
R = TypeVar("R")

# The language pinned for the current block (None: not pinned). A ContextVar, not a module global: two
# requests of a threaded or async server each see their own.
_pinned_language: ContextVar[str | None] = ContextVar("pinned_language", default=None)
_translated: dict[tuple[str, str], str] = {}


def gettext(message: str) -> str:
    """``django.utils.translation.gettext``, served from the per-language cache inside ``language_pinned``."""
    language = _pinned_language.get()
    if language is None:
        return translation.gettext(message)
    key = (language, message)
    try:
        return _translated[key]
    except KeyError:
        text = _translated[key] = translation.gettext(message)  # the active language is ``language``
        return text


def current_language() -> str | None:
    """The active language: the pinned one inside ``language_pinned`` (no context-local read)."""
    return _pinned_language.get() or translation.get_language()


@contextmanager
def language_pinned() -> Iterator[None]:
    """Within the block the active language is taken as fixed (no ``translation.override`` inside it)."""
    token = _pinned_language.set(translation.get_language())
    try:
        yield
    finally:
        _pinned_language.reset(token)


def with_language_pinned(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` runs under ``language_pinned`` (for the functions that judge a whole matrix)."""
    @functools.wraps(function)
    def pinned(*args: P.args, **kwargs: P.kwargs) -> R:
        with language_pinned():
            return function(*args, **kwargs)
    return pinned


@receiver(setting_changed)
def _forget_on_language_settings(*, setting: str, **kwargs) -> None:
    # Tests that override the languages or the catalogues' folders get fresh translations, as Django's own.
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        _translated.clear()


@receiver(autoreload.file_changed)
def _forget_on_new_catalogue(*, file_path: Path, **kwargs) -> None:
    # The development server reloads a recompiled catalogue without restarting (Django's
    # ``translation_file_changed``): so must this cache.
    if Path(file_path).suffix == ".mo":
        _translated.clear()
