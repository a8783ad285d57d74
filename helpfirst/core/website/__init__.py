"""Website tracking in pure Python: page-type rules, event payloads, origins, privacy, links.

No Django here: the ``helpfirst.tracking`` app stores what these functions decide.
"""
