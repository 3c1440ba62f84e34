from .vn_dates import register

__all__ = ["register"]
