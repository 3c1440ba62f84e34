from .legacy_urls import register

__all__ = ["register"]
