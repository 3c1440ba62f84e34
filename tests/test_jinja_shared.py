"""plugins/jinja_shared: environments share compiled code only where Jinja would
generate the same code."""

from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, pass_context

from jinja_shared import jinja_shared
from jinja_shared.jinja_shared import SharedBytecodeCache, behaviour

TEMPLATES = {"page.html": "{{ 'x' | mark }} {{ name }}"}


def environment(cache, mark, **options):
    env = Environment(loader=DictLoader(TEMPLATES), **options)
    env.filters["mark"] = mark
    env.bytecode_cache = cache
    return env


@pytest.fixture
def compiled(monkeypatch):
    """The names of the templates Jinja compiles from now on."""
    names = []
    original = Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        names.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    return names


def test_second_environment_loads_the_first_ones_code(compiled):
    cache = SharedBytecodeCache()
    first = environment(cache, str.upper)
    second = environment(cache, str.upper)
    assert first.get_template("page.html").render(name="a") == "X a"
    del compiled[:]
    assert second.get_template("page.html").render(name="b") == "X b"
    assert compiled == []


def closure(suffix):
    return lambda value: value.upper() + suffix


def test_a_filter_made_afresh_shares_code_only_if_it_does_the_same(compiled):
    cache = SharedBytecodeCache()
    suffix = "?"
    assert environment(cache, closure(suffix)).get_template(
        "page.html").render(name="a") == "X? a"
    del compiled[:]
    # The same code over the same object: the code made for the first is loaded.
    assert environment(cache, closure(suffix)).get_template(
        "page.html").render(name="b") == "X? b"
    assert compiled == []
    # Jinja folds ``'x' | mark`` into text when it compiles: a closure over
    # another value gets its own code, and so does another function.
    assert environment(cache, closure("!")).get_template(
        "page.html").render(name="c") == "X! c"
    assert environment(cache, lambda value: value.lower()).get_template(
        "page.html").render(name="d") == "x d"
    assert len(compiled) == 2


def test_a_build_compiles_each_template_once(build_site, compiled, monkeypatch):
    # As in a new process: the builds before this one compiled nothing yet.
    monkeypatch.setattr(jinja_shared, "_CACHE", SharedBytecodeCache())
    output = build_site({"news/a.md": "Title: Hội nghị\nDate: 09/08/2019\n"
                                      "Category: Thanh tra\n\nNội dung.\n"})
    assert (Path(output) / "index.html").is_file()
    # Seventeen generators render base.html and its partials.
    assert "base.html" in compiled
    assert len(compiled) == len(set(compiled))


def test_code_is_not_shared_across_filter_signatures_or_options():
    cache = SharedBytecodeCache()
    plain = environment(cache, str.upper)
    with_context = environment(cache, pass_context(lambda context, value: context["name"]))
    escaping = environment(cache, str.upper, autoescape=True)
    assert plain.get_template("page.html").render(name="<a>") == "X <a>"
    assert with_context.get_template("page.html").render(name="<a>") == "<a> <a>"
    assert escaping.get_template("page.html").render(name="<a>") == "X &lt;a&gt;"


def test_an_edited_template_is_compiled_again():
    cache = SharedBytecodeCache()
    assert environment(cache, str.upper).get_template("page.html").render(name="a") == "X a"
    TEMPLATES["page.html"] = "{{ name }}!"
    try:
        assert environment(cache, str.upper).get_template("page.html").render(name="a") == "a!"
    finally:
        TEMPLATES["page.html"] = "{{ 'x' | mark }} {{ name }}"


def test_a_second_build_in_one_process_compiles_no_template(build_site, compiled):
    files = {"news/a.md": "Title: Hội nghị\nDate: 09/08/2019\nCategory: Thanh tra\n\n"
                          "Nội dung.\n"}
    build_site(files)
    del compiled[:]
    files["news/a.md"] = files["news/a.md"].replace("Nội dung.", "Nội dung mới.")
    output = Path(build_site(files))
    assert "Nội dung mới." in (output / "tin-tuc/2019/08/hoi-nghi/index.html").read_text()
    assert compiled == []


def test_code_over_an_object_known_by_identity_is_not_kept_for_the_next_build(
        compiled):
    cache = SharedBytecodeCache()

    class Holder:  # no __dict__ values worth comparing: known by identity
        __slots__ = ()

    holder = Holder()
    mark = (lambda value: value.upper() + ("!" if holder else ""))
    cache.new_build()
    assert environment(cache, mark).get_template("page.html").render(name="a") == "X! a"
    del compiled[:]
    assert environment(cache, mark).get_template("page.html").render(name="b") == "X! b"
    assert compiled == []
    cache.new_build()
    assert environment(cache, mark).get_template("page.html").render(name="c") == "X! c"
    assert len(compiled) == 1


def test_a_filter_that_calls_itself_is_described():
    def outer():
        def countdown(value, n=2):
            return value if n == 0 else countdown(value, n - 1)
        return countdown

    identities = []
    assert behaviour(outer(), identities) == behaviour(outer(), identities)
    assert identities == []
