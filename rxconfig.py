"""Reflex configuration; everything deployment-specific comes from the environment."""

import os

import reflex as rx

from ce_tracker.config import reflex_urls, settings

if settings.backend_workers:
    # Reflex's production server (granian) reads its worker count from here.
    os.environ["GRANIAN_WORKERS"] = str(settings.backend_workers)


def _respawn_failed_workers() -> None:
    """A backend worker that dies (the OOM killer, a crash) is started again, and the others serve meanwhile.

    Granian's default, which Reflex keeps, is to stop the whole server when one worker dies: one lost process
    took every member's saves down until the app was restarted by hand (bench/faults.py found it;
    tests/scaleout/test_worker_loss.py). Reflex builds the server itself, so its default is changed here, in the
    supervisor process, before it does. Granian still gives up on a crash loop (a worker dying within seconds of
    its respawn), so an app that cannot start is not restarted forever.
    """
    try:
        from granian.server import common
    except ImportError:  # uvicorn instead of granian: nothing to change
        return
    init = common.AbstractServer.__init__
    if getattr(init, "respawns", False):
        return

    def respawning(self, *args, respawn_failed_workers: bool = True, **kwargs):
        init(self, *args, respawn_failed_workers=respawn_failed_workers, **kwargs)

    respawning.respawns = True
    common.AbstractServer.__init__ = respawning


_respawn_failed_workers()

config = rx.Config(
    app_name="ce_tracker",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    db_url=settings.database_url,
    backend_host="127.0.0.1",
    # Where browsers reach the pages and the backend (CE_PUBLIC_URL, CE_API_URL): the front end is built to open
    # its websocket at api_url, so behind a proxy it must be the public address, not localhost.
    **reflex_urls(settings),
    # Only the app's own origins may open the event websocket or read a credentialed response (issue 12);
    # Reflex's default "*" lets any page that gets the cookie act as its owner.
    cors_allowed_origins=list(settings.allowed_origins),
    # How many reverse proxies' X-Forwarded-For entries to believe for the client address (0: none).
    trusted_proxy_hops=settings.trusted_proxy_hops,
    # In-process state on one machine; Redis when several backend workers share the load.
    state_manager_mode="redis" if settings.redis_url else "memory",
    redis_url=settings.redis_url,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color=settings.accent_color, radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
