"""Compile each template once per process, not once per generator and build.

Pelican gives every generator its own Jinja ``Environment`` (articles, pages, static,
each content type, archives, feeds, search...), and each environment parses and
compiles every template it renders: ``base.html`` and the partials were compiled
again in each generator, 162 compiles of about 45 templates for the sample site
(a third of its build). Here every environment shares one in-memory bytecode
cache: the first environment compiles a template, the others load its code, and
so do the next builds in the same process (``make serve``, the test suite).

Jinja checks each cached code against the template's source (a changed file is
compiled again), and the code also depends on the environment's options and on
its filters and tests: whether each takes the context or environment as first
argument, and what it returns for constant arguments (Jinja calls it at compile
time to fold ``{{ 'x' | upper }}`` into text). So the options and what each
filter and test does are part of the cache key (:func:`behaviour`): a function
by its code and the values it captured. Pelican and our plugins make a filter
afresh for each generator (``strftime``'s ``DateFormatter``, ``plugin_enabled``
over the plugin list, our closures over a few settings' values): the same code
over the same values does the same. A filter known only by an object's identity
makes the code that depends on it this build's. Two environments share code only
where Jinja would have generated the same code.

Signals: ``initialized``: the process's cache, told that a build begins, is given
to every environment through Pelican's documented ``JINJA_ENVIRONMENT`` (its
keys are passed to each ``Environment``). Settings:
``JINJA_ENVIRONMENT["bytecode_cache"]`` (set by the plugin).
"""

import functools
import inspect
from collections import OrderedDict

from jinja2.bccache import Bucket, BytecodeCache
from pelican import signals


class SharedBytecodeCache(BytecodeCache):
    """Jinja's compiled template code, in memory, shared by environments and by
    the builds of one process."""

    # Templates kept, least recently used dropped first: a test suite builds
    # themes of its own in one process.
    LIMIT = 500

    def __init__(self):
        self._code = OrderedDict()
        self._build = 0

    def new_build(self):
        """A build begins: code whose key holds an object's identity was the last
        build's (that object may be gone, its identity reused): dropped."""
        self._build += 1
        for key in [key for key in self._code if key[2] is not None]:
            del self._code[key]

    def get_bucket(self, environment, name, filename, source):
        identities = []
        options = _code_options(environment, identities)
        key = (self.get_cache_key(name, filename), options,
               self._build if identities else None)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket):
        code = self._code.get(bucket.key)
        if code is not None:
            self._code.move_to_end(bucket.key)
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = bucket.bytecode_to_string()
        while len(self._code) > self.LIMIT:
            self._code.popitem(last=False)

    def clear(self):
        self._code.clear()

    def __reduce__(self):
        # Pelican's reader cache pickles objects that hold the settings: the
        # compiled code is this process's, not data to keep.
        return SharedBytecodeCache, ()


def _code_options(environment, identities):
    """What Jinja's generated code depends on besides the template's source (an
    object known only by identity noted in ``identities``)."""
    env = environment

    def pass_args(functions):
        # What the compiler reads of each: what it takes first (Jinja's
        # decorators mark it), and what it returns for constants.
        return tuple(sorted(
            (name, repr(getattr(function, "jinja_pass_arg", None)),
             behaviour(function, identities))
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


def behaviour(function, identities, _within=()):
    """What a filter or test does: two functions with the same code (a code
    object lives as long as its module), defaults and captured values do the
    same; a ``functools.partial`` is its function and arguments; an object, its
    class and attributes; a module's built-in function, its name. A value is
    compared by value when it is plain (or a list, tuple or dict of plain
    values) or a function, else by identity, noted in ``identities``: such a key
    holds only within one build."""
    def held(value):
        if type(value) in _PLAIN:
            return repr(value)
        if type(value) in (list, tuple) and all(type(v) in _PLAIN for v in value):
            return repr(value)
        if type(value) is dict and all(type(v) in _PLAIN for v in
                                       (*value.keys(), *value.values())):
            return repr(sorted(value.items(), key=repr))  # keys of mixed types too
        if inspect.isfunction(value) or isinstance(value, functools.partial):
            # A decorator's wrapped function; a function that calls itself.
            if id(value) in within:
                return "<itself>"
            return behaviour(value, identities, within)
        if inspect.isbuiltin(value) and (value.__self__ is None
                                         or inspect.ismodule(value.__self__)):
            return ("builtin", value.__module__, value.__qualname__)  # len, eq
        identities.append(value)
        return ("id", id(value))

    within = (*_within, id(function))
    if inspect.ismethod(function):
        return ("method", behaviour(function.__func__, identities, within),
                held(function.__self__))
    if isinstance(function, functools.partial):
        return ("partial", behaviour(function.func, identities, within),
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
    return held(function)


# One for the process (make serve, the test suite): Jinja checks each entry
# against its template's source.
_CACHE = SharedBytecodeCache()


def share_cache(pelican):
    """Every generator's environment uses the process's cache."""
    _CACHE.new_build()
    pelican.settings["JINJA_ENVIRONMENT"] = {
        **pelican.settings.get("JINJA_ENVIRONMENT", {}),
        "bytecode_cache": _CACHE}


def register():
    signals.initialized.connect(share_cache)
