"""Project tasks (invoke). The Makefile bootstraps .venv and calls these.

    invoke check      check every content file; exit 1 on any error (--fix: NFC,
                      BOM, Word line breaks)
    invoke build      check, then build the site into output/ (atomically; errors
                      leave it as it was)
    invoke serve      build, serve output/ at http://127.0.0.1:8000, rebuild and
                      reload the browser on every change (alias: invoke livereload)
    invoke new-article / new-bulletin / new-qa   create a content file
    invoke import-legacy PATH   import pages saved from the old portal
    invoke install-hooks        install the git pre-commit hook (runs the checker)
    invoke test       run the whole test suite
    invoke clean      remove output/ and the build cache
    invoke publish    build with publishconf.py, gate, upload a release, switch to it
    invoke rollback   switch the live site back to the previous release
    invoke releases   list the releases on the server
    invoke nginx-conf print the nginx site configuration for a server
"""

import contextlib
import logging
import os
import re
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
# plugins/ also holds the libraries these tasks use (content_check, editorial,
# releases, sitecheck, ...); pelicanconf.py adds it to sys.path only once Pelican
# loads the settings, and the tasks need them before that.
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))
CONFIG = {
    "settings_dev": ROOT / "pelicanconf.py",
    "settings_publish": ROOT / "publishconf.py",
    "output": ROOT / "output",
    "cache": ROOT / "cache",
    "host": "127.0.0.1",
    "port": 8000,
}


class BuildFailed(RuntimeError):
    """Pelican logged errors or raised: nothing was published to the output folder."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__(
            f"{len(errors)} lỗi; thư mục xuất bản giữ nguyên:\n" + "\n".join(errors)
        )


class _ErrorCollector(logging.Handler):
    """Remember every error logged during a build, from Pelican or our plugins."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages = []

    def emit(self, record):
        message = record.getMessage()
        # Pelican logs a file it could not read as "Could not process <file>" and
        # drops the exception unless DEBUG is on; the exception being handled right
        # now is the reason (our ContentError names file and line), so keep it.
        error = (record.exc_info or sys.exc_info())[1]
        if error is not None and str(error) not in message:
            message = f"{message}: {error}"
        self.messages.append(message)


