from .jinja_shared import register

__all__ = ["register"]
