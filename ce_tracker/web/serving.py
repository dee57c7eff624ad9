"""How the production server (granian, started by ``reflex run --env prod``) keeps its backend workers.

Why: granian's default is to shut the whole server down when one worker exits unexpectedly (a crash, the OOM
killer): with several workers, one death took the others with it, every phone's waiting saves stayed on the
phones, and nothing came back until the service manager restarted everything (bench/faults.py measured it).
With respawning on, the supervisor starts a new worker in the dead one's place while the others keep serving;
a worker that dies again within seconds of its respawn still stops the server (granian's crash-loop check), so a
broken deployment is not hidden.

Reflex builds granian's ``Server`` itself and passes no such option, so the class it imports is replaced by one
whose default is to respawn. ``rxconfig.py`` calls ``respawn_failed_workers()`` before Reflex starts the server.
"""

from __future__ import annotations


def respawn_failed_workers() -> None:
    """Make granian's ``Server`` (as Reflex imports it, at start) respawn a worker that dies."""
    try:
        import granian.server
    except ImportError:  # Reflex runs uvicorn when granian is absent: nothing to do
        return
    base = granian.server.Server
    if getattr(base, "respawns_failed_workers", False):
        return

    class RespawningServer(base):  # type: ignore[misc, valid-type]
        respawns_failed_workers = True

        def __init__(self, *args, **kwargs) -> None:
            kwargs.setdefault("respawn_failed_workers", True)
            super().__init__(*args, **kwargs)

    granian.server.Server = RespawningServer
