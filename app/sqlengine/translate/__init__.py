"""Candidate PostgreSQL checked against the allow-lists and translated to DuckDB SQL."""
