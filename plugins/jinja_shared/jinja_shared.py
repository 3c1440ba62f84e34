"""Compile each template once per build, not once per generator.

Pelican gives every generator its own Jinja ``Environment`` (articles, pages, static,
each content type, archives, feeds, search...), and each environment parses and
compiles every template it renders: ``base.html`` and the partials were compiled
again in each generator, 162 compiles of about 45 templates for the sample site
(a third of its build).
Here every generator's environment shares one in-memory bytecode cache: the first
environment compiles a template, the others load its code.

Jinja checks each cached code against the template's source (a changed file is
compiled again), and the code also depends on the environment's options and on
its filters and tests: whether each takes the context or environment as first
argument, and what it returns for constant arguments (Jinja calls it at compile
time to fold ``{{ 'x' | upper }}`` into text). So the options and what each
filter and test does are part of the cache key: a function by its code and the
objects it captured (Pelican and our plugins make a filter afresh for each
generator, ``strftime``'s ``DateFormatter`` or a closure over the settings: the
same code over the same settings does the same), anything else by identity. Two
environments share code only where Jinja would have generated the same code.

Signals: ``initialized``: a new, empty cache for each build (``make serve`` builds
again in one process), given to every environment through Pelican's documented
``JINJA_ENVIRONMENT`` (its keys are passed to each ``Environment``).
Settings: ``JINJA_ENVIRONMENT["bytecode_cache"]`` (set by the plugin).
"""

import functools
import inspect

from jinja2.bccache import Bucket, BytecodeCache
from pelican import signals


class SharedBytecodeCache(BytecodeCache):
    """Jinja's compiled template code, in memory, shared by environments."""

    def __init__(self):
        self._code = {}

    def get_bucket(self, environment, name, filename, source):
        key = (self.get_cache_key(name, filename), _code_options(environment))
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket):
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self):
        self._code.clear()

    def __reduce__(self):
        # Pelican's reader cache pickles objects that hold the settings: the
        # compiled code is this build's, not data to keep.
        return SharedBytecodeCache, ()


def _code_options(environment):
    """What Jinja's generated code depends on besides the template's source."""
    env = environment

    def pass_args(functions):
        # What the compiler reads of each: what it takes first (Jinja's
        # decorators mark it), and what it returns for constants.
        return tuple(sorted(
            (name, repr(getattr(function, "jinja_pass_arg", None)), behaviour(function))
            for name, function in functions.items()))

    return (
        type(env), env.code_generator_class, env.context_class,
        env.block_start_string, env.block_end_string,
        env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
        env.keep_trailing_newline, tuple(sorted(env.extensions)),
        env.optimized, env.finalize, env.autoescape, env.is_async,
        pass_args(env.filters), pass_args(env.tests),
    )


_PLAIN = (str, bytes, int, float, bool, type(None))


def behaviour(function):
    """What a filter or test does, as far as this build can tell: two functions
    with the same code, defaults and captured objects (by identity, or by value
    for plain values) do the same; a ``functools.partial`` is its function and
    arguments; an object, its class and attributes. The key is only compared
    within one build, whose objects are alive: an identity is never reused."""
    def held(value):
        return repr(value) if type(value) in _PLAIN else ("id", id(value))

    if inspect.ismethod(function):
        return ("method", behaviour(function.__func__), held(function.__self__))
    if isinstance(function, functools.partial):
        return ("partial", behaviour(function.func),
                tuple(held(value) for value in function.args),
                tuple(sorted((key, held(value))
                             for key, value in function.keywords.items())))
    code = getattr(function, "__code__", None)
    if code is not None:
        cells = []
        for cell in function.__closure__ or ():
            try:
                cells.append(held(cell.cell_contents))
            except ValueError:  # a cell not filled yet
                cells.append("<empty>")
        return ("function", id(code), tuple(cells),
                tuple(held(value) for value in function.__defaults__ or ()),
                tuple(sorted((key, held(value))
                             for key, value in (function.__kwdefaults__ or {}).items())))
    state = getattr(function, "__dict__", None)
    if state is not None and not isinstance(function, type):
        return ("object", id(type(function)),
                tuple(sorted((key, held(value)) for key, value in state.items())))
    return ("id", id(function))


def new_cache(pelican):
    """One cache per build, for every generator's environment: templates edited
    between two builds are not kept."""
    pelican.settings["JINJA_ENVIRONMENT"] = {
        **pelican.settings.get("JINJA_ENVIRONMENT", {}),
        "bytecode_cache": SharedBytecodeCache()}


def register():
    signals.initialized.connect(new_cache)
