from .assets import build_manifest, fingerprint_name, link_fingerprinted_assets, register

__all__ = ["build_manifest", "fingerprint_name", "link_fingerprinted_assets", "register"]
