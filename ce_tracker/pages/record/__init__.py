"""Pages of record; the services of the same name do the work."""
