"""A content type plugin's settings: its defaults and its paginated index.

Each plugin keeps its own ``DEFAULTS`` dict and ``initialized`` receiver (the
plugin's settings are its own data, applied once, STYLE.md 1); the receiver calls
:func:`fill_in_defaults`, so filling them in and adding the index to Pelican's
``PAGINATED_TEMPLATES`` are written once.

Signals: none (the caller's ``initialized`` receiver). Settings: the caller's
defaults, ``PAGINATED_TEMPLATES``. Templates: none.
"""


def fill_in_defaults(settings, defaults, paginated=()):
    """Fill in the ``defaults`` the configuration leaves out, and paginate each
    template named in ``paginated`` (DEFAULT_PAGINATION items a page) unless the
    configuration already lists it in PAGINATED_TEMPLATES."""
    for key, value in defaults.items():
        settings.setdefault(key, value)
    missing = {name: None for name in paginated
               if name not in settings["PAGINATED_TEMPLATES"]}
    if missing:
        # A new dict: the old one may be shared with Pelican's DEFAULT_CONFIG.
        settings["PAGINATED_TEMPLATES"] = {**settings["PAGINATED_TEMPLATES"],
                                           **missing}
