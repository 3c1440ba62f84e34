"""pytest's anchor at the project root (fixtures are in tests/conftest.py).

A conftest.py in this folder makes pytest, in its default "prepend" import mode, put
the folder first on the import path, so tests import ``tasks`` (the invoke tasks) as
invoke does.
Everything under plugins/ is importable because `make` installs the project.
"""
