"""CRM connectors: models."""
