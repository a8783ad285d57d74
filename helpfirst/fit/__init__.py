"""Fit first, in the app: stored assessments per journey, graceful exits and the nurture list."""
