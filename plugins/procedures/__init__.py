from .procedures import register

__all__ = ["register"]
