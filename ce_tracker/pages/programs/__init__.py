"""Pages of programs; the services of the same name do the work."""
