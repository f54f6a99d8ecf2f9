"""Function-style casts: PostgreSQL reads `date(ts)` or `int4(x)` as a cast to the named type.

Only the type names PostgreSQL's grammar lets stand as a function name are calls; `integer(x)`
or `timestamp(x)` are syntax errors there, and stay unknown functions here.
"""

from __future__ import annotations

from sqlglot import exp

from app.sqlengine.errors import QueryRuntimeError

TYPE_NAMED_CALLS = {
    "text": "TEXT",
    "int2": "SMALLINT",
    "int4": "INT",
    "int8": "BIGINT",
    "float4": "REAL",
    "float8": "DOUBLE PRECISION",
    "bool": "BOOLEAN",
}


def function_style_casts(tree: exp.Expr) -> None:
    """Replace each one-argument type-named call with the cast it means."""
    for call in list(tree.find_all(exp.Date, exp.Anonymous)):
        cast = _as_cast(call)
        if cast is not None:
            call.replace(cast)


def _as_cast(call: exp.Expr) -> exp.Cast | None:
    if isinstance(call, exp.Date):
        if call.args.get("zone") is not None or call.args.get("expressions"):
            raise QueryRuntimeError("function date() takes one argument: write date(x) or x::date.")
        return exp.Cast(this=call.this, to=exp.DataType.build("DATE"))
    target = TYPE_NAMED_CALLS.get(call.name.lower())
    if target is None or len(call.expressions) != 1:
        return None
    return exp.Cast(this=call.expressions[0], to=exp.DataType.build(target, dialect="postgres"))
