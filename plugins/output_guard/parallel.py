"""Pages rendered and written on every core: a writer that claims now, renders later.

With ``BUILD_WORKERS`` above 1 (default: the machine's cores), Pelican writes
through :class:`ParallelWriter`. During ``generate_output`` it does everything
Pelican's ``write_file`` does except the rendering and writing of each file: the
per-file context (pagination included) is built, the file is claimed in the
build's registry and by Pelican's own overwrite guard (so E-OUTPUT-CONFLICT and
Pelican's refusals stay sequential, in the same order), the page's folder is
made, the shared context's ``localsiteurl`` is set as Pelican sets it, and a job
is kept. When ``finalized`` is sent, before any of its receivers reads the output
(sitemap, assets, html_postprocess's cache pruning; ``pages_before_finalized``,
around the run in sitebuild.build), :func:`ParallelWriter.flush` forks the
workers ('fork': they share the built context, nothing is pickled out); worker
``k`` renders jobs ``k, k+N, k+2N, ...`` through the page filters and writes
them. What a page's rendering leaves in the parent during a sequential build is
carried back and replayed in job order:

- every log record at the level the loggers let through (Pelican's duplicate
  filter is off in the workers and applies in the parent, as it would have), so
  the build's error collector sees the same messages in the same order;
- ``content_written`` is sent in the parent, in job order, not in the workers
  (sitemap entries, the progress count);
- the state of each object in ``OUTPUT_GUARD_WORKER_STATE`` (``worker_state()``
  in the worker, ``merge_worker_state(state)`` in the parent): the
  html_postprocess cache's used keys.

A job that raises stops its worker; the parent replays the jobs before it and
raises :class:`PageFailed` naming the page (the build fails, output/ untouched).
A worker that dies without answering fails the build too.

Only builds run by sitebuild.build_site use it; elsewhere (and with
``BUILD_WORKERS = 1``) Pelican writes through :class:`owners.GuardedWriter`, one
page after another, as before.

Settings: ``BUILD_WORKERS`` (processes; None, the default: the cores, for a site of
at least ``AUTO_MIN_PAGES`` pages; 1: sequential).
"""

import contextlib
import logging
import multiprocessing
import os
import pickle
import sys
import traceback

from pelican.log import LimitFilter
from pelican.paginator import Paginator
from pelican.plugins import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join

from . import owners, page_memo

logger = logging.getLogger(__name__)

SETTING = "BUILD_WORKERS"
WORKER_STATE = "OUTPUT_GUARD_WORKER_STATE"
# With BUILD_WORKERS = None (the cores), fewer pages than this are rendered in the
# build's own process: forking and replaying cost about as much as rendering a few
# hundred pages (the test suite's small sites ran a minute slower with it).
AUTO_MIN_PAGES = 500


def build_workers(settings):
    """How many processes render pages: ``BUILD_WORKERS``, else the cores."""
    value = settings.get(SETTING)
    if value is None:
        value = os.cpu_count() or 1
    return max(1, int(value))


class PageFailed(RuntimeError):
    """A page's rendering raised in a worker."""


class _Job:
    __slots__ = ("name", "template", "localcontext", "path", "target", "siteurls")

    def __init__(self, name, template, localcontext, path, target, siteurls):
        self.name, self.template, self.localcontext = name, template, localcontext
        self.path, self.target, self.siteurls = path, target, siteurls


