"""Website tracking."""
