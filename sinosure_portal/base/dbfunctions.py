"""Database functions the ORM lacks, written once per database the portal runs on (PostgreSQL in
production and tests, SQLite under ``make run``)."""

from __future__ import annotations

from django.db.models import DateField, Func


class AddDays(Func):
    """``date + days`` where ``days`` is an integer expression (a policy's notice period)."""

    output_field = DateField()
    arity = 2

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" + ", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="date(%(expressions)s || ' days')", arg_joiner=", '+' || ", **extra
        )
