"""The database layer: SQLite as the embedded default must just work on a fresh clone."""

from __future__ import annotations

from sqlalchemy import text

from ce_tracker.db import make_engine


def test_sqlite_file_in_a_missing_folder_is_created(tmp_path):
    """A fresh clone has no data/ folder; the first migrate must not fail with 'unable to open'."""
    engine = make_engine(f"sqlite:///{tmp_path / 'not-yet' / 'here' / 'ce.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
