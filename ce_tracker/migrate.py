"""``python -m ce_tracker migrate``: bring the database's schema up to date, safely by default.

Before changing anything it reads which revision the database is at. A revision this code does not know means
the database was upgraded by a newer CE Tracker: migrating it with older code could only guess, so it is
refused and nothing is touched. A database already at the head is left alone; a new, empty one is simply
created. Otherwise a backup is written first with the project's own backup (``ce_tracker.backup``: SQLite's
backup API or ``pg_dump``), and the command says where, so going back is one ``restore``.

The upgrade itself runs every step in one transaction (``alembic/env.py``): a step that fails leaves the
database exactly as it was before ``migrate`` started, and the message says so only after reading the
revision back.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from alembic import command
from ce_tracker.backup import backup
from ce_tracker.config import ROOT
from ce_tracker.db import make_engine


class NotMigrated(Exception):
    """Nothing was upgraded, and the message says why and what to do (the CLI prints it and exits)."""


@dataclass(frozen=True)
class Plan:
    """Where the database is and where this code would take it."""

    current: tuple[str, ...]  # the database's revisions; empty for a new database
    heads: tuple[str, ...]  # this code's latest revisions

    @property
    def is_new(self) -> bool:
        return not self.current

    @property
    def up_to_date(self) -> bool:
        return set(self.current) == set(self.heads)


def alembic_config(url: str, script_location: str | Path | None = None) -> Config:
    """Alembic's configuration for ``url``; ``script_location`` replaces the migrations (tests use it)."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(script_location or ROOT / "alembic"))
    config.attributes["url"] = url
    return config


def _read(url: str) -> tuple[tuple[str, ...], list[str]]:
    """The revisions recorded in the database (none for a database Alembic never touched), and its tables."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return tuple(MigrationContext.configure(connection).get_current_heads()), inspect(connection).get_table_names()
    finally:
        engine.dispose()


def current_revisions(url: str) -> tuple[str, ...]:
    return _read(url)[0]


def plan(config: Config) -> Plan:
    """Read the database's revision; refuse (NotMigrated, nothing touched) one the code does not know."""
    script = ScriptDirectory.from_config(config)
    current, tables = _read(config.attributes["url"])
    if not current and tables:
        raise NotMigrated(f"The database has tables ({', '.join(sorted(tables)[:3])}, ...) but no migration "
                          "revision: it was not made by migrate, so which upgrades it needs is unknown. "
                          "Nothing was changed. Migrate into an empty database and restore a backup into it.")
    for revision in current:
        try:
            known = script.get_revision(revision)
        except (RevisionError, CommandError):
            known = None
        if known is None:
            raise NotMigrated(
                f"The database is at revision {revision}, which this version of CE Tracker does not know: it was "
                "upgraded by a newer version. Nothing was changed. Run that newer version, or go back to the "
                "backup taken before that upgrade (docs/upgrading.md).")
    return Plan(current=current, heads=tuple(script.get_heads()))


def default_backup_path(url: str, current: tuple[str, ...], now: datetime) -> Path:
    """Beside an SQLite database, in ``backups/``; under ``data/backups/`` of the app for PostgreSQL.

    The name says which database, at which revision, and when: ``ce_tracker-180704e644ea-20261202T004058Z.db``.
    """
    parsed = make_url(url)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    revision = "+".join(current)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        database = Path(parsed.database)
        return database.parent / "backups" / f"{database.stem}-{revision}-{stamp}.db"
    return ROOT / "data" / "backups" / f"{parsed.database or 'database'}-{revision}-{stamp}.dump"


def migrate(url: str, *, now: datetime, backup_to: str | Path | None = None, take_backup: bool = True,
            script_location: str | Path | None = None, say: Callable[[str], None] = print,
            alembic_log: bool = False) -> Plan:
    """Upgrade the database at ``url`` to this code's head, backing it up first; returns the plan it followed.

    Raises NotMigrated with a message an administrator can act on when the database is newer than the code or
    when a step fails (then nothing changed); SystemExit when the backup cannot be written (nothing upgraded).
    """
    config = alembic_config(url, script_location)
    config.attributes["skip_logging"] = not alembic_log  # Alembic's "Running upgrade ..." lines, for the CLI
    steps = plan(config)
    if steps.up_to_date:
        say(f"The database is up to date (revision {', '.join(steps.heads)}); nothing to do.")
        return steps
    saved = None
    if steps.is_new:
        say("A new database: creating every table.")
    elif take_backup:
        saved = backup(url, backup_to or default_backup_path(url, steps.current, now))
        say(f"Backup of the database at revision {', '.join(steps.current)} written to {saved}.\n"
            f"To go back after upgrading: with the previous release's code, "
            f"python -m ce_tracker restore {saved} --force")
    try:
        command.upgrade(config, "head")
    except Exception as error:  # every step ran in one transaction: report what the database holds now
        traceback.print_exc()
        after = current_revisions(url)
        if after == steps.current:
            where = (f"It was rolled back: the database is still at {', '.join(after) or 'no revision (empty)'}, "
                     "exactly as before migrate started.")
        else:
            where = (f"The database is now at {', '.join(after) or 'no revision'}, not where it was "
                     f"({', '.join(steps.current) or 'empty'}): restore the backup.")
        raise NotMigrated(f"The upgrade failed: {error}\n{where}" + (f" Backup: {saved}." if saved else "")) from error
    if steps.is_new:
        say(f"Database created at revision {', '.join(steps.heads)}.")
    else:
        say(f"Database upgraded from {', '.join(steps.current)} to {', '.join(steps.heads)}.")
    return steps
