"""Reading a query plan: a candidate reads a plan tree (captured from PostgreSQL, or taken live
from DuckDB) and answers 1-3 asks about it: pick an operator, give a number, choose an option."""
