from .organisation import register

__all__ = ["register"]
