"""Helpers for project tasks (tasks.py); not part of the built site."""
