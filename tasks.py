"""Project tasks (invoke). The Makefile bootstraps .venv and calls these.

    invoke check      check every content file; exit 1 on any error (--fix: NFC,
                      BOM, Word line breaks)
    invoke build      build the site into output/, checking every file on the way
                      (atomically; errors leave it as it was)
    invoke serve      build, serve output/ at http://127.0.0.1:8000, rebuild and
                      reload the browser on every change (alias: invoke livereload)
    invoke new-article / new-bulletin / new-qa / new-document / new-task / new-call
                                                 create a content file
    invoke import-legacy PATH   import pages saved from the old portal
    invoke install-hooks        install the git pre-commit hook (runs the checker)
    invoke test       run the whole test suite
    invoke clean      remove output/ and the build cache
    invoke docs       build the documentation (docs/, mkdocs.yml) into site-docs/ in
                      strict mode: a broken link or a missing page fails
    invoke publish    build with publishconf.py, gate, upload a release, switch to it
    invoke rollback   switch the live site back to the previous release
    invoke releases   list the releases on the server
    invoke nginx-conf print the nginx site configuration for a server
    invoke next-change  when the site next changes by itself (deadlines, scheduled
                      articles, countdowns): what the scheduled rebuild waits for
    invoke feedback-serve / feedback-purge   the citizens' feedback service, and
                      the deletion of contacts past their retention
    invoke inbox / inbox-show / inbox-answer / inbox-export / inbox-ratings /
           inbox-publish     the editors' side of it

Each task only parses its options and calls the module that does the work:
sitebuild.build (the safe build), sitebuild.publish (gate, upload, switch),
sitebuild.system_deps, sitebuild.sample_media, editorial.* and content_check.cli
(docs/architecture.md).
"""

import shutil
import sys

from invoke import task
from sitebuild.build import (  # build_site: the tests build through tasks
    BuildFailed,
    build_site,  # noqa: F401
    init_logging,
    run_build,
)
from sitebuild.project import CONFIG, ROOT


@task(help={
    "fix": "first normalise NFC, drop a BOM, turn Word's vertical tabs into line "
           "breaks (and change nothing else)",
    "files": "report only on these files (space-separated); the folder is still read",
    "staged": "report only on the files staged in git (the pre-commit hook)",
    "no-cache": "read every file again; neither use nor write cache/check/",
})
def check(c, fix=False, files="", staged=False, no_cache=False):
    """Check every content file and print every problem; exit 1 on any error."""
    from content_check.cli import main

    argv = ["--settings", str(CONFIG["settings_dev"]), *files.split()]
    argv += ["--fix"] if fix else []
    argv += ["--staged"] if staged else []
    argv += ["--no-cache"] if no_cache else []
    status = main(argv)
    if status:
        sys.exit(status)


@task
def build(c):
    """Build the site into output/ with pelicanconf.py, checking every content file
    (the checker runs once, inside the build, with the editors' rules)."""
    run_build(CONFIG["settings_dev"], CHECK_EDITORIAL=True)


