"""Query plans from DuckDB and PostgreSQL as one tree, and the probes that read it (pure: no
web framework, no database driver)."""
