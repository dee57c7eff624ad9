"""Reflex state shared by every page (small, per the Reflex guide on large apps)."""
