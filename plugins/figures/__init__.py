from .figures import FigureExtension, register

__all__ = ["FigureExtension", "register"]