def build_site(settings_file=None, output=None, **overrides):
    """Build into a fresh staging folder and swap it in only when the build is clean.

    Any error (logged or raised) discards the staging folder and raises BuildFailed,
    so ``output`` is never half-written, never a mix of two builds, never deleted.
    Returns the output path.
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    settings_file = Path(settings_file or CONFIG["settings_dev"])
    output = Path(output or overrides.pop("OUTPUT_PATH", None) or CONFIG["output"])
    output = output.resolve()
    staging = output.with_name(f"{output.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)

    from content_check.files import find_symlinks

    collector = _ErrorCollector()
    logging.getLogger().addHandler(collector)
    try:
        overrides["OUTPUT_PATH"] = str(staging)
        settings = read_settings(str(settings_file), override=overrides)
        # Pelican follows links while reading (a link to / would walk the disk and
        # publish it): refuse them before it reads anything, as the checker does.
        links = find_symlinks(settings["PATH"])
        collector.messages += map(str, links)
        cache = Path(settings["CACHE_PATH"])
        with exclusive(cache / BUILD_LOCK,
                       f"thư mục cache {cache} (CACHE_PATH) đang được một lần xây "
                       "dựng khác dùng; chờ lần đó xong rồi chạy lại"):
            if not links:
                _drop_stale_reader_cache(cache)
                _run_without_english_summary(Pelican(settings=settings))
    except Busy as error:
        collector.messages.append(str(error))
    except Exception as error:  # noqa: BLE001 - any failure must keep output intact
        collector.messages.append(f"{type(error).__name__}: {error}")
    finally:
        logging.getLogger().removeHandler(collector)

    if collector.messages:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(collector.messages)
    _swap_in(staging, output)
    return output


BUILD_LOCK = ".build.lock"  # in CACHE_PATH, held by each build


class Busy(RuntimeError):
    """Another build or publish from this checkout holds a folder we need."""


@contextlib.contextmanager
def exclusive(lock_file, busy_message):
    """Hold an flock on ``lock_file`` (created); Busy(``busy_message``) if taken.

    Two builds sharing one cache would read each other's half-written pickles, and
    two publishes from one checkout would delete each other's release folder.
    """
    import fcntl

    lock_file = Path(lock_file)
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(busy_message) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_without_english_summary(pelican):
    """Run Pelican, printing what it prints except its English "Done: Processed …".

    Our commands say in Vietnamese what was built; the rest (warnings) is kept.
    """
    from pelican.log import console

    with console.capture() as captured:
        pelican.run()
    # Rich wraps the summary at the terminal's width: drop it up to its last word.
    text = re.sub(r"Done: Processed .*? seconds\.\n?", "", captured.get(), flags=re.S)
    if text:
        sys.stdout.write(text)


def _code_fingerprint():
    """Hash of the code that shapes what readers produce: plugins and pinned packages."""
    import hashlib

    digest = hashlib.sha1()
    for path in sorted(ROOT.glob("plugins/**/*.py")) + [ROOT / "requirements.txt"]:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _drop_stale_reader_cache(cache):
    """Delete Pelican's reader caches (files at the top of ``cache``) if our code changed.

    Pelican keys cached content by each source file's hash only, so a change to a
    reader or Markdown extension would otherwise serve pages made by the old code.
    Sub-folders (image derivatives and the like) are keyed by their own inputs.
    """
    stamp = cache / "code-fingerprint"
    fingerprint = _code_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    if cache.exists():
        for entry in cache.iterdir():
            if entry.is_file() and entry.name != BUILD_LOCK:
                entry.unlink()
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint)


def _swap_in(staging, output):
    """Replace ``output`` by ``staging`` with two renames; the old tree is then removed."""
    previous = output.with_name(f"{output.name}.previous-{os.getpid()}")
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)


def _init_logging():
    from pelican.log import init

    init(level=logging.WARNING)


def _run_build(settings_file, **overrides):
    _init_logging()
    try:
        output = build_site(settings_file, **overrides)
    except BuildFailed as failure:
        print(f"\nXây dựng thất bại: {failure}", file=sys.stderr)
        sys.exit(1)
    print(f"Đã xây dựng trang vào {output}/  (mở {output}/index.html, hoặc: make serve)")
    return output


@task(help={
    "fix": "first normalise NFC, drop a BOM, turn Word's vertical tabs into line "
           "breaks (and change nothing else)",
    "files": "report only on these files (space-separated); the folder is still read",
    "staged": "report only on the files staged in git (the pre-commit hook)",
})
def check(c, fix=False, files="", staged=False):
    """Check every content file and print every problem; exit 1 on any error."""
    from content_check.cli import main

    argv = ["--settings", str(CONFIG["settings_dev"]), *files.split()]
    argv += ["--fix"] if fix else []
    argv += ["--staged"] if staged else []
    status = main(argv)
    if status:
        sys.exit(status)


@task(pre=[check])
def build(c):
    """Check the content, then build the site into output/ with pelicanconf.py."""
    _run_build(CONFIG["settings_dev"])


@task(aliases=["livereload"], help={"port": "port (default 8000; 0 = any free one)"})
def serve(c, port=CONFIG["port"]):
    """Build, serve output/ and rebuild + reload the browser on every change."""
    import threading

    from editorial import livereload

    _init_logging()
    state = livereload.PreviewState()
    server = livereload.make_server(CONFIG["output"], state, CONFIG["host"], int(port))
    host, bound_port = server.server_address[:2]

    def rebuild():
        # The feeds' links point at this server, wherever it listens.
        build_site(CONFIG["settings_dev"],
                   FEEDS_DEVELOPMENT_SITEURL=f"http://{host}:{bound_port}")

    livereload.rebuild_once(rebuild, state, BuildFailed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Phục vụ tại http://{host}:{bound_port}/ ; tự xây dựng lại khi sửa "
          "content/, theme/, pelicanconf.py  (Ctrl+C để dừng)")
    watched = [ROOT / "content", ROOT / "theme", CONFIG["settings_dev"]]
    try:
        livereload.watch_and_rebuild(watched, rebuild, state, failure_type=BuildFailed)
    finally:
        server.shutdown()


@task
def clean(c):
    """Remove output/ and the build cache."""
    for path in (CONFIG["output"], CONFIG["cache"]):
        shutil.rmtree(path, ignore_errors=True)


# Debian packages the test suite drives for real (servers, browser). Plugins and
# tasks that need one more add it here; `invoke test` installs what is missing.
SYSTEM_PACKAGES = {
    # command on PATH (or absolute path): Debian package that provides it
    "/usr/bin/chromium": "chromium",  # browser tests (Playwright drives it)
    "java": "default-jre-headless",  # the Nu Html Checker (vnu.jar)
    # deploy tests: a real web server, SSH server and rsync on 127.0.0.1
    "nginx": "nginx",
    "/usr/sbin/sshd": "openssh-server",
    "ssh": "openssh-client",
    "rsync": "rsync",
    "flock": "util-linux",
}


@task(name="system-deps")
def system_deps(c):
    """Install the Debian packages the test suite needs (as root, with apt-get)."""
    missing = sorted({
        package for command, package in SYSTEM_PACKAGES.items()
        if not (Path(command).exists() if "/" in command else shutil.which(command))
    })
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit("Thiếu gói hệ thống (cần quyền root để cài): " + " ".join(missing))
    print("Cài gói hệ thống: " + " ".join(missing))
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    c.run("apt-get update -q", env=env, hide="out")
    c.run("apt-get install -y -q --no-install-recommends " + " ".join(missing),
          env=env, hide="out")


@task(name="npm-deps")
def npm_deps(c):
    """Install the pinned npm checkers (axe-core, vnu-jar, lighthouse) if missing."""
    if not (ROOT / "node_modules").is_dir():
        c.run(f"npm ci --no-audit --no-fund --prefix {ROOT}", hide="out")


@task(pre=[system_deps, npm_deps],
      help={"args": "extra pytest arguments, e.g. -k seed"})
def test(c, args=""):
    """Run the whole test suite (installing the system packages it needs first)."""
    c.run(f"{sys.executable} -m pytest {args}", pty=False)


@task(name="sample-media")
def sample_media(c):
    """Redraw the illustrations that stand in for the sample content's missing photos."""
    from PIL import Image, ImageDraw

    target = ROOT / "content/images/2019/hoi-nghi-so-ket-dang-uy-minh-hoa.jpg"
    target.parent.mkdir(parents=True, exist_ok=True)
    width, height = 1440, 810
    image = Image.new("RGB", (width, height), (236, 229, 216))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 300), fill=(150, 30, 30))  # backdrop banner
    draw.rectangle((120, 60, width - 120, 240), outline=(245, 196, 0), width=6)
    draw.rectangle((560, 330, 880, 620), fill=(120, 72, 40))  # lectern
    draw.ellipse((670, 250, 770, 350), fill=(60, 50, 45))  # speaker
    for row in range(3):  # audience
        for seat in range(9):
            x = 80 + seat * 150 + (row % 2) * 40
            y = 640 + row * 60
            draw.ellipse((x, y, x + 56, y + 56), fill=(70 + row * 20, 60, 55))
    image.save(target, "JPEG", quality=82, optimize=True, progressive=True)
    print(f"wrote {target.relative_to(ROOT)}")

    from bulletins.sample_media import draw_bulletin_media  # covers and PDFs of Bản tin

    for path in draw_bulletin_media(ROOT):
        print(f"wrote {path.relative_to(ROOT)}")