class ParallelWriter(owners.GuardedWriter):
    """GuardedWriter whose pages are rendered and written by :meth:`flush`."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.workers = build_workers(self.settings)
        self.jobs = []
        registry = owners.owners(self.settings)
        registry.deferred_writer = self
        # The dicts whose "localsiteurl" Content objects read (the generators'
        # shared context): each job restores their values before rendering.
        self.shared_contexts = list(getattr(registry, "contexts", ()))

    # Pelican's Writer.write_file (4.12), with _write_file replaced by _defer.
    def _write_pages(self, name, template, context, relative_urls=False,
                     paginated=None, template_name=None, override_output=False,
                     url=None, **kwargs):
        if not name:
            return

        def _get_localcontext(context, name, kwargs, relative_urls):
            localcontext = context.copy()
            localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
            if relative_urls:
                relative_url = path_to_url(get_relative_path(name))
                localcontext["SITEURL"] = relative_url
                localcontext["localsiteurl"] = relative_url
            localcontext["output_file"] = name
            localcontext.update(kwargs)
            return localcontext

        if paginated is None:
            paginated = {
                key: val for key, val in kwargs.items() if key in {"articles", "dates"}
            }
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            per_page = (self.settings["PAGINATED_TEMPLATES"][template_name]
                        or self.settings["DEFAULT_PAGINATION"])
            paginators = {key: Paginator(name, url, val, self.settings, per_page)
                          for key, val in paginated.items()}
            for page_num in range(next(iter(paginators.values())).num_pages):
                paginated_kwargs = kwargs.copy()
                for key, paginator in paginators.items():
                    previous_page = paginator.page(page_num) if page_num > 0 else None
                    page = paginator.page(page_num + 1)
                    next_page = (paginator.page(page_num + 2)
                                 if page_num + 1 < paginator.num_pages else None)
                    paginated_kwargs.update({
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": previous_page,
                        f"{key}_next_page": next_page,
                    })
                localcontext = _get_localcontext(context, page.save_as,
                                                 paginated_kwargs, relative_urls)
                self._defer(template, context, localcontext, page.save_as,
                            override_output)
        else:
            localcontext = _get_localcontext(context, name, kwargs, relative_urls)
            self._defer(template, context, localcontext, name, override_output)

    def _defer(self, template, context, localcontext, name, override):
        """Everything Pelican's _write_file does but render and write, in order."""
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        path = sanitised_join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # The claim and Pelican's overwrite guard, now and in order; the file is
        # created empty (or os.devnull is named) and written by a worker.
        with self._open_w(path, "utf-8", override=override) as handle:
            target = handle.name
        contexts = [context, *(c for c in self.shared_contexts if c is not context)]
        siteurls = [(c, c.get("localsiteurl")) for c in contexts]
        self.jobs.append(_Job(name, template, localcontext, path, target, siteurls))

    def flush(self):
        """Render and write every kept page on the workers; replay their effects."""
        jobs, self.jobs = self.jobs, []
        if not jobs:
            return
        # A path written twice (Pelican's override_output): the last job's text is
        # the file's, as when they are written one after another.
        last = {}
        for index, job in enumerate(jobs):
            if job.target != os.devnull:
                last[job.target] = index
        targets = [job.target if job.target == os.devnull or last[job.target] == index
                   else os.devnull for index, job in enumerate(jobs)]
        # Pages the page memo finds unchanged are linked to the live file here,
        # not rendered (their content_written is sent below, in order).
        memo = self.settings.get(page_memo.SETTING)
        effects = self.settings.get(page_memo.EFFECTS, ())
        reused, indices = {}, []
        for index, job in enumerate(jobs):
            if (memo is not None and targets[index] != os.devnull
                    and memo.link(job.name, targets[index], effects, job.template,
                                  job.localcontext)):
                reused[index] = (index, [], None)  # as a job done without a log
            else:
                indices.append(index)
        states = list(self.settings.get(WORKER_STATE, ()))
        workers = min(self.workers, len(indices))
        if self.settings.get(SETTING) is None and len(indices) < AUTO_MIN_PAGES:
            workers = 1  # a small site: forking costs more than it saves
        if workers <= 1:
            outcomes = {o[0]: o for o in _render(jobs, targets, indices)}
            answers = [[state.worker_state() for state in states]]
        else:
            outcomes, answers = _fork(jobs, targets, indices, workers, states)
        outcomes.update(reused)
        for answer in answers:
            for state, value in zip(states, answer, strict=True):
                state.merge_worker_state(value)
        for index, job in enumerate(jobs):
            outcome = outcomes.get(index)
            if outcome is None:
                raise PageFailed(f"trang '{job.name}' không được ghi (tiến trình "
                                 f"xây dựng dừng trước nó)")
            _, records, failure = outcome
            for record in records:
                logging.getLogger(record.name).handle(record)
            if failure is not None:
                kind, message, trace = failure
                logger.debug("%s", trace)
                raise PageFailed(f"trang '{job.name}' (mẫu "
                                 f"{getattr(job.template, 'name', job.template)}): "
                                 f"{kind}: {message}")
            signals.content_written.send(job.path, context=job.localcontext)


def flush_pages(pelican):
    """Write the pages the build's writer kept (none if it kept none)."""
    registry = getattr(pelican, "settings", {}).get(owners.SETTING)
    writer = getattr(registry, "deferred_writer", None)
    if writer is not None:
        registry.deferred_writer = None
        writer.flush()


