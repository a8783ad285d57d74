"""Audit log: models."""
