from .content_rules import register

__all__ = ["register"]
