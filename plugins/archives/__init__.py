from .archives import register

__all__ = ["register"]
