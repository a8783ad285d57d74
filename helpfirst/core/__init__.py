"""The helpfirst method as pure Python.

Nothing under ``helpfirst.core`` imports Django: batch jobs, the CLI and the web app all call
these functions with plain dataclasses, and a test checks that importing this package in a fresh
interpreter never loads Django.
"""
