"""plugins/jinja_shared: environments share compiled code only where Jinja would
generate the same code."""

from jinja2 import DictLoader, Environment, pass_context

from jinja_shared.jinja_shared import SharedBytecodeCache

TEMPLATES = {"page.html": "{{ 'x' | mark }} {{ name }}"}


def environment(cache, mark, **options):
    env = Environment(loader=DictLoader(TEMPLATES), **options)
    env.filters["mark"] = mark
    env.bytecode_cache = cache
    return env


def test_second_environment_loads_the_first_ones_code(monkeypatch):
    cache = SharedBytecodeCache()
    first = environment(cache, str.upper)
    second = environment(cache, str.upper)
    assert first.get_template("page.html").render(name="a") == "X a"
    compiled = []
    monkeypatch.setattr(Environment, "compile",
                        lambda self, *a, **k: compiled.append(a) or None)
    assert second.get_template("page.html").render(name="b") == "X b"
    assert compiled == []


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
