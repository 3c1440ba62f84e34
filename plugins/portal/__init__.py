from .portal import register

__all__ = ["register"]
