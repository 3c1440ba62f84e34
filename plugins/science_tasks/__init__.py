from .science_tasks import register

__all__ = ["register"]