# --- Editors' commands (plugins/editorial and plugins/content_check) -------------------------


def _site_settings():
    from content_check.cli import load_settings

    return load_settings(CONFIG["settings_dev"])


def _create(function, **arguments):
    from editorial.new_content import NewContentError

    try:
        path = function(_site_settings(), **arguments)
    except NewContentError as error:
        sys.exit(f"Không tạo được: {error}")
    print(f"Đã tạo {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


@task(name="new-article", help={"title": "tiêu đề tiếng Việt",
                                "category": "một trong NEWS_CATEGORIES",
                                "slug": "địa chỉ tự chọn (mặc định: từ tiêu đề)"})
def new_article(c, title, category, slug=None, author=None):
    """Create content/news/<year>/<slug>.md dated now (Asia/Ho_Chi_Minh)."""
    from editorial.new_content import new_article as create

    _create(create, title=title, category=category, slug=slug, author=author)


@task(name="new-bulletin", help={"title": "tiêu đề số bản tin",
                                 "number": "số (mặc định: số tiếp theo trong năm)"})
def new_bulletin(c, title, number=None, year=None):
    """Create content/bulletins/<year>/so-<n>.md with Number: and Year:."""
    from editorial.new_content import new_bulletin as create

    _create(create, title=title, number=number, year=year)


@task(name="new-qa", help={"title": "câu hỏi (tiêu đề)",
                           "field": "lĩnh vực (một trong QA_FIELDS nếu có)"})
def new_qa(c, title, field, asker=None, locality=None, slug=None):
    """Create content/qa/<slug>.md dated now."""
    from editorial.new_content import new_qa as create

    _create(create, title=title, field=field, asker=asker, locality=locality,
            slug=slug)


@task(name="import-legacy", help={
    "path": "HTML pages or text exports from the old portal, or folders of them "
            "(several: quote them, space-separated)",
    "legacy_url": "the page's old address (HTML: read from canonical/og:url)",
    "category": "chuyên mục (NEWS_CATEGORIES) when the page does not name one",
    "caption": "text that starts a photo caption paragraph (repeatable)",
    "image": "a picture to put with the caption (text exports have none)",
    "illustration": "mark --image as a stand-in picture (Ảnh minh họa)",
}, iterable=["caption"])
def import_legacy(c, path, legacy_url=None, category=None, caption=None,
                  image=None, illustration=False):
    """Import pages saved from the old portal as Markdown (re-import updates)."""
    import shlex

    from editorial import legacy_import

    paths = [Path(p) for p in shlex.split(path)]
    settings = _site_settings()
    try:
        results = legacy_import.import_paths(
            settings, paths, legacy_url=legacy_url, category=category,
            captions=caption or [], image=image, illustration=illustration,
        )
    except legacy_import.ImportFailed as error:
        sys.exit(f"Không nhập được: {error}")
    for result in results:
        print(f"{result.action}: {result.path}")
        for caption in result.captions:
            print(f"    chú thích ảnh: {caption}")
        for warning in result.warnings:
            print(f"    cảnh báo: {warning}")


@task(name="install-hooks", help={"force": "replace a pre-commit hook not ours"})
def install_hooks(c, force=False):
    """Install the git pre-commit hook that checks staged content files."""
    from editorial.hooks import HookExists, install_pre_commit

    try:
        target = install_pre_commit(ROOT, force=force)
    except HookExists as error:
        sys.exit(str(error))
    print(f"Đã cài {target}")

# --- Publishing: gate, atomic releases, rollback (README: "Xuất bản") -----------------


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
    from releases import Target

    return Target.from_settings(settings)


def _content_check_task():
    """The `check` task (the editors' content checker) if this project has one."""
    from invoke import Collection

    tasks_here = Collection.from_module(sys.modules[__name__])
    return "check" in tasks_here.task_names


def run_content_check():
    """Run `invoke check` when the project has it; the failure text, or None."""
    if not _content_check_task():
        return None
    import subprocess

    done = subprocess.run([sys.executable, "-m", "invoke", "check"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return None
    return "Kiểm tra nội dung (invoke check) thất bại:\n" + (done.stdout + done.stderr)


def quality_gate(site_dir, settings, content_check=True):
    """Every reason not to upload ``site_dir`` (empty list: good to go)."""
    import releases
    import sitecheck

    failures = []
    if content_check:
        failure = run_content_check()
        if failure:
            failures.append(failure)
    failures += sitecheck.check_site(site_dir, settings["SITEURL"])
    # The redirect maps nginx will include, and `nginx -t` on the site with them.
    failures += releases.check_release(site_dir)
    return failures


class ReloadFailed(RuntimeError):
    """The new release is live, but the web server did not reread its config."""


def _reload_failed_message(failure):
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


def _publish_locked(settings, target, build_root, settings_file, release_id,
                    content_check, report, overrides):
    import time

    import releases

    timings = {}
    started = time.perf_counter()
    release_id = release_id or releases.new_release_id()
    site_dir = build_root / release_id

    report(f"Xây dựng bản phát hành {release_id} vào {site_dir}/")
    build_site(settings_file or CONFIG["settings_publish"], site_dir, **overrides)
    timings["build"] = time.perf_counter() - started

    report("Kiểm tra trước khi tải lên (nội dung, liên kết, nguồn tin)")
    failures = quality_gate(site_dir, settings, content_check)
    timings["gate"] = time.perf_counter() - started - sum(timings.values())
    if failures:
        raise GateFailed(failures, site_dir)

    earlier_builds = sorted(p for p in build_root.iterdir()
                            if p.is_dir() and p.name < release_id)
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
    _reload_web_server(settings, result)
    return result


def _fail(message):
    print(f"\n{message}", file=sys.stderr)
    sys.exit(1)


def _reload_web_server(settings, result=None):
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
        error = ReloadFailed(_reload_failed_message(failure))
        error.result = result
        raise error from None


@task(help={"settings": "settings file (default publishconf.py)"})
def publish(c, settings=None):
    """Build with publishconf.py, check, upload a new release and switch to it."""
    from releases import DeployError

    _init_logging()
    stale = None
    try:
        result = publish_site(settings)
    except ReloadFailed as failure:
        result, stale = failure.result, failure
    except (BuildFailed, GateFailed, DeployError) as failure:
        _fail(f"Xuất bản thất bại: {failure}")
    stats = result.rsync_stats
    print(f"Đã xuất bản {result.release} (trước đó: {result.previous or 'không có'}); "
          f"gửi {stats.get('Total bytes sent', 0):,} byte, "
          f"{stats.get('Number of regular files transferred', 0):,} tệp mới/đổi.")
    if result.removed:
        print("Đã xoá bản cũ: " + ", ".join(result.removed))
    if stale:
        _fail(f"Trang đã chuyển sang {result.release}, nhưng {stale}")


@task(help={"to": "release id to return to (default: the one before current)",
            "settings": "settings file (default publishconf.py)"})
def rollback(c, to=None, settings=None):
    """Switch the live site back to the previous release."""
    from releases import DeployError
    from releases import rollback as switch_back

    try:
        config = publish_settings(settings)
        manifest = config.get("ASSETS_MANIFEST", "assets-manifest.txt")
        live, restored = switch_back(deploy_target(config), to, manifest)
    except DeployError as failure:
        _fail(f"Khôi phục thất bại: {failure}")
    print(f"Đã chuyển trang từ {live} về {restored}.")
    try:
        _reload_web_server(config)
    except ReloadFailed as stale:
        _fail(f"Trang đã chuyển về {restored}, nhưng {stale}")


@task(name="releases", help={"settings": "settings file (default publishconf.py)"})
def list_releases(c, settings=None):
    """List the releases on the server; * marks the live one."""
    from releases import DeployError, current_release
    from releases import list_releases as names

    try:
        target = deploy_target(publish_settings(settings))
        live = current_release(target)
        for name in names(target):
            print(("* " if name == live else "  ") + name)
    except DeployError as failure:
        _fail(str(failure))


@task(name="nginx-conf", help={"root": "DEPLOY_TARGET folder on the server",
                               "listen": "port or address:port (default 80)",
                               "server_name": "host name(s) (default _)"})
def nginx_conf(c, root, listen="80", server_name="_"):
    """Print the nginx site configuration for a server (deploy/nginx/site.conf)."""
    from releases import render_site_conf

    print(render_site_conf(root, listen, server_name), end="")