# Set in a run's settings by pages_before_finalized: its pages may be deferred.
DEFER = "OUTPUT_GUARD_DEFER_PAGES"


def writer_class(pelican):
    """The writer for this run: ParallelWriter inside :func:`pages_before_finalized`
    with more than one worker, else GuardedWriter (Pelican's sequential path)."""
    if pelican.settings.get(DEFER) and build_workers(pelican.settings) > 1:
        return ParallelWriter
    return owners.GuardedWriter


@contextlib.contextmanager
def pages_before_finalized(pelican):
    """For ``pelican``'s run: its pages may be deferred. They are written by
    :func:`flush_pages`, output_guard's ``finalized`` receiver, which runs before
    any other plugin's (Pelican calls receivers in the order they connected, and
    output_guard is first in ``PLUGINS``)."""
    pelican.settings[DEFER] = True
    try:
        yield
    finally:
        pelican.settings.pop(DEFER, None)


class _Capture(logging.Handler):
    """In a worker: every record that reaches the root, made picklable."""

    def __init__(self):
        super().__init__(level=logging.NOTSET)
        self.records = []

    def emit(self, record):
        error = (record.exc_info or sys.exc_info())[1]
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if error is not None:
            # Read by the build's error collector (sitebuild.build), which cannot
            # see the worker's exception.
            record.worker_error = str(error)
        try:
            pickle.dumps(record.args)
        except Exception:  # noqa: BLE001 - keep the message, not its arguments
            record.msg, record.args = record.getMessage(), None
        record.stack_info = None
        self.records.append(record)


def _render(jobs, targets, indices):
    """(index, log records, failure or None) of each job done, until one raises."""
    root = logging.getLogger()
    capture = _Capture()
    saved = root.handlers[:], LimitFilter.LOGS_DEDUP_MIN_LEVEL
    root.handlers[:] = [capture]
    # Duplicates are dropped in the parent, across every worker, in job order.
    LimitFilter.LOGS_DEDUP_MIN_LEVEL = -1
    outcomes = []
    try:
        for index in indices:
            job = jobs[index]
            capture.records = records = []
            try:
                for context, value in job.siteurls:
                    context["localsiteurl"] = value
                output = job.template.render(job.localcontext)
                with open(targets[index], "w", encoding="utf-8") as handle:
                    handle.write(output)
                logging.getLogger("pelican.writers").info('Writing "%s"', job.path)
            except Exception as error:  # noqa: BLE001 - reported by the parent
                outcomes.append((index, records, (
                    type(error).__name__, str(error), traceback.format_exc())))
                break
            outcomes.append((index, records, None))
    finally:
        root.handlers[:], LimitFilter.LOGS_DEDUP_MIN_LEVEL = saved
    return outcomes


def _worker(jobs, targets, indices, states, connection):
    try:
        outcomes = _render(jobs, targets, indices)
        answer = [state.worker_state() for state in states]
        connection.send((outcomes, answer))
    except BaseException as error:  # noqa: BLE001 - the parent must hear of it
        connection.send(([], None, f"{type(error).__name__}: {error}"))
        raise
    finally:
        connection.close()


def _fork(jobs, targets, indices, workers, states):
    """Run the jobs at ``indices`` on ``workers`` forked processes:
    ({index: outcome}, [states])."""
    context = multiprocessing.get_context("fork")
    sys.stdout.flush()
    sys.stderr.flush()
    started = []
    for number in range(workers):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(
            target=_worker, name=f"build-worker-{number}",
            args=(jobs, targets, indices[number::workers], states, send),
            daemon=True)
        process.start()
        send.close()
        started.append((process, receive))
    outcomes, answers, problems = {}, [], []
    for process, receive in started:
        try:
            message = receive.recv()
        except EOFError:
            message = None
        finally:
            receive.close()
        process.join()
        if message is None or len(message) == 3 or message[1] is None:
            detail = message[2] if message and len(message) == 3 else (
                f"mã thoát {process.exitcode}")
            problems.append(f"{process.name}: {detail}")
            continue
        worker_outcomes, answer = message
        outcomes.update((o[0], o) for o in worker_outcomes)
        answers.append(answer)
    if problems:
        raise PageFailed("tiến trình ghi trang dừng bất thường: " + "; ".join(problems))
    return outcomes, answers
