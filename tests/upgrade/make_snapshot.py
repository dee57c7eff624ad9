"""Keep a release's demo database as test data: ``python -m tests.upgrade.make_snapshot COMMIT [--at INSTANT]``.

The release's own code makes it, as an administrator would have: the commit is checked out into a temporary
git worktree (sharing this checkout's .venv), and there ``python -m ce_tracker migrate`` then
``python -m ce_tracker demo`` run on a new SQLite file, with the clock of that process fixed at ``--at``
(default: the commit's own date), so every date the demo writes is the one the release would have written
that day. The release's code then counts every term's hours. Written to ``tests/upgrade/releases/``:
``<date>-<commit>.sql`` (the database, dumped as SQL text) and ``<date>-<commit>.json`` (the revision, the
clock, the hours, and a SHA-256 of each of the release's migration files). See docs/upgrading.md, "At each release".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RELEASES = Path(__file__).resolve().parent / "releases"

# Run inside the release's checkout before its code is imported: every datetime.now() / utcnow() of that
# process answers the fixed instant (model defaults too, which bind the clock when their class is defined).
FROZEN_CLOCK = '''
import datetime as _dt, sys
_AT = _dt.datetime.fromisoformat(sys.argv.pop(1))
_Real = _dt.datetime

class _Meta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, _Real)

class _Frozen(_Real, metaclass=_Meta):
    @classmethod
    def now(cls, tz=None):
        return _AT.astimezone(tz) if tz else _AT.astimezone().replace(tzinfo=None)

    @classmethod
    def utcnow(cls):
        return _AT.astimezone(_dt.timezone.utc).replace(tzinfo=None)

_dt.datetime = _Frozen
'''

DEMO = FROZEN_CLOCK + '''
from ce_tracker.__main__ import main
main(["demo"])
'''

# Every term's hours as the release's own code counts them (its ``term_standing``, wherever it lives), and the
# password of its demo accounts.
HOURS = '''
import importlib, json, sys
from sqlmodel import Session, select
from ce_tracker.db import make_engine
from ce_tracker.config import settings
from ce_tracker.models import CertificationTerm, Member, ProgramRow

for module in ("ce_tracker.services.record", "ce_tracker.services.record.credit_record"):
    try:
        term_standing = importlib.import_module(module).term_standing
        break
    except (ImportError, AttributeError):
        continue
engine = make_engine(settings.database_url)
terms = []
with Session(engine) as session:
    for term in session.exec(select(CertificationTerm).order_by(CertificationTerm.id)).all():
        standing = term_standing(session, term)
        terms.append({
            "term_id": term.id, "member": session.get(Member, term.member_id).username,
            "program": session.get(ProgramRow, term.program_id).code, "starts_on": str(term.starts_on),
            "ends_on": str(term.ends_on), "status": term.status.name,
            "earned_total": str(standing.earned_total), "counted_total": str(standing.counted_total),
            "counted": {name: str(c.counted) for name, c in standing.categories.items()},
            "may_renew": standing.may_renew})
engine.dispose()
password = None
for module in ("ce_tracker.demo", "ce_tracker.services.demo"):
    try:
        password = importlib.import_module(module).DEMO_PASSWORD
        break
    except (ImportError, AttributeError):
        continue
json.dump({"demo_password": password, "terms": terms}, sys.stdout)
'''


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def _python() -> str:
    """The shared venv's interpreter (the release's checkout links the same .venv)."""
    venv = ROOT / ".venv" / "bin" / "python"  # not resolved: the link itself is what makes it the venv's
    return str(venv) if venv.exists() else sys.executable


def _run(code_dir: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run([_python(), *args], cwd=code_dir, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed in the release's checkout:\n{result.stderr[-3000:]}")
    return result.stdout


def dump(database: Path) -> str:
    """The whole database as SQL text (what ``sqlite3 .dump`` writes), one statement a line."""
    with closing(sqlite3.connect(database)) as connection:
        return "\n".join(connection.iterdump()) + "\n"


def make(commit: str, at: datetime | None = None) -> Path:
    """Make and write the snapshot of ``commit``'s demo database; returns the .sql file's path."""
    full = _git("rev-parse", commit)
    short = full[:7]
    at = at or datetime.fromisoformat(_git("show", "-s", "--format=%cI", full)).astimezone(UTC)
    with tempfile.TemporaryDirectory(prefix="ce-release-") as scratch:
        checkout = Path(scratch) / "release"
        _git("worktree", "add", "--detach", str(checkout), full)
        try:
            (checkout / ".venv").symlink_to((ROOT / ".venv").resolve(), target_is_directory=True)
            database = Path(scratch) / "release.db"
            env = {**os.environ, "CE_DATABASE_URL": f"sqlite:///{database}"}
            _run(checkout, env, "-m", "ce_tracker", "migrate")
            _run(checkout, env, "-c", DEMO, at.isoformat())
            counted = json.loads(_run(checkout, env, "-c", HOURS))
            with closing(sqlite3.connect(database)) as connection:
                (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            sql = dump(database)
            migrations = {str(path.relative_to(checkout)): hashlib.sha256(path.read_bytes()).hexdigest()
                          for path in sorted((checkout / "alembic" / "versions").glob("*.py"))}
        finally:
            _git("worktree", "remove", "--force", str(checkout))
    name = f"{at.date().isoformat()}-{short}"
    RELEASES.mkdir(parents=True, exist_ok=True)
    (RELEASES / f"{name}.sql").write_text(sql)
    facts = {"release": full, "revision": revision, "demo_clock": at.isoformat(),
             "made_by": "python -m tests.upgrade.make_snapshot (the release's own migrate and demo)",
             "demo_password": counted["demo_password"], "migrations": migrations, "terms": counted["terms"]}
    (RELEASES / f"{name}.json").write_text(json.dumps(facts, indent=1) + "\n")
    return RELEASES / f"{name}.sql"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("commit", help="the release's commit")
    parser.add_argument("--at", type=datetime.fromisoformat, help="the demo's clock (default: the commit's date)")
    args = parser.parse_args()
    print(f"Snapshot written to {make(args.commit, args.at)}")


if __name__ == "__main__":
    main()
