from .qa import register

__all__ = ["register"]
