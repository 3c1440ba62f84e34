"""The publish pipeline: build a release, gate it, upload it, switch to it.

``publish_site`` first refuses while sample content is in the site
(plugins/sample_content; ALLOW_SAMPLE_CONTENT=1 publishes a demonstration), then
builds with publishconf.py into DEPLOY_BUILD_DIR/<release> (the
content checker runs inside that build, once), runs the quality gate (sitecheck, the
release's nginx maps), compresses,
uploads with rsync and switches the live link (plugins/releases), then asks the web
server to reread its redirect map.

Settings: DEPLOY_TARGET, DEPLOY_BUILD_DIR, DEPLOY_KEEP_RELEASES, DEPLOY_BROTLI_QUALITY,
DEPLOY_RSYNC_OPTIONS, DEPLOY_RELOAD_COMMAND, ASSETS_MANIFEST.
Errors: BuildFailed, GateFailed (nothing uploaded), releases.DeployError (the live
site is as it was), ReloadFailed (live, but nginx kept the old map).
"""

import shutil
from pathlib import Path

from .build import BuildFailed, Busy, build_site, exclusive
from .project import CONFIG, ROOT


class GateFailed(RuntimeError):
    """The built site failed a check: nothing was uploaded."""

    def __init__(self, failures, site_dir=None):
        self.failures = failures
        kept = f"\n(bản đã xây dựng giữ ở {site_dir}/ để xem)" if site_dir else ""
        super().__init__(
            f"{len(failures)} lỗi; không tải lên gì:\n"
            + "\n".join(map(str, failures)) + kept
        )


def publish_settings(settings_file=None, **overrides):
    """The publish settings (publishconf.py) with ``overrides`` applied."""
    from pelican.settings import read_settings

    settings_file = settings_file or CONFIG["settings_publish"]
    return read_settings(str(settings_file), override=dict(overrides))


def deploy_target(settings):
    """The releases.Target that DEPLOY_TARGET names."""
    from releases import Target

    return Target.from_settings(settings)


def quality_gate(site_dir, settings):
    """Every reason not to upload ``site_dir`` (empty list: good to go).

    The content itself was checked by the build (every rule, the editors' too).
    """
    import releases
    import sitecheck

    # Pages found clean at the last publish, and holding the same bytes (their
    # BLAKE2 hash), are not parsed again.
    failures = sitecheck.check_site(site_dir, settings["SITEURL"], memo=Path(
        settings["CACHE_PATH"]) / "gate-clean-pages.json")
    # The redirect maps nginx will include, and `nginx -t` on the site with them.
    failures += releases.check_release(site_dir)
    return failures


class ReloadFailed(RuntimeError):
    """The new release is live, but the web server did not reread its config."""


def reload_failed_message(failure):
    """What to tell the operator when DEPLOY_RELOAD_COMMAND failed."""
    return ("lệnh nạp lại máy chủ web (DEPLOY_RELOAD_COMMAND) thất bại: "
            f"{failure}\nnginx vẫn dùng bản đồ chuyển hướng (nginx/*.map) CŨ của bản "
            "trước: địa chỉ cũ có thể chuyển sai. Sửa lỗi rồi chạy lại lệnh nạp lại "
            "trên máy chủ.")


def publish_site(settings_file=None, release_id=None, content_check=True, report=print,
                 **overrides):
    """Build a release, pass it through the gate, upload it and make it live.

    Raises BuildFailed or GateFailed (nothing uploaded), releases.DeployError
    (the live site is as it was), or ReloadFailed (the release is live but the web
    server kept its old redirect map; ``.result``). Returns releases.PublishResult,
    with the time of each step in ``timings``.
    """
    settings = publish_settings(settings_file, **overrides)
    refuse_sample_content(settings, report)
    target = deploy_target(settings)  # a missing target fails before any work
    build_root = ROOT / settings["DEPLOY_BUILD_DIR"]  # ROOT / absolute = absolute
    # One publish at a time from this checkout: each deletes the others' builds.
    try:
        with exclusive(build_root / ".publish.lock",
                       f"một lần xuất bản khác từ thư mục này đang chạy (dùng "
                       f"{build_root}/, DEPLOY_BUILD_DIR); chờ nó xong"):
            return _publish_locked(settings, target, build_root, settings_file,
                                   release_id, content_check, report, overrides)
    except Busy as busy:
        raise BuildFailed([str(busy)]) from None


