"""HTTP routes beside the Reflex app: what a websocket cannot do (cookies, file downloads)."""
