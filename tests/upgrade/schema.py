"""A database's schema as plain data, read from the catalog itself, so two databases compare with ``==``.

SQLite: every table, index and trigger as SQLite stores its SQL, a table's constraints sorted (Alembic's batch
rebuild of a table writes its unnamed constraints in no fixed order; the columns keep theirs). PostgreSQL: columns with their types,
nullability and defaults; every constraint and index as ``pg_get_constraintdef``/``indexdef`` write them;
enum types with their labels in order. Alembic's own version table is left out.
"""

from __future__ import annotations

from sqlalchemy import create_engine, text

SQLITE = ("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
          "AND tbl_name <> 'alembic_version' ORDER BY type, name")
POSTGRES = {
    "columns": "SELECT table_name, column_name, data_type, udt_name, character_maximum_length, is_nullable, "
               "column_default FROM information_schema.columns WHERE table_schema = 'public' "
               "AND table_name <> 'alembic_version' ORDER BY table_name, column_name",
    "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                   "WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'alembic_version' "
                   "ORDER BY 1, 2",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
               "AND tablename <> 'alembic_version' ORDER BY 1, 2",
    "enums": "SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid "
             "ORDER BY t.typname, e.enumsortorder",
    "triggers": "SELECT event_object_table, trigger_name, action_statement FROM information_schema.triggers "
                "WHERE trigger_schema = 'public' ORDER BY 1, 2",
}


CONSTRAINTS = ("PRIMARY KEY", "CONSTRAINT", "FOREIGN KEY", "UNIQUE", "CHECK")


def _sqlite_entry(kind: str, name: str, table: str, sql: str | None) -> tuple:
    if kind != "table" or not sql:
        return kind, name, table, sql
    head, _, body = sql.partition("(")
    clauses = [clause.strip() for clause in body.rsplit(")", 1)[0].split(", \n")]
    columns = [c for c in clauses if not c.startswith(CONSTRAINTS)]
    return kind, name, table, head.strip(), tuple(columns), tuple(sorted(set(clauses) - set(columns)))


def schema_of(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                return {"sqlite_master": [_sqlite_entry(*row) for row in connection.execute(text(SQLITE))]}
            return {part: [tuple(row) for row in connection.execute(text(query))] for part, query in POSTGRES.items()}
    finally:
        engine.dispose()
