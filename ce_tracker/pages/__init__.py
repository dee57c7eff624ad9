"""The pages, one package per feature as in ``ce_tracker.services``; each module one page (or a close pair)."""
