"""Reading PostgreSQL scripts: splitting, type translation, and errors that name the line."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from app.catalog import DatasetSourceError, build_from_pg_dump
from app.catalog.pgschema import creation_order
from app.catalog.pgscript import read_pg_script
from app.catalog.sqlsplit import Statement, split_statements
from tests.catalog.support import DUMP, quiet

SPLITS = [
    ("SELECT 1; SELECT 2;", [(1, "SELECT 1"), (1, "SELECT 2")]),
    ("SELECT 'a;b';\nSELECT 2", [(1, "SELECT 'a;b'"), (2, "SELECT 2")]),
    ("SELECT 'it''s;'\n;", [(1, "SELECT 'it''s;'")]),
    ("SELECT E'it\\'s;';", [(1, "SELECT E'it\\'s;'")]),
    ("SELECT $$a;b$$, $x$ $$; $x$;", [(1, "SELECT $$a;b$$, $x$ $$; $x$")]),
    ('SELECT "semi;colon" FROM t;', [(1, 'SELECT "semi;colon" FROM t')]),
    ("-- a comment; with a semicolon\nSELECT 1;", [(2, "SELECT 1")]),
    ("/* block;\ncomment */ SELECT 1;", [(2, "SELECT 1")]),
    ("SELECT 'line\nbreak';\n\nSELECT 3;", [(1, "SELECT 'line\nbreak'"), (4, "SELECT 3")]),
    (
        "\\restrict abc\nSELECT 1;\n\\unrestrict abc\n",
        [
            (1, "\\restrict abc"),
            (2, "SELECT 1"),
            (3, "\\unrestrict abc"),
        ],
    ),
    ("SELECT 1;\n-- only a comment\n", [(1, "SELECT 1")]),
]


@pytest.mark.parametrize(("script", "expected"), SPLITS)
def test_split_statements(script: str, expected: list[tuple[int, str]]) -> None:
    assert list(split_statements(script)) == [Statement(line, text) for line, text in expected]


@pytest.mark.parametrize(
    "script",
    ["SELECT 1;\nSELECT 'open", 'SELECT 1;\nSELECT "open', "SELECT 1;\n/* open", "SELECT 1;\n$$ x"],
)
def test_an_unclosed_quote_or_comment_names_the_statement_line(script: str) -> None:
    with pytest.raises(DatasetSourceError, match="this statement never ends") as caught:
        list(split_statements(script))
    assert caught.value.line == 2


TYPES = [
    ("integer", "INTEGER"),
    ("int4", "INTEGER"),
    ("bigint", "BIGINT"),
    ("smallint", "SMALLINT"),
    ("serial", "INTEGER"),
    ("bigserial", "BIGINT"),
    ("numeric(12,2)", "DECIMAL(12,2)"),
    ("numeric(5)", "DECIMAL(5,0)"),
    ("real", "FLOAT"),
    ("double precision", "DOUBLE"),
    ("float8", "DOUBLE"),
    ("text", "VARCHAR"),
    ("varchar(20)", "VARCHAR"),
    ("character varying", "VARCHAR"),
    ("boolean", "BOOLEAN"),
    ("date", "DATE"),
    ("timestamp", "TIMESTAMP"),
    ("timestamp(0) without time zone", "TIMESTAMP"),
    ("time without time zone", "TIME"),
]
REFUSED_TYPES = [
    ("timestamptz", "session time zone"),
    ("timestamp with time zone", "session time zone"),
    ("numeric(40,2)", "precision above 38"),
    ("char(2)", "trailing spaces"),
    ("float(24)", "not float\\(n\\)"),
    ("jsonb", "supported types: smallint"),
    ("integer[]", "supported types: smallint"),
    ("interval", "supported types: smallint"),
]


@pytest.mark.parametrize(("postgres_type", "duckdb_type"), TYPES)
def test_type_translation(postgres_type: str, duckdb_type: str) -> None:
    script = read_pg_script(f"CREATE TABLE t (c {postgres_type});")
    with duckdb.connect() as conn:
        conn.execute(script.tables["t"].duckdb_sql())
        found = conn.execute("SELECT data_type FROM duckdb_columns() WHERE table_name = 't'")
        assert found.fetchall() == [(duckdb_type,)]


@pytest.mark.parametrize(("postgres_type", "reason"), REFUSED_TYPES)
def test_types_without_a_faithful_translation_are_refused(postgres_type: str, reason: str) -> None:
    with pytest.raises(DatasetSourceError, match=f"line 2: column t.c: .*{reason}"):
        read_pg_script(f"\nCREATE TABLE t (c {postgres_type});")


def test_what_only_guards_writes_is_dropped() -> None:
    script = read_pg_script(
        "CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "n integer DEFAULT 0 NOT NULL CHECK (n >= 0), "
        "p integer REFERENCES t (id) ON DELETE CASCADE, CONSTRAINT positive CHECK (n > 0));"
    )
    assert script.tables["t"].duckdb_sql() == (
        'CREATE TABLE "t" ("id" INT PRIMARY KEY, "n" INT NOT NULL, "p" INT REFERENCES "t" ("id"))'
    )


def test_identifiers_fold_to_lower_case_as_in_postgresql() -> None:
    script = read_pg_script('CREATE TABLE Public.Orders (ID integer, "Mixed" text);')
    assert script.tables["orders"].duckdb_sql() == 'CREATE TABLE "orders" ("id" INT, "Mixed" TEXT)'


def test_tables_are_created_after_those_they_reference() -> None:
    script = read_pg_script(
        "CREATE TABLE b (id integer PRIMARY KEY, a_id integer);\n"
        "CREATE TABLE a (id integer PRIMARY KEY);\n"
        "ALTER TABLE ONLY b ADD CONSTRAINT b_a FOREIGN KEY (a_id) REFERENCES a (id);\n"
    )
    assert [table.name for table in creation_order(list(script.tables.values()))] == ["a", "b"]


def test_foreign_key_cycles_are_refused() -> None:
    script = read_pg_script(
        "CREATE TABLE a (id integer PRIMARY KEY, b_id integer);\n"
        "CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a (id));\n"
        "ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id);\n"
    )
    with pytest.raises(DatasetSourceError, match="cycle between: a, b"):
        creation_order(list(script.tables.values()))


def test_schema_files_hold_no_rows() -> None:
    with pytest.raises(DatasetSourceError, match="line 2: this file holds the schema only"):
        read_pg_script("CREATE TABLE t (a integer);\nINSERT INTO t VALUES (1);", allow_rows=False)


# (what, old text, new text, text on the line the error names, message): the first occurrence
# of the old text in dump.sql is replaced.
BROKEN_DUMPS = [
    (
        "a function",
        "SET default_tablespace = '';",
        "SET default_tablespace = '';\nCREATE FUNCTION public.f() RETURNS integer\n"
        "    LANGUAGE sql AS $$ SELECT 1; $$;",
        "CREATE FUNCTION",
        "cannot translate this statement: CREATE FUNCTION public.f",
    ),
    (
        "a value of the wrong type",
        "INSERT INTO public.books VALUES (6,",
        "INSERT INTO public.books VALUES ('six',",
        "'six'",
        "Could not convert string 'six'",
    ),
    (
        "a row whose parent is missing",
        "INSERT INTO public.orders VALUES (1, 32,",
        "INSERT INTO public.orders VALUES (1, 9999,",
        "9999",
        "foreign key",
    ),
    (
        "a duplicated primary key",
        "INSERT INTO public.authors VALUES (4,",
        "INSERT INTO public.authors VALUES (3,",
        "(3, 'Author 4'",
        "Duplicate key",
    ),
    (
        "a time zone type",
        "signed_up_at timestamp without time zone NOT NULL",
        "signed_up_at timestamp with time zone NOT NULL",
        "CREATE TABLE public.customers",
        "customers.signed_up_at: type TIMESTAMPTZ is not supported here",
    ),
    (
        "another schema",
        "CREATE TABLE public.authors",
        "CREATE TABLE sales.authors",
        "sales.authors",
        "schema sales is used before its CREATE SCHEMA",
    ),
    (
        "a table named with the wrong schema",
        "INSERT INTO public.genres VALUES (1,",
        "CREATE SCHEMA sales;\nINSERT INTO sales.genres VALUES (1,",
        "sales.genres",
        "there is no sales.genres: genres is in public",
    ),
    (
        "one name in two schemas",
        "CREATE TABLE public.authors",
        "CREATE SCHEMA sales;\nCREATE TABLE sales.books (id integer);\nCREATE TABLE public.authors",
        "CREATE TABLE public.books",
        "sales.books and public.books share a name",
    ),
    (
        "COPY data",
        "SET default_tablespace = '';",
        "COPY public.genres (genre_id, name) FROM stdin;\n1\tFiction\n\\.\n",
        "COPY",
        "make the dump with --inserts",
    ),
    (
        "an INSERT into a table never created",
        "INSERT INTO public.genres VALUES (1,",
        "INSERT INTO public.nothing VALUES (1);\nINSERT INTO public.genres VALUES (1,",
        "public.nothing",
        "table nothing is used before its CREATE TABLE",
    ),
    (
        "backslash escapes in strings",
        "SET standard_conforming_strings = on;",
        "SET standard_conforming_strings = off;",
        "= off",
        "standard_conforming_strings = off is not supported",
    ),
    (
        "a quote too few",
        "INSERT INTO public.genres VALUES (1, 'Fiction', NULL);",
        "INSERT INTO public.genres VALUES (1, 'Fiction, NULL);",
        "'Fiction, NULL",
        "this statement never ends",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "anchor", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in BROKEN_DUMPS],
)
def test_broken_dump_names_the_line(
    tmp_path: Path, old: str, new: str, anchor: str, message: str
) -> None:
    original = DUMP.read_text("utf-8")
    assert old in original
    broken = original.replace(old, new, 1)
    dump = tmp_path / "dump.sql"
    dump.write_text(broken, "utf-8")
    expected_line = broken[: broken.index(anchor)].count("\n") + 1
    with pytest.raises(DatasetSourceError, match=message) as caught:
        build_from_pg_dump("broken", "Broken", "", dump, tmp_path / "out", progress=quiet)
    assert caught.value.path == dump
    assert caught.value.line == expected_line
    assert str(caught.value).startswith(f"{dump}:{expected_line}: ")
    assert not (tmp_path / "out" / "broken.json").exists()


def test_a_truncated_dump_names_the_unfinished_statement(tmp_path: Path) -> None:
    original = DUMP.read_text("utf-8")
    cut = original.index("'Collected Poems") + 5
    dump = tmp_path / "dump.sql"
    dump.write_text(original[:cut], "utf-8")
    with pytest.raises(DatasetSourceError, match="never ends") as caught:
        build_from_pg_dump("cut", "Cut", "", dump, tmp_path / "out", progress=quiet)
    assert caught.value.line == original[:cut].count("\n") + 1


def test_orphans_of_a_self_reference_are_refused(tmp_path: Path) -> None:
    dump = tmp_path / "dump.sql"
    dump.write_text(
        DUMP.read_text("utf-8").replace("(8, 'Nordic noir', 4)", "(8, 'Nordic noir', 77)"), "utf-8"
    )
    with pytest.raises(DatasetSourceError, match="1 rows of genres point at rows of genres"):
        build_from_pg_dump("broken", "Broken", "", dump, tmp_path / "out", progress=quiet)


def test_insert_values_beyond_plain_literals_go_through_sqlglot(tmp_path: Path) -> None:
    dump = tmp_path / "dump.sql"
    plain = "INSERT INTO public.genres VALUES (10, 'Poetry', NULL);"
    assert plain in DUMP.read_text("utf-8")
    dump.write_text(
        DUMP.read_text("utf-8").replace(
            plain, "INSERT INTO public.genres VALUES (10, E'Po\\netry'::text, NULL::integer);"
        ),
        "utf-8",
    )
    info = build_from_pg_dump("casts", "Casts", "", dump, tmp_path, progress=quiet)
    with duckdb.connect(str(info.path), read_only=True) as conn:
        assert conn.execute("SELECT name FROM genres WHERE genre_id = 10").fetchall() == [
            ("Po\netry",)
        ]


def test_foreign_keys_to_unknown_tables_are_refused() -> None:
    script = read_pg_script("\n\nCREATE TABLE b (a_id integer REFERENCES a (id));")
    with pytest.raises(DatasetSourceError, match="line 3: table b references unknown table a"):
        creation_order(list(script.tables.values()))
