"""``migrate`` is safe by default: a failing step changes nothing (SQLite and PostgreSQL), a step that leaves
references dangling fails loudly, a database newer than the code is refused untouched, and an upgrade is
preceded by a backup, named on the screen, that brings the old database back.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, make_url, text
from sqlmodel import SQLModel

import ce_tracker.models  # noqa: F401  (registers every table)
from ce_tracker.backup import _pg_tool, restore
from ce_tracker.config import ROOT
from ce_tracker.migrate import NotMigrated, alembic_config, migrate
from tests.upgrade.snapshots import load_sqlite

NOW = datetime(2026, 12, 2, tzinfo=UTC)
HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()

FAILING_STEP = '''
import sqlalchemy as sa
from alembic import op

revision = "zz0deliberate"
down_revision = "{head}"
branch_labels = depends_on = None


def upgrade():
    op.create_table("doomed", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE member SET full_name = 'Overwritten'")
    with op.batch_alter_table("creditclaim") as batch:  # a rebuild of a table other tables refer to
        batch.add_column(sa.Column("doomed", sa.Integer, nullable=True))
    {failure}


def downgrade():
    pass
'''
RAISES = 'raise RuntimeError("a deliberately failing migration")'
DANGLES = 'op.execute("DELETE FROM member WHERE id IN (SELECT member_id FROM creditclaim)")'


def _scripts_with(tmp_path: Path, failure: str) -> Path:
    """This code's migrations plus one last step that fails as told."""
    scripts = tmp_path / "alembic"
    shutil.copytree(ROOT / "alembic", scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "zz0deliberate_fails.py").write_text(FAILING_STEP.format(head=HEAD, failure=failure))
    return scripts


def fingerprint(url: str) -> str:
    """Everything the database holds, schema and rows, as text: equal text, equal database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with closing(sqlite3.connect(parsed.database)) as connection:
            return "\n".join(connection.iterdump())
    libpq = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    dumped = subprocess.run([_pg_tool("pg_dump"), "--no-owner", f"--dbname={libpq}"], check=True,
                            capture_output=True, text=True).stdout
    return re.sub(r"(?m)^\\(un)?restrict \S+$", "", dumped)  # pg_dump's random key for psql, new each dump


def _revision(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.parametrize("failure", [RAISES, DANGLES], ids=["raises", "dangling_references"])
def test_a_failing_step_after_every_real_one_rolls_all_back_and_leaves_the_database_untouched(
        release_url, snapshot, tmp_path, failure):
    before = fingerprint(release_url)
    with pytest.raises(NotMigrated) as refused:
        migrate(release_url, now=snapshot.clock, take_backup=False, say=lambda _line: None,
                script_location=_scripts_with(tmp_path, failure))
    assert fingerprint(release_url) == before
    assert _revision(release_url) == snapshot.revision
    assert f"still at {snapshot.revision}, exactly as before migrate started" in str(refused.value)
    if failure == DANGLES and release_url.startswith("sqlite"):  # SQLite: found by the check after the step
        assert "After the step to zz0deliberate" in str(refused.value) and "creditclaim row" in str(refused.value)


def test_migrate_refuses_a_database_newer_than_the_code_and_touches_nothing(snapshot, tmp_path):
    database = load_sqlite(snapshot, tmp_path / "ce.db")
    with closing(sqlite3.connect(database)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfacade42'")  # a later release's
    url = f"sqlite:///{database}"
    before = fingerprint(url)
    with pytest.raises(NotMigrated, match="revision f00dfacade42, which this version of CE Tracker does not know"):
        migrate(url, now=snapshot.clock, say=lambda _line: None)
    assert fingerprint(url) == before
    assert not (tmp_path / "backups").exists()


def test_migrate_refuses_a_database_with_tables_but_no_revision_and_touches_nothing(tmp_path):
    """Tables made some other way (``create_all``): which upgrades they need is unknown."""
    url = f"sqlite:///{tmp_path / 'made.db'}"
    engine = create_engine(url)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    before = fingerprint(url)
    with pytest.raises(NotMigrated, match="has tables .* but no migration revision"):
        migrate(url, now=NOW, say=lambda _line: None)
    assert fingerprint(url) == before


def test_migrate_takes_no_backup_of_a_new_database_nor_of_one_already_up_to_date(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    said: list[str] = []
    migrate(url, now=NOW, say=said.append)
    migrate(url, now=NOW, say=said.append)
    assert said == ["A new database: creating every table.", f"Database created at revision {HEAD}.",
                    f"The database is up to date (revision {HEAD}); nothing to do."]
    assert not (tmp_path / "backups").exists()


def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ce_tracker", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "CE_DATABASE_URL": url}, check=False)


def test_the_migrate_command_backs_up_first_says_where_and_restore_brings_the_release_back(snapshot, tmp_path):
    url = f"sqlite:///{load_sqlite(snapshot, tmp_path / 'ce.db')}"
    release = fingerprint(url)
    done = _cli(url, "migrate")
    assert done.returncode == 0, done.stderr
    saved = Path(re.search(rf"Backup of the database at revision {snapshot.revision} written to (\S+)\.\n",
                           done.stdout).group(1))
    assert saved.parent == tmp_path / "backups" and saved.name.startswith(f"ce-{snapshot.revision}-")
    assert f"python -m ce_tracker restore {saved} --force" in done.stdout
    assert f"Database upgraded from {snapshot.revision} to {HEAD}." in done.stdout
    back = f"sqlite:///{tmp_path / 'back.db'}"
    assert _cli(back, "restore", str(saved)).returncode == 0
    assert fingerprint(back) == release  # every row and the schema of the release, as it was


@pytest.mark.postgres
def test_on_postgresql_migrate_backs_up_with_pg_dump_and_the_backup_restores_the_release(
        postgres_release, snapshot, tmp_path):
    url = postgres_release(snapshot)
    release = fingerprint(url)
    said: list[str] = []
    migrate(url, now=snapshot.clock, backup_to=tmp_path / "before.dump", say=said.append)
    assert said[0].startswith(f"Backup of the database at revision {snapshot.revision} written to "
                              f"{tmp_path / 'before.dump'}.")
    assert _revision(url) == HEAD
    restore(url, tmp_path / "before.dump", force=True)
    assert _revision(url) == snapshot.revision and fingerprint(url) == release
