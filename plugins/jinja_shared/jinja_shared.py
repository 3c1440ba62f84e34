"""Compile each template once per build, not once per generator.

Pelican gives every generator its own Jinja ``Environment`` (articles, pages, static,
each content type, archives, feeds, search...), and each environment parses and
compiles every template it renders: ``base.html`` and the partials were compiled
again in each generator, 139 compiles of about 45 templates at 1,000 articles.
Here every generator's environment shares one in-memory bytecode cache: the first
environment compiles a template, the others load its code.

Jinja checks each cached code against the template's source (a changed file is
compiled again), and the code also depends on the environment's options and on
its filters and tests (which of them take the context or environment as first
argument): the options and each filter and test function's identity are part of
the cache key, so two environments share code only where Jinja would have
generated the same code.

Signals: ``initialized``: a new, empty cache for each build (``make serve`` builds
again in one process), given to every environment through Pelican's documented
``JINJA_ENVIRONMENT`` (its keys are passed to each ``Environment``).
Settings: ``JINJA_ENVIRONMENT["bytecode_cache"]`` (set by the plugin).
"""

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
        # The functions themselves (by identity, within one build's process):
        # whether each takes the context is a property of the function.
        return tuple(sorted((name, id(function))
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


def new_cache(pelican):
    """One cache per build, for every generator's environment: templates edited
    between two builds are not kept."""
    pelican.settings["JINJA_ENVIRONMENT"] = {
        **pelican.settings.get("JINJA_ENVIRONMENT", {}),
        "bytecode_cache": SharedBytecodeCache()}


def register():
    signals.initialized.connect(new_cache)
