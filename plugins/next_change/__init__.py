"""When the built site next changes by itself (`invoke next-change`): see next_change.py."""

from .next_change import Change, changes, next_change

__all__ = ["Change", "changes", "next_change"]
