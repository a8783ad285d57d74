"""Capture health."""
