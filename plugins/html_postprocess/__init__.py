from .html_postprocess import register

__all__ = ["register"]
