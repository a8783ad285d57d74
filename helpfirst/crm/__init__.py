"""CRM connectors."""
