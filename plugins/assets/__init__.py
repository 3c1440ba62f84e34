from .assets import build_manifest, fingerprint_name, register, transform_html

__all__ = ["build_manifest", "fingerprint_name", "register", "transform_html"]