def refuse_sample_content(settings, report):
    """GateFailed naming every sample file, stand-in picture and placeholder still
    in the site, unless ALLOW_SAMPLE_CONTENT=1 asks for a demonstration publish."""
    import sample_content

    refusals = sample_content.sample_refusals(settings, ROOT)
    if not refusals:
        return
    if sample_content.allowed_by_environment():
        report(f"Cảnh báo: xuất bản thử với {len(refusals)} tệp mẫu/hình tạm "
               f"({sample_content.ALLOW_VARIABLE}=1):")
        for refusal in refusals:
            report(f"  - {refusal}")
        return
    raise GateFailed(refusals + [
        f"Nội dung mẫu không được xuất bản. Xuất bản thử có chủ ý: "
        f"{sample_content.ALLOW_VARIABLE}=1 make publish"])


def _publish_locked(settings, target, build_root, settings_file, release_id,
                    content_check, report, overrides):
    import time

    import releases

    timings = {}
    started = time.perf_counter()
    release_id = release_id or releases.new_release_id()
    site_dir = build_root / release_id

    report(f"Xây dựng bản phát hành {release_id} vào {site_dir}/")
    earlier_builds = sorted(p for p in build_root.iterdir()
                            if p.is_dir() and p.name < release_id)
    # The checker runs here, once, in this process: with the editors' rules unless
    # the caller turned the content check off. Pages that did not change since the
    # last release built here are taken from it (the page memo of the "publish"
    # series), not rendered again.
    build_site(settings_file or CONFIG["settings_publish"], site_dir,
               previous=earlier_builds[-1] if earlier_builds else None,
               series=f"publish {build_root}",
               **{"CHECK_EDITORIAL": content_check, **overrides})
    timings["build"] = time.perf_counter() - started

    report("Kiểm tra trước khi tải lên (nội dung, liên kết, nguồn tin)")
    failures = quality_gate(site_dir, settings)
    timings["gate"] = time.perf_counter() - started - sum(timings.values())
    if failures:
        raise GateFailed(failures, site_dir)

    releases.precompress(site_dir, brotli_quality=settings["DEPLOY_BROTLI_QUALITY"],
                         previous=earlier_builds[-1] if earlier_builds else None)
    timings["compress"] = time.perf_counter() - started - sum(timings.values())

    report(f"Tải lên {target} và chuyển trang sang bản mới")
    result = releases.publish_release(
        target, site_dir, release_id,
        keep=settings["DEPLOY_KEEP_RELEASES"],
        manifest=settings.get("ASSETS_MANIFEST", "assets-manifest.txt"),
        rsync_options=settings["DEPLOY_RSYNC_OPTIONS"],
    )
    timings["upload"] = time.perf_counter() - started - sum(timings.values())
    result.timings = timings
    # Local builds of earlier releases are not needed any more.
    for old in build_root.iterdir():
        if old.is_dir() and old.name != release_id:
            shutil.rmtree(old, ignore_errors=True)
    reload_web_server(settings, result)
    return result


def reload_web_server(settings, result=None):
    """Run DEPLOY_RELOAD_COMMAND on the target (nginx rereads the redirect map).

    ReloadFailed (carrying ``result``) when it fails: the switch is done and
    served, but nginx still answers old addresses from the previous map.
    """
    from releases import DeployError

    command = settings.get("DEPLOY_RELOAD_COMMAND")
    if not command:
        return
    try:
        deploy_target(settings).run(command)
    except DeployError as failure:
        error = ReloadFailed(reload_failed_message(failure))
        error.result = result
        raise error from None
