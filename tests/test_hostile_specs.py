"""Hostile names and text in a spec stay inert: the output is valid, clean, type-checked
code, wire names survive as aliases, and spec text only ever lands inside strings.

The specs are `tests/specs/hostile/*`; `text.json` plants the marker `PWNED` in code-like
text everywhere a spec author can write prose (names become sanitised identifiers, so the
marker stays out of the title, which names the package).
"""

from __future__ import annotations

import io
import keyword
import tokenize
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FixtureClient
from tests.test_unfamiliar_specs import Recorder, make_client
from tests.type_checkers import check_generated_code

MARKER = "PWNED"
_INERT_TOKENS = {tokenize.STRING, tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE}


def _python_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.py"))


@pytest.mark.slow  # ruff, mypy and pyright over every fixture client
def test_every_fixture_client_is_ruff_clean_and_type_checks(
    fixture_clients: dict[str, FixtureClient], tmp_path: Path
) -> None:
    check_generated_code([c.out for c in fixture_clients.values()], tmp_path / "checks")


def test_spec_text_lands_only_inside_strings_and_comments(
    fixture_clients: dict[str, FixtureClient],
) -> None:
    client = fixture_clients["hostile/text"]
    planted = 0
    for path in _python_files(client.out):
        source = path.read_text(encoding="utf-8")
        compile(source, str(path), "exec")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if MARKER in token.string:
                assert token.type in _INERT_TOKENS, f"{path}:{token.start}: {token.string!r}"
                planted += 1
    assert planted > 10, "the marker should reach docstrings, literals and aliases"


def test_control_characters_and_line_breaks_are_escaped(
    fixture_clients: dict[str, FixtureClient],
) -> None:
    for path in _python_files(fixture_clients["hostile/text"].out):
        source = path.read_text(encoding="utf-8")
        assert not any(c in source for c in "\x00\x07\x1b\x7f\x85\u2028\u2029\r"), path
        assert "\\x00" in source or path.name != "things.py"


def test_long_text_is_kept_whole_and_wrapped(fixture_clients: dict[str, FixtureClient]) -> None:
    source = (
        fixture_clients["hostile/text"].out / "text_title" / "types" / "things.py"
    ).read_text()
    assert "x" * 5000 in source  # the spec's prose is not cut (only hostile megabytes are)
    wrapped = [line for line in source.splitlines() if line.strip().startswith("word")]
    assert wrapped and all(len(line) <= 100 for line in wrapped)


def test_hostile_text_round_trips_through_the_client(
    fixture_clients: dict[str, FixtureClient],
) -> None:
    client = fixture_clients["hostile/text"]
    wire = {"name": 'a"""b', '"""': "three quotes", '"); PWNED("': "x", "{{x}}": "j", "a\\b": "s"}
    recorder = Recorder(wire, status=201)
    weird_mode = '"); PWNED("'
    thing = make_client(client, recorder).things.make("t1", name="n", mode=weird_mode)
    assert recorder.sent == {"name": "n", "mode": weird_mode}
    assert thing.model_dump(by_alias=True, exclude_unset=True) == wire


def test_identifiers_are_safe_and_wire_names_are_kept(
    fixture_clients: dict[str, FixtureClient],
) -> None:
    client = fixture_clients["hostile/identifiers"]
    assert client.package == "class_client"  # the title `class` is a keyword
    model = client.module("types").Class
    for name in model.model_fields:
        assert name.isidentifier() and not keyword.iskeyword(name), name
    wire: dict[str, Any] = {
        "def": "d",
        "foo-bar": 1,
        "foo_bar": "2",
        "Foo Bar": "3",
        "__dict__": "dunder",
        "__class__": 4,
        "model_config": "mc",
        "2fast": True,
        "": "empty",
        "-": "dash",
        "über.größe": 1.5,
        "日本": "jp",
        "list": ["l"],
        "None": "n",
        "self": "s",
        "type": "t",
    }
    parsed = model.model_validate(wire)
    assert parsed.model_dump(by_alias=True, exclude_unset=True) == wire
    assert (parsed.foo_bar, parsed.foo_bar2, parsed.foo_bar3) == (1, "2", "3")
    assert (parsed.def_, parsed.class_, parsed.dict_, parsed.x_2fast) == ("d", 4, "dunder", True)


def test_soft_keywords_keep_a_typed_dict_in_class_syntax(
    fixture_clients: dict[str, FixtureClient],
) -> None:
    # ruff's UP013 wants class syntax when every key can be declared in a class body, and
    # `_`, `match` and `type` can; a functional form for them failed the ruff check.
    fixture = fixture_clients["hostile/identifiers"]
    source = (fixture.out / fixture.package / "types" / "self.py").read_text()
    assert "class SoftParam(TypedDict, total=False):" in source
    assert "    _: str\n" in source and "    match: int\n" in source


