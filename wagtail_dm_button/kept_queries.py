"""The SQL of the package's queries, compiled once per process by their shape.

Django builds and compiles a query's SQL every time it runs it, and its raw
queries (``Manager.raw``) work out again on every run which column is which field
and how each is converted. For the queries that read a page's accounts and the
site's settings that is most of their cost: on SQLite about 0.18 of the 0.22 ms of
reading five accounts, the database's own work about 0.04 ms. The SQL depends only
on the query's shape (the model, the database, what it filters on and how many
values it is given), never on the values themselves, which Django passes to the
database as parameters. So ``objects`` has Django's ORM build and compile a
shape's query the first time it is asked for and keeps its SQL and which of its
columns need converting; from then on it runs that SQL with each call's values
and makes the instances from the rows as Django's raw queries do: each column
through the converters Django gives its field on that connection (a field's
``from_db_value``, the backend's own), then ``Model.from_db``.

Only SQL is kept, never a row: every call reads the database, so an edit in the
admin shows on the next page view, in every process.

A query whose compiled parameters are not exactly the values given (a default
manager that filters by something of its own), that selects other than the
model's own columns (a manager that defers or annotates), that sets a fetch mode
of its own (Django 6.1), or that follows related objects (``select_related``) is
left to the ORM on every call, and so is any shape beyond the first ``SIZE``.
"""

from typing import NamedTuple

from django.db import connections, router
from django.db.models import prefetch_related_objects

try:  # The fetch mode of a queryset that sets none (Django 6.1's fetch modes).
    from django.db.models import FETCH_ONE as DEFAULT_FETCH_MODE
except ImportError:  # Django before 6.1, which fetches one by one.
    DEFAULT_FETCH_MODE = None

#: How many shapes' SQL a process keeps at most.
SIZE = 200

#: Kept for a shape whose SQL cannot be run again with other values.
LEFT_TO_ORM = object()

_compiled = {}


class Kept(NamedTuple):
    """What is kept of a shape: its SQL, which selects the model's own columns in
    the order of its fields (``names``), and the columns (``(position, Col)``)
    that Django converts, for the converters to be asked of each call's
    connection."""

    sql: str
    names: tuple
    converted: tuple


def objects(
    model, shape, make, values, prefetch=(), for_write=False, using=None, **hints
):
    """The objects of the queryset ``make(values)`` of ``model``, with the
    ``prefetch`` lookups (``prefetch_related``). ``values`` is a tuple, which the
    SQL must have as its parameters, in order; ``shape`` names what ``make``
    builds, for the SQL depends on it and on the number of values alone. Read
    from the database ``using``, else from the one the routers give for reading
    ``model``, or for writing it with ``for_write`` (as Django's ``get_or_create``
    reads), given ``hints`` (``instance``: the object it is read for, as Django's
    related objects are)."""
    database = using
    if database is None:
        choose = router.db_for_write if for_write else router.db_for_read
        database = choose(model, **hints)
    key = (model, shape, len(values), database)
    kept = _compiled.get(key)
    if kept is None:
        kept = _compile(model, make(values).using(database), database, values)
        if len(_compiled) < SIZE:
            _compiled[key] = kept
    if kept is LEFT_TO_ORM:
        return list(make(values).using(database).prefetch_related(*prefetch))
    found = _run(model, kept, values, database)
    if prefetch:
        prefetch_related_objects(found, *prefetch)
    return found


def _compile(model, queryset, database, values):
    """What to keep of the queryset's query, where its SQL can be run again with
    other values: its parameters are exactly ``values``, and it selects the
    model's own columns alone and makes plain instances, as a plain ``filter``
    does. Else ``LEFT_TO_ORM``."""
    query = queryset.query
    if (
        query.select_related
        or not query.default_cols
        or query.deferred_loading[0]  # only() or defer()
        or query.annotation_select
        or query.extra_select
        # A manager's own fetch mode, which the ORM gives the instances it makes.
        or getattr(queryset, "_fetch_mode", None) is not DEFAULT_FETCH_MODE
    ):
        return LEFT_TO_ORM
    sql, parameters = query.get_compiler(using=database).as_sql()
    if tuple(parameters) != values:
        return LEFT_TO_ORM
    fields = model._meta.concrete_fields
    columns = [field.get_col(model._meta.db_table) for field in fields]
    connection = connections[database]
    converted = tuple(
        (position, column)
        for position, column in enumerate(columns)
        if _converters(column, connection)
    )
    return Kept(sql, tuple(field.attname for field in fields), converted)


def _run(model, kept, values, database):
    """The instances of the rows ``kept``'s SQL reads for ``values``."""
    connection = connections[database]
    with connection.cursor() as cursor:
        cursor.execute(kept.sql, values)
        rows = cursor.fetchall()
    converting = [
        (position, column, _converters(column, connection))
        for position, column in kept.converted
    ]
    found = []
    for row in rows:
        row = list(row)
        for position, column, converters in converting:
            value = row[position]
            for converter in converters:
                value = converter(value, column, connection)
            row[position] = value
        found.append(model.from_db(database, kept.names, row))
    return found


def _converters(column, connection):
    """The functions Django passes a column's values through as it reads them on
    ``connection``: the backend's, then the field's (its ``from_db_value``), as
    its compiler gathers them."""
    return connection.ops.get_db_converters(column) + column.get_db_converters(
        connection
    )


def clear():
    """Forget every shape's SQL."""
    _compiled.clear()


def size():
    """How many shapes are kept now, those left to the ORM included."""
    return len(_compiled)


def shapes():
    """The keys of the shapes kept: ``(model, shape, number of values, database)``."""
    return list(_compiled)


def compiled():
    """How many shapes' SQL is kept and run again."""
    return sum(sql is not LEFT_TO_ORM for sql in _compiled.values())
