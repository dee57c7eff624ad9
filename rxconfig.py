"""Reflex configuration; everything deployment-specific comes from the environment."""

import os

import reflex as rx

from ce_tracker.config import reflex_urls, settings
from ce_tracker.web.serving import respawn_failed_workers

if settings.backend_workers:
    # Reflex's production server (granian) reads its worker count from here.
    os.environ["GRANIAN_WORKERS"] = str(settings.backend_workers)
# A worker that dies (a crash, the OOM killer) is replaced while the others serve, not the end of the server.
respawn_failed_workers()

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
