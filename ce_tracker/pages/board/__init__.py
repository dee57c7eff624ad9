"""Pages of board; the services of the same name do the work."""
