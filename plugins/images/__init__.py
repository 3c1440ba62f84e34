from .images import register

__all__ = ["register"]
