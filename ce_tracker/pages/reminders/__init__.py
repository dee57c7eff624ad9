"""Pages of reminders; the services of the same name do the work."""
