"""Pages of renewal; the services of the same name do the work."""