@task(aliases=["livereload"], help={"port": "port (default 8000; 0 = any free one)"})
def serve(c, port=CONFIG["port"]):
    """Build, serve output/ and rebuild + reload the browser on every change."""
    import threading

    from editorial import livereload

    livereload.init_logging()  # Vietnamese, file and line, like the checker
    state = livereload.PreviewState()
    server = livereload.make_server(CONFIG["output"], state, CONFIG["host"], int(port))
    host, bound_port = server.server_address[:2]

    def rebuild():
        # The feeds' links point at this server, wherever it listens.
        livereload.preview_build(CONFIG["settings_dev"],
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


# --- Documentation -------------------------------------------------------------------
@task(help={"site_dir": "where to write the documentation site (default site-docs/)"})
def docs(c, site_dir="site-docs"):
    """Build docs/ with MkDocs in strict mode (the error-code table comes from the
    checker's registry at build time: docs/_hooks/error_codes.py)."""
    with c.cd(ROOT):  # the example files are included by paths from the root
        c.run(f"{sys.executable} -m mkdocs build --strict --clean "
              f"--config-file mkdocs.yml --site-dir {site_dir}", pty=False,
              env={"NO_MKDOCS_2_WARNING": "true"})  # Material's banner about MkDocs 2


@task(name="system-deps")
def system_deps(c):
    """Install the Debian packages the test suite needs (as root, with apt-get)."""
    from sitebuild.system_deps import install_system_packages

    install_system_packages(c.run)


@task(name="npm-deps")
def npm_deps(c):
    """Install the pinned npm checkers (axe-core, vnu-jar, lighthouse) if missing."""
    if not (ROOT / "node_modules").is_dir():
        c.run(f"npm ci --no-audit --no-fund --prefix {ROOT}", hide="out")


@task(pre=[system_deps, npm_deps],
      help={"args": "extra pytest arguments, e.g. -k seed"})
def test(c, args=""):
    """Run the whole test suite (installing the system packages it needs first)."""
    # One worker per core; a test module stays on one worker, so its module-scoped
    # sites are built once. The slowest tests are listed at the end of the run.
    c.run(f"{sys.executable} -m pytest --numprocesses auto --dist loadfile "
          f"--durations 15 {args}", pty=False)


@task(name="sample-media")
def sample_media(c):
    """Redraw the pictures that stand in for the sample content's missing photos."""
    from organisation.sample_media import draw_leader_portraits
    from sitebuild.sample_media import draw_sample_media

    for path in [*draw_sample_media(), *draw_leader_portraits(ROOT / "content")]:
        print(f"wrote {path.relative_to(ROOT)}")


# --- Editors' commands (plugins/editorial and plugins/content_check) ---------------


@task(name="new-article", help={"title": "tiêu đề tiếng Việt",
                                "category": "một trong NEWS_CATEGORIES",
                                "slug": "địa chỉ tự chọn (mặc định: từ tiêu đề)"})
def new_article(c, title, category, slug=None, author=None):
    """Create content/news/<year>/<slug>.md dated now (Asia/Ho_Chi_Minh)."""
    from editorial import commands
    from editorial.new_content import new_article as create

    commands.create(create, title=title, category=category, slug=slug, author=author)


@task(name="new-bulletin", help={"title": "tiêu đề số bản tin",
                                 "number": "số (mặc định: số tiếp theo trong năm)"})
def new_bulletin(c, title, number=None, year=None):
    """Create content/bulletins/<year>/so-<n>.md with Number: and Year:."""
    from editorial import commands
    from editorial.new_content import new_bulletin as create

    commands.create(create, title=title, number=number, year=year)


@task(name="new-qa", help={"title": "câu hỏi (tiêu đề)",
                           "field": "lĩnh vực (một trong QA_FIELDS nếu có)"})
def new_qa(c, title, field, asker=None, locality=None, slug=None):
    """Create content/qa/<slug>.md dated now."""
    from editorial import commands
    from editorial.new_content import new_qa as create

    commands.create(create, title=title, field=field, asker=asker, locality=locality,
            slug=slug)


@task(name="new-document", help={
    "title": "trích yếu văn bản", "type": "loại văn bản (một trong DOCUMENTS_TYPES)",
    "field": "lĩnh vực (một trong DOCUMENTS_FIELDS)",
    "issuer": "cơ quan ban hành (DOCUMENTS_ISSUERS; mặc định: mục đầu tiên)",
    "number": "số/ký hiệu, ví dụ 15/2024/QĐ-UBND", "signer": "người ký",
    "draft": "dự thảo lấy ý kiến (không có số, ngày ban hành)",
    "closes": "dự thảo: hạn lấy ý kiến dd/mm/yyyy (mặc định: sau 30 ngày)",
})
def new_document(c, title, type, field, issuer=None, number=None, signer=None,
                 draft=False, closes=None, slug=None):
    """Create content/documents/<year>/<slug>.md (or du-thao/ for a draft)."""
    from editorial import commands
    from editorial.new_content import new_document as create

    commands.create(create, title=title, doc_type=type, field=field, issuer=issuer,
                    number=number, signer=signer, draft=draft, closes=closes,
                    slug=slug)


@task(name="new-task", help={
    "title": "tên nhiệm vụ", "code": "mã số, ví dụ ĐT.NN.01-2027 (duy nhất)",
    "level": "cấp quản lý (một trong SCIENCE_TASK_LEVELS)",
    "field": "lĩnh vực (một trong SCIENCE_TASK_FIELDS)",
    "host": "tổ chức chủ trì", "investigator": "chủ nhiệm nhiệm vụ",
    "starts": "ngày bắt đầu dd/mm/yyyy", "ends": "ngày kết thúc dd/mm/yyyy",
    "budget": "kinh phí (đồng), ví dụ 2.400.000.000",
    "stage": "tình trạng (SCIENCE_TASK_STATUSES; mặc định: mục đầu tiên)",
})
def new_task(c, title, code, level, field, host=None, investigator=None, starts=None,
             ends=None, budget=None, stage=None, slug=None):
    """Create content/tasks/<year>/<slug>.md (a Nhiệm vụ KH&CN)."""
    from editorial import commands
    from science_tasks.new_content import new_task as create

    commands.create(create, title=title, code=code, level=level, field=field,
                    host=host, investigator=investigator, starts=starts, ends=ends,
                    budget=budget, stage=stage, slug=slug)


@task(name="new-call", help={
    "title": "tiêu đề thông báo", "kind": "hình thức (một trong SCIENCE_CALL_KINDS)",
    "task": "mã số một nhiệm vụ của thông báo (lặp lại cho mỗi nhiệm vụ)",
    "number": "số thông báo, ví dụ 214/TB-SKHCN",
    "opens": "ngày thông báo dd/mm/yyyy (mặc định: hôm nay)",
    "closes": "hạn nộp hồ sơ dd/mm/yyyy (mặc định: sau 30 ngày)",
}, iterable=["task"])
def new_call(c, title, kind, task=None, number=None, opens=None, closes=None,
             slug=None):
    """Create content/task-calls/<slug>.md (Thông báo tuyển chọn / giao trực tiếp)."""
    from editorial import commands
    from science_tasks.new_content import new_call as create

    commands.create(create, title=title, kind=kind, tasks=task or [], number=number,
                    opens=opens, closes=closes, slug=slug)


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
    from editorial import commands

    commands.import_legacy(path, legacy_url=legacy_url, category=category,
                           captions=caption or [], image=image,
                           illustration=illustration)


@task(name="install-hooks", help={"force": "replace a pre-commit hook not ours"})
def install_hooks(c, force=False):
    """Install the git pre-commit hook that checks staged content files."""
    from editorial.hooks import HookExists, install_pre_commit

    try:
        target = install_pre_commit(ROOT, force=force)
    except HookExists as error:
        sys.exit(str(error))
    print(f"Đã cài {target}")

# --- Publishing: gate, atomic releases, rollback (docs/van-hanh/xuat-ban.md) ----------

def _fail(message):
    print(f"\n{message}", file=sys.stderr)
    sys.exit(1)


@task(help={"settings": "settings file (default publishconf.py)"})
def publish(c, settings=None):
    """Build with publishconf.py, check, upload a new release and switch to it."""
    from releases import DeployError
    from sitebuild.publish import GateFailed, ReloadFailed, publish_site

    init_logging()
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
    from sitebuild.publish import (
        ReloadFailed,
        deploy_target,
        publish_settings,
        reload_web_server,
    )

    try:
        config = publish_settings(settings)
        manifest = config.get("ASSETS_MANIFEST", "assets-manifest.txt")
        live, restored = switch_back(deploy_target(config), to, manifest)
    except DeployError as failure:
        _fail(f"Khôi phục thất bại: {failure}")
    print(f"Đã chuyển trang từ {live} về {restored}.")
    try:
        reload_web_server(config)
    except ReloadFailed as stale:
        _fail(f"Trang đã chuyển về {restored}, nhưng {stale}")


@task(name="releases", help={"settings": "settings file (default publishconf.py)"})
def list_releases(c, settings=None):
    """List the releases on the server; * marks the live one."""
    from releases import DeployError, current_release
    from releases import list_releases as names
    from sitebuild.publish import deploy_target, publish_settings

    try:
        target = deploy_target(publish_settings(settings))
        live = current_release(target)
        for name in names(target):
            print(("* " if name == live else "  ") + name)
    except DeployError as failure:
        _fail(str(failure))


@task(name="nginx-conf", help={
    "root": "DEPLOY_TARGET folder on the server",
    "listen": "port or address:port (default 80)",
    "server_name": "host name(s) (default _)",
    "feedback_upstream": "HOST:PORT of the feedback service (invoke feedback-serve); "
                         "none: the forms say the service is off",
    "feedback_rate": "form posts per client a minute at nginx (default 10)",
    "feedback_burst": "... of which this many at once (default 5)",
})
def nginx_conf(c, root, listen="80", server_name="_", feedback_upstream=None,
               feedback_rate=10, feedback_burst=5):
    """Print the nginx site configuration for a server (deploy/nginx/site.conf)."""
    from releases import render_site_conf

    feedback = None
    if feedback_upstream:
        feedback = {"upstream": feedback_upstream,
                    "rate_per_minute": int(feedback_rate), "burst": int(feedback_burst)}
    try:
        print(render_site_conf(root, listen, server_name, feedback=feedback), end="")
    except ValueError as error:
        _fail(str(error))


@task(name="next-change", help={
    "iso": "print only the moment, ISO 8601 with its offset (nothing if none)",
    "systemd": "print only the moment as a systemd OnCalendar value in UTC",
    "changed_within": "exit 0 if the site changed by itself in the last N minutes, "
                      "else 1 (for a CI cron that publishes only then)",
    "settings": "settings file (default pelicanconf.py)",
})
def next_change(c, iso=False, systemd=False, changed_within=None, settings=None):
    """Print when the site next changes by itself (dd/mm/yyyy HH:MM, and ISO)."""
    from next_change.command import print_next_change

    print_next_change(settings or CONFIG["settings_dev"], iso, systemd, changed_within)


# --- Citizens' feedback: the service and the editors' inbox (plugins/citizen_feedback,
# docs/van-hanh/feedback-service.md) ---------------------------------------------------

def _feedback_settings(settings):
    from citizen_feedback.settings import read_project_settings

    return read_project_settings(settings or ROOT / "publishconf.py")


@task(name="feedback-serve", help={
    "listen": "HOST:PORT to listen on (default 127.0.0.1:8100; nginx proxies to it)",
    "settings": "settings file (default publishconf.py; FEEDBACK_* env vars win)",
})
def feedback_serve(c, listen="127.0.0.1:8100", settings=None):
    """Run the service that takes the citizens' questions, comments and ratings."""
    from citizen_feedback.service import run
    from citizen_feedback.settings import service_config

    host, _, port = listen.rpartition(":")
    run(service_config(_feedback_settings(settings)), host.strip("[]") or "127.0.0.1",
        int(port))


@task(name="feedback-purge",
      help={"settings": "settings file (default publishconf.py)"})
def feedback_purge(c, settings=None):
    """Delete the contact data older than FEEDBACK_CONTACT_RETENTION_DAYS."""
    from citizen_feedback.inbox import open_store
    from citizen_feedback.settings import service_config

    config = service_config(_feedback_settings(settings))
    store = open_store(config)
    removed = store.purge_contacts(config.contact_retention_days)
    print(f"Đã xóa {removed} thông tin liên hệ quá {config.contact_retention_days} "
          "ngày.")


# invoke's positional arguments cannot be optional, so each inbox action is a task
# of its own: invoke inbox, inbox-show CODE, inbox-answer CODE, inbox-export --draft.
def _inbox(settings, work):
    from citizen_feedback import inbox as box
    from citizen_feedback.settings import service_config

    config_settings = _feedback_settings(settings)
    store = box.open_store(service_config(config_settings))
    try:
        for line in work(box, store, config_settings):
            print(line)
    except box.InboxError as error:
        _fail(str(error))
    finally:
        store.close()


@task(help={"all": "every submission, not only the new ones",
            "settings": "settings file (default publishconf.py)"})
def inbox(c, all=False, settings=None):
    """List the citizens' new questions, comments and ratings (type, date, code)."""
    _inbox(settings, lambda box, store, _: box.list_lines(store, show_all=all))


@task(name="inbox-show", help={"code": "reference code, e.g. HD-7K3M9Q2X"})
def inbox_show(c, code, settings=None):
    """Show one submission whole (with the contact left for a reply)."""
    _inbox(settings, lambda box, store, _: box.show_lines(store, code))


@task(name="inbox-answer", help={"code": "reference code of a question (HD-...)"})
def inbox_answer(c, code, settings=None):
    """Write a content/qa/ draft from a question (no contact data), then check it."""
    paths = []

    def work(box, store, config_settings):
        path = box.answer_draft(store, code, config_settings, config_settings["PATH"])
        paths.append(path)
        yield (f"Đã tạo bản nháp {path} (Status: draft; không có thông tin liên hệ). "
               "Viết câu trả lời, thêm 'Answerer:', rồi bỏ dòng Status.")

    _inbox(settings, work)
    # The checker's privacy rules on the new file (exit 1 if it finds any).
    check(c, files=str(paths[0]))


@task(name="inbox-export", help={
    "draft": "the draft's slug (its address under van-ban/)",
    "output": "the CSV file (default gop-y-<draft>.csv)"})
def inbox_export(c, draft, output="", settings=None):
    """Write the comments on a draft as CSV (UTF-8 with BOM) for the report."""
    target = output or f"gop-y-{draft}.csv"

    def work(box, store, _):
        count = box.export_comments(store, draft, target)
        yield f"Đã ghi {count} ý kiến góp ý vào {target} (UTF-8 có BOM)."

    _inbox(settings, work)


@task(name="inbox-ratings", help={"settings": "settings file (default publishconf.py)"})
def inbox_ratings(c, settings=None):
    """Write the monthly rating counts (FEEDBACK_RATINGS_FILE) the build publishes."""

    def work(box, store, config_settings):
        from citizen_feedback.settings import ratings_file

        path = box.write_ratings(store, ratings_file(config_settings))
        yield f"Đã ghi số liệu đánh giá theo tháng vào {path}; commit tệp này."

    _inbox(settings, work)


@task(name="inbox-publish", help={"code": "reference code of a rating (DG-...)",
                                  "undo": "do not publish it after all"})
def inbox_publish(c, code, undo=False, settings=None):
    """Mark a rating's comment for the results page (then invoke inbox-ratings)."""

    def work(box, store, _):
        box.publish_comment(store, code, not undo)
        yield (f"Nhận xét {code} " + ("sẽ không" if undo else "sẽ") + " được công khai "
               "sau lần invoke inbox-ratings và xây dựng tiếp theo.")

    _inbox(settings, work)
