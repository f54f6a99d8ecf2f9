"""generate_series typed as in PostgreSQL: over integers it yields integers, not bigints.

DuckDB's integer generate_series always yields BIGINT, where PostgreSQL picks the version for
its arguments' type: int4 arguments give int4, so `date + 7 * (n - 1)` works there and
`date + bigint` does not exist. The bigint and timestamp versions already agree; numeric series
are built from integer ones (numseries.py) with `replace_series`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

SERIES_COLUMN = "generate_series"  # the name DuckDB and PostgreSQL give the value column
ORDINALITY = "ordinality"
INT4_RANGE = range(-(2**31), 2**31)
INT4_TYPES = {exp.DataType.Type.INT, exp.DataType.Type.SMALLINT, exp.DataType.Type.TINYINT}


def integer_series(tree: exp.Expr) -> None:
    """Cast the values of each generate_series over int4 arguments to INTEGER."""
    for call in list(tree.find_all(exp.ExplodingGenerateSeries)):
        if all(_is_int4(arg) for arg in arguments(call)):
            replace_series(call, call.copy(), lambda values: typed_cast(values, "INT"))


def replace_series(
    call: exp.Expr, counter: exp.Expr, value_of: Callable[[exp.Expr], exp.Expr]
) -> None:
    """Replace `call`, where it stands, with `value_of(i)` for each i of `counter` (another
    generate_series): in FROM or LATERAL a derived table of the same name and columns (DuckDB
    joins it laterally, as PostgreSQL does), in a select list the expression itself."""
    source = call.parent
    if isinstance(source, (exp.Table, exp.Lateral)) and source.this is call:
        _read_from(source, counter, value_of)
    else:
        call.replace(value_of(counter))


def typed_cast(node: exp.Expr, to: str) -> exp.Cast:
    """A cast typed for the fixes that ask what type the series' values are."""
    cast = exp.cast(node, exp.DataType.build(to), copy=False)
    cast.type = exp.DataType.build(to)
    return cast


def series_source(node: exp.Expr | None) -> exp.ExplodingGenerateSeries | None:
    """The generate_series call that a FROM item (`generate_series(...) AS g(n)`) reads."""
    if isinstance(node, (exp.Table, exp.Lateral)):
        call = node.this
        return call if isinstance(call, exp.ExplodingGenerateSeries) else None
    return None


def series_value_column(source: exp.Table | exp.Lateral) -> str:
    """The name of the value column of a generate_series FROM item."""
    name: str = _alias_of(source).columns[0].name
    return name


def needs_typing(call: exp.Expr) -> bool:
    """Whether telling int4 from int8 arguments needs the query typed (literals do not)."""
    return not all(_is_literal_int4(arg) for arg in arguments(call))


def arguments(call: exp.Expr) -> list[exp.Expr]:
    return [call.args[k] for k in ("start", "end", "step") if call.args.get(k) is not None]


def _is_int4(node: exp.Expr) -> bool:
    if _is_literal_int4(node):
        return True
    return node.type is not None and node.type.this in INT4_TYPES


def _is_literal_int4(node: exp.Expr) -> bool:
    """An integer literal PostgreSQL types as int4 (a larger one is int8, a decimal numeric)."""
    node = node.unnest()
    if isinstance(node, exp.Neg):
        node = node.this
    if not isinstance(node, exp.Literal) or node.is_string or not node.this.isdigit():
        return False
    return int(node.this) in INT4_RANGE


def _read_from(
    source: exp.Table | exp.Lateral, counter: exp.Expr, value_of: Callable[[exp.Expr], exp.Expr]
) -> None:
    ordinality = bool(source.args.get("ordinality"))
    alias = _alias_of(source)
    names = [c.copy() for c in alias.columns]  # inside too, so that fixes see their types
    inner = exp.select(exp.alias_(value_of(exp.column(SERIES_COLUMN)), names[0]))
    if ordinality:
        inner = inner.select(exp.alias_(typed_cast(exp.column(ORDINALITY), "BIGINT"), names[1]))
    inner = inner.from_(exp.Table(this=counter, ordinality=ordinality or None))
    if isinstance(source, exp.Table):
        source.replace(inner.subquery(alias, copy=False))
    else:
        source.set("alias", alias)
        source.set("this", inner.subquery(copy=False))
        source.set("ordinality", None)


def _alias_of(source: exp.Table | exp.Lateral) -> exp.TableAlias:
    """PostgreSQL names the value column as the alias lists it, else after the table alias,
    else generate_series; the ordinality column likewise, else ordinality."""
    ordinality = bool(source.args.get("ordinality"))
    alias = source.args.get("alias")
    name = alias.this.copy() if alias is not None and alias.name else _named(SERIES_COLUMN)
    columns = [c.copy() for c in alias.columns] if alias is not None else []
    wanted = [name.copy(), _named(ORDINALITY)] if ordinality else [name.copy()]
    return exp.TableAlias(this=name, columns=columns + wanted[len(columns) :])


def _named(name: str) -> exp.Identifier:
    return exp.to_identifier(name, quoted=True)
