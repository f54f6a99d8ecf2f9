"""Running translated SQL: the hardened DuckDB connection and the job handler the sandbox runs."""
