"""Pages of courses; the services of the same name do the work."""
