from .editor_html import register

__all__ = ["register"]
