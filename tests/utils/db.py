"""Units of work on a test's own engine, shaped like the app's ``unit_of_work``."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ce_tracker.db import make_engine


def units_for(engine: Engine) -> Callable[[], AbstractContextManager[Session]]:
    """A factory of units of work: commit at the end, roll back on any error."""

    @contextmanager
    def unit() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    return unit


def empty_sqlite(template: Path, path: Path) -> Engine:
    """An engine on a copy, at ``path``, of the empty database ``template`` (tests/conftest.py's
    ``sqlite_template``), in WAL mode like production."""
    shutil.copyfile(template, path)
    return make_engine(f"sqlite:///{path}")
