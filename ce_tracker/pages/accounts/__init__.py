"""Pages of accounts; the services of the same name do the work."""
