"""Pages of credentials; the services of the same name do the work."""
