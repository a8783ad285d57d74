"""After the outcome: the buyer's business case, the success plan, and the manager's evidence."""
