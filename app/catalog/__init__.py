"""Datasets: build DuckDB files from dataset sources and read what was built; question packs
(`packs.py`: a dataset with the questions over it)."""

from app.catalog.build import build_builtin, build_dataset, build_from_csv, build_from_pg_dump
from app.catalog.errors import (
    CatalogError,
    DatasetNotBuiltError,
    DatasetSourceError,
    UnknownTableError,
)
from app.catalog.models import ColumnInfo, DatasetInfo, ForeignKey, TableInfo
from app.catalog.sidecar import database_path, load_all, load_dataset_info

__all__ = [
    "CatalogError",
    "ColumnInfo",
    "DatasetInfo",
    "DatasetNotBuiltError",
    "DatasetSourceError",
    "ForeignKey",
    "TableInfo",
    "UnknownTableError",
    "build_builtin",
    "build_dataset",
    "build_from_csv",
    "build_from_pg_dump",
    "database_path",
    "load_all",
    "load_dataset_info",
]
