from .bulletins import register

__all__ = ["register"]
