"""Sample content, pictures and placeholders, and the publish gate that refuses them."""

from .sample_content import (  # noqa: F401
    ALLOW_VARIABLE,
    allowed_by_environment,
    sample_refusals,
)
