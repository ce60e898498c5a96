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
    connection = compiler.connection
    # Per column: its converters (none: read as it comes, PostgreSQL's decimals) and raw value → what it reads
    # as. Equal raw values share one result: 1 and 1.0 (or 0.0 and -0.0) are one key and read as one number.
    plan = [(position, *converters.get(position, ((), None)), {}) for position in range(len(columns))]

    def converted(raw, functions, expression):
        value = raw
        for function in functions:
            value = function(value, expression, connection)
        return value

    for chunk in chunks:
        for raw_row in chunk:
            row = list(raw_row)
            for position, functions, expression, known in plan:
                raw = row[position]
                try:
                    row[position] = known[raw]
                except KeyError:
                    row[position] = known[raw] = converted(raw, functions, expression)
                except TypeError:  # unhashable (a PostgreSQL array): converted every time
                    row[position] = converted(raw, functions, expression)
            yield tuple(row)
