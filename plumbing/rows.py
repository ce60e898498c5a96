"""Streaming a large ``values_list`` query with each distinct value of a column converted once.

Django converts every value of every row it reads (a decimal column on SQLite: a float made a
``Decimal`` and copied, two Python calls per value; a count: ``int()``): the national 区县明细 reads 60,000
rows of ten columns, and the converters' calls took longer than SQLite took to produce them. Sums and
counts repeat a great deal (counts, two-decimal rates, a county's path on each of its rows), so here each
distinct raw value of a column goes through the column's converters once and every later row shares the
result — the same objects too, which is what a page holding all its rows wants for its memory.

The converters are Django's own, found as ``SQLCompiler.results_iter`` finds them: a row reads exactly as
``queryset.iterator()`` gives it (``tests/plumbing/test_rows.py`` compares the two on each backend).
"""
from collections.abc import Iterator

from django.db.models import QuerySet
from django.db.models.sql.constants import MULTI


def rows_converted_once(queryset: QuerySet, *, chunk_size: int = 2000) -> Iterator[tuple]:
    """The rows of a ``values_list`` ``queryset`` as tuples, streamed in chunks, each distinct raw value of a
    column converted once and read as one object (for its memory: a big page holds all its rows)."""
    compiler = queryset.query.get_compiler(queryset.db)
    chunks = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=chunk_size)
    if chunks is None:  # the query cannot match anything (an empty ``__in``): Django runs nothing
        return
    columns = [selected[0] for selected in compiler.select[0:compiler.col_count]]
    converters = compiler.get_converters(columns)  # position → (converter functions, expression)
    # Per column, raw value → what it reads as (no converters: as read, PostgreSQL's decimals). Equal raw
    # values share one result: 1 and 1.0 (or 0.0 and -0.0) are one key and read as one number.
    known = [_Converted(*converters.get(position, ((), None)), compiler.connection) for position in range(len(columns))]
    for chunk in chunks:
        try:
            # A chunk column by column, in C: ``map`` over a dict's lookups, ``zip`` back into rows.
            yield from zip(*(list(map(column_known.__getitem__, column)) for column_known, column
                             in zip(known, zip(*chunk))))
        except TypeError:  # an unhashable raw value (a PostgreSQL array): this chunk converted value by value
            yield from (tuple(column_known.convert(raw) for column_known, raw in zip(known, row)) for row in chunk)


class _Converted(dict):
    """A column's raw values → what they read as, each converted by the column's converters at first sight."""

    def __init__(self, functions, expression, connection):
        super().__init__()
        self.functions, self.expression, self.connection = functions, expression, connection

    def convert(self, raw):
        value = raw
        for function in self.functions:
            value = function(value, self.expression, self.connection)
        return value

    def __missing__(self, raw):
        value = self[raw] = self.convert(raw)
        return value
