"""Building many small objects without the cyclic garbage collector walking them again and again.

A national 区县明细 builds about a million small objects (sums, cells, verdicts, their tuples and dicts),
all of them freed by reference counting: none form cycles. Every 700 allocations the collector scans the
youngest of them, and as they survive it scans the older generations, the whole growing heap: a fifth
of the matrix's time (docs/benchmarks.md, 2026-11-29 evening). ``collector_paused`` switches it off for the
duration of such a build and back on afterwards; whatever cycles the build left are found at the next
collection, as usual. The switch is the interpreter's, not the thread's: another request running
meanwhile only has its own cycles collected a little later, never lost.
"""
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off inside the block (if it was on: nested blocks leave it to the outermost).
    Also a decorator: ``@collector_paused()``."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

