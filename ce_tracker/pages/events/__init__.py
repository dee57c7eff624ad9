"""Pages of events; the services of the same name do the work."""
