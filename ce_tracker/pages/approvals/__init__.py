"""Pages of approvals; the services of the same name do the work."""