def test_hostile_parameter_names_reach_the_wire(fixture_clients: dict[str, FixtureClient]) -> None:
    recorder = Recorder({"def": "d", "foo-bar": 1, "foo_bar": "x"})
    client = make_client(fixture_clients["hostile/identifiers"], recorder)
    client.items.import_(
        "a/b",
        7,
        from_="f",
        page_size=3,
        x_1st=True,
        self_="s",
        timeout_=1.5,
        extra_headers_="e",
    )
    request = recorder.requests[0]
    assert request.url.raw_path.startswith(b"/items/a%2Fb/7?")
    assert dict(request.url.params) == {
        "from": "f",
        "page.size": "3",
        "1st": "true",
        "self": "s",
        "timeout": "1.5",
        "extra_headers": "e",
    }


def test_names_that_collide_after_sanitising_stay_apart(
    fixture_clients: dict[str, FixtureClient],
) -> None:
    types = fixture_clients["hostile/identifiers"].module("types")
    assert types.Type2.model_fields.keys() == {"name"}  # `type`, beside `Type`
    assert "TypeParam" in types.__all__
    assert {"Model1234", "ModelBaseModel"} <= set(types.__all__)


def test_members_named_like_builtins_keep_their_names_and_hide_nothing(
    fixture_clients: dict[str, FixtureClient],
) -> None:
    fixture = fixture_clients["hostile/identifiers"]
    recorder = Recorder("on")
    client = make_client(fixture, recorder)
    # `client.self.list()` keeps its names; the `list` parameter becomes `list_` so that
    # the method body can still evaluate `list[...]`; `type` stays `type`.
    assert client.self.list(list_=["a", "b"], type="t") == "on"
    assert recorder.requests[-1].url.params.multi_items() == [
        ("list", "a"),
        ("list", "b"),
        ("type", "t"),
    ]
    recorder.body = ["x"]
    assert client.self.tally(counts=[1], str_="s") == ["x"]
    assert recorder.sent == {"counts": [1], "str": "s"}
    source = (fixture.out / fixture.package / "resources" / "self.py").read_text()
    assert ") -> builtins.list[str]:" in source  # after `def list`, `list` is the method
    recorder.body = {"l": 1}
    assert client.str_.o().l_ == 1  # `str` is a client annotation; `l` reads as 1


def test_taken_names_and_unencodable_text_are_avoided(
    fixture_clients: dict[str, FixtureClient],
) -> None:
    fixture = fixture_clients["hostile/names_taken"]
    package = fixture.module()
    # the title `Value` would name the base error `ValueError`, hiding the builtin
    assert "ValueAPIError" in package.__all__ and "ValueError" not in package.__all__
    assert issubclass(package.APIStatusError, package.ValueAPIError)
    # a method named like the attribute every resource has
    recorder = Recorder(True)
    client = make_client(fixture, recorder)
    assert client.flags.with_raw_response_(one=True, huge=18446744073709551616) is True
    assert dict(recorder.requests[0].url.params) == {"one": "true", "huge": "18446744073709551616"}
    # `1` and `true` are different JSON values; lone surrogates become U+FFFD
    source = (fixture.out / fixture.package / "resources" / "flags.py").read_text()
    assert "one: Literal[1] | Literal[True]" in source and "huge: int" in source
    assert "\ufffd here too" in source
    readme = (fixture.out / "README.md").read_text(encoding="utf-8")
    assert "\x00" not in readme and "Value" in readme


def test_enum_values_of_every_json_type(fixture_clients: dict[str, FixtureClient]) -> None:
    enums = fixture_clients["hostile/enums"]
    words = ["", " ", "None", "class", "a-b", 'x"y', "'''", "\\", "{{ PWNED }}"]
    for word in words:
        wire = {"word": word, "count": -1, "ratio": 0.5, "flag": False, "maybe": None}
        recorder = Recorder({**wire, "mixed": None, "nothing": None})
        choice = make_client(enums, recorder).choices.choose(
            word=word, count=-1, ratio=0.5, flag=False, maybe=None
        )
        assert recorder.sent == wire
        assert choice.word == word
    assert "enum value {'a': 1} is not a scalar; left out" in enums.printed


@pytest.mark.parametrize("value", ["a", 1, 2.5, True, None])
def test_mixed_enums_accept_each_listed_value(
    fixture_clients: dict[str, FixtureClient], value: object
) -> None:
    choice = fixture_clients["hostile/enums"].module("types").Choice
    assert choice.model_validate({"word": "", "mixed": value}).mixed == value


def test_yaml_tags_are_reported_and_read_as_data(fixture_clients: dict[str, FixtureClient]) -> None:
    client = fixture_clients["hostile/yaml_tags"]
    assert "warning[yaml-tag]" in client.printed
    assert "python/object:os.system" in client.printed
    assert client.package == "api"


def test_deprecated_methods_with_long_names_keep_pyright_quiet(
    fixture_clients: dict[str, FixtureClient],
) -> None:
    """Type checking of every fixture (above) covers this one; here the module says why."""
    legacy = fixture_clients["hostile/deprecated_long_names"]
    [module] = [p for p in (legacy.out / legacy.package / "resources").glob("r*.py")]
    text = module.read_text()
    assert "# pyright: reportDeprecated=false" in text
    assert "pyright: ignore" not in text
