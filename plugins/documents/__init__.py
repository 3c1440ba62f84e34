from .documents import register

__all__ = ["register"]
