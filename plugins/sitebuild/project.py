"""Where the project's files are: the root (above plugins/) and the default paths.

Settings / Templates / Signals: none. Errors: none.
"""

from pathlib import Path

# plugins/sitebuild/project.py: the project is two folders up (installed editable,
# so this is the checkout itself).
ROOT = Path(__file__).resolve().parents[2]

CONFIG = {
    "settings_dev": ROOT / "pelicanconf.py",
    "settings_publish": ROOT / "publishconf.py",
    "output": ROOT / "output",
    "cache": ROOT / "cache",
    "host": "127.0.0.1",
    "port": 8000,
}
