from .output_guard import register

__all__ = ["register"]
