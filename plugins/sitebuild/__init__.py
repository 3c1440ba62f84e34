"""Running the site: the build driver, the publish pipeline and their helpers.

Not a Pelican plugin (it is not in PLUGINS): tasks.py calls it, and it runs Pelican.
``build`` runs one safe build (staging folder, locks, error collector, swap);
``publish`` builds, gates, uploads and switches a release; ``system_deps`` installs
the Debian packages the tests drive; ``sample_media`` draws the sample pictures;
``project`` knows where the project's files are.
"""

from .build import BuildFailed, build_site
from .publish import GateFailed, ReloadFailed, publish_site

__all__ = ["BuildFailed", "GateFailed", "ReloadFailed", "build_site", "publish_site"]
