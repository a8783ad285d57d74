"""Structured debriefs after calls and outcomes, the lessons they add up to, and their export."""
