"""`reflex run --env prod --backend-only` that also serves a front end already built for this port.

Used by `AppServer` for every start after its process's first full build (see server.py): Reflex's own
`--single-port` rebuilds the bundle on each start, which took most of a start's time.
Run as: python -m tests.e2e.backend PORT
"""

from __future__ import annotations

import sys

from reflex.utils import exec as reflex_exec

_run_backend_prod = reflex_exec.run_backend_prod


def _with_front_end(host, port, loglevel=None, mount_frontend_compiled_app=False):
    if loglevel is None:
        return _run_backend_prod(host, port, mount_frontend_compiled_app=True)
    return _run_backend_prod(host, port, loglevel, True)


reflex_exec.run_backend_prod = _with_front_end

if __name__ == "__main__":
    from reflex.reflex import cli

    sys.argv = ["reflex", "run", "--env", "prod", "--backend-only", "--backend-port", sys.argv[1],
                "--backend-host", "127.0.0.1"]
    cli()
