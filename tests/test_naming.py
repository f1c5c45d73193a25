"""Stage 4: stable, readable names for models, fields, resources and methods."""

from __future__ import annotations

import pydantic
import pytest

from generator.config import ConfigFile, OperationConfig
from generator.diagnostics import Diagnostics
from generator.ir import Api, ObjectModel
from generator.naming.words import pascal, safe_identifier, singular, snake, snake_name, words
from generator.render.modules import type_module_views
from tests.spec_builders import model_named, named_api, spec_models

CHAT = """
paths:
  /chat/completions:
    post:
      operationId: createChatCompletion
      tags: [Chat]
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/ChatRequest'}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
                  choices:
                    type: array
                    items:
                      type: object
                      properties:
                        message:
                          type: object
                          properties: {content: {type: string}}
        "401":
          description: no
          content:
            application/json:
              schema: {type: object, properties: {error: {type: string}}}
        "500":
          description: no
          content:
            application/json:
              schema: {type: object, properties: {error: {type: string}}}
components:
  schemas:
    ChatRequest:
      type: object
      properties:
        messages:
          type: array
          items:
            anyOf:
              - title: User Message
                type: object
                properties: {role: {type: string, enum: [user]}, content: {type: string}}
                required: [role]
              - type: object
                properties: {role: {type: string, enum: [system]}, content: {type: string}}
                required: [role]
        cache_control: {type: object, properties: {ttl: {type: string}}}
        stream: {type: boolean}
"""


def _names(api: Api) -> set[str]:
    return {m.name for m in spec_models(api) if m.name}


# ---------------------------------------------------------------- words


@pytest.mark.parametrize(
    ("text", "pascal_form", "snake_form"),
    [
        ("createChatCompletion", "CreateChatCompletion", "create_chat_completion"),
        ("x402Version", "X402Version", "x402_version"),
        ("SIGN-IN-WITH-X", "SignInWithX", "sign_in_with_x"),
        ("api_keys", "ApiKeys", "api_keys"),
        ("User Message", "UserMessage", "user_message"),
        ("HTTPResponse", "HTTPResponse", "http_response"),
        ("Ärger-Foo", "ArgerFoo", "arger_foo"),
    ],
)
def test_word_forms(text: str, pascal_form: str, snake_form: str) -> None:
    assert pascal(text) == pascal_form and snake(text) == snake_form


def test_words_split_on_case_digits_and_punctuation() -> None:
    assert words("getApiKeys/rate_limits-log") == ["get", "Api", "Keys", "rate", "limits", "log"]


@pytest.mark.parametrize(
    ("plural", "one"),
    [
        ("choices", "choice"),
        ("entries", "entry"),
        ("boxes", "box"),
        ("data", None),
        ("status", None),
        ("Messages", "Message"),
    ],
)
def test_singular(plural: str, one: str | None) -> None:
    assert singular(plural) == one


def test_names_already_in_snake_case_are_kept() -> None:
    assert [snake_name(n) for n in ("enable_e2ee", "top_p", "x402")] == [
        "enable_e2ee",
        "top_p",
        "x402",
    ]
    assert [snake_name(n) for n in ("pageSize", "_private", "a__b")] == [
        "page_size",
        "private",
        "a_b",
    ]


def test_safe_identifier_avoids_keywords_digits_and_reserved_names() -> None:
    assert safe_identifier("class") == "class_"
    assert safe_identifier("match") == "match_"
    assert safe_identifier("1k") == "x_1k"
    assert safe_identifier("json", frozenset({"json"})) == "json_"
    assert safe_identifier("") == "x"
    assert [safe_identifier(n) for n in ("l", "O", "I", "o")] == ["l_", "O_", "I_", "o"]


# ---------------------------------------------------------------- model names


def test_components_keep_their_names_and_inline_schemas_name_after_their_place() -> None:
    api = named_api(CHAT)
    names = _names(api)
    assert {
        "ChatRequest",
        "ChatCreateCompletionResponse",
        "ChatCreateCompletionResponseChoice",
        "ChatCreateCompletionResponseChoiceMessage",
    } <= names
    assert not any(name.startswith(("Inline", "Model1")) for name in names)


def test_union_members_are_named_by_title_else_by_tag_value() -> None:
    names = _names(named_api(CHAT))
    assert "ChatRequestUserMessage" in names
    assert "ChatRequestMessageSystem" in names


def test_repeated_error_bodies_share_one_class_named_by_its_fields() -> None:
    api = named_api(CHAT)
    error = model_named(api, "ErrorResponse")
    assert len(error.sites) == 2


def test_overrides_rename_a_model_and_its_children() -> None:
    config = ConfigFile(names={"ChatCreateCompletionResponse": "ChatCompletion"})
    names = _names(named_api(CHAT, config))
    assert {"ChatCompletion", "ChatCompletionChoice", "ChatCompletionChoiceMessage"} <= names
    assert "ChatCreateCompletionResponse" not in names


def test_unused_overrides_are_reported() -> None:
    diagnostics = Diagnostics()
    named_api(CHAT, ConfigFile(names={"NoSuchModel": "X"}), diagnostics)
    assert any(d.code == "config-unused" and "NoSuchModel" in d.message for d in diagnostics)


def test_an_override_to_a_name_already_taken_is_reported() -> None:
    diagnostics = Diagnostics()
    config = ConfigFile(names={"ChatCreateCompletionResponse": "ChatRequest"})
    names = _names(named_api(CHAT, config, diagnostics))
    assert {"ChatRequest", "ChatRequest2"} <= names  # the component keeps its name
    [taken] = [d for d in diagnostics if d.code == "config-name-taken"]
    assert "'ChatRequest'" in taken.message and "'ChatRequest2'" in taken.message


def test_an_override_must_be_a_class_name() -> None:
    with pytest.raises(pydantic.ValidationError, match="must be a Python identifier"):
        ConfigFile(names={"ChatCreateCompletionResponse": "class"})


def test_request_models_get_param_names() -> None:
    api = named_api(CHAT)
    request = model_named(api, "ChatRequest")
    assert request.param_name == "ChatRequest"  # already says it is a request
    user = model_named(api, "ChatRequestUserMessage")
    assert user.param_name == "ChatRequestUserMessageParam"
    response = model_named(api, "ChatCreateCompletionResponse")
    assert response.param_name is None


def test_names_survive_adding_an_operation_and_a_field_elsewhere() -> None:
    grown = CHAT.replace(
        "components:",
        """  /other:
    get:
      operationId: getOther
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}, n: {type: integer}}}
        "500":
          description: no
          content:
            application/json:
              schema: {type: object, properties: {error: {type: string}}}
components:""",
    ).replace(
        "cache_control: {type: object, properties: {ttl: {type: string}}}",
        "cache_control: {type: object, properties: {ttl: {type: string}}}\n"
        "        temperature: {type: number}",
    )
    _assert_no_renames(grown)


def _assert_no_renames(grown: str) -> dict[str, str | None]:
    """Assert that every place of CHAT keeps its class name in `grown`; its names by place."""
    before = _names_by_place(named_api(CHAT))
    after = _names_by_place(named_api(grown))
    assert {p: after[p] for p in before} == before
    return after


def _names_by_place(api: Api) -> dict[str, str | None]:
    return {s.pointer: m.name for m in api.models for s in m.sites}


def test_a_new_operation_sharing_an_inline_schema_renames_nothing() -> None:
    grown = CHAT.replace(
        "components:",
        """  /zzz/thing:
    post:
      operationId: setThing
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                cache_control: {type: object, properties: {ttl: {type: string}}}
      responses: {"204": {description: done}}
components:""",
    )
    after = _assert_no_renames(grown)
    # the copy merged into the existing class, which its first place still names
    assert len({n for p, n in after.items() if p.endswith("/cache_control")}) == 1


def test_class_names_avoid_what_generated_modules_import() -> None:
    api = named_api("""
    paths: {}
    components:
      schemas:
        BaseModel: {type: object, properties: {a: {type: string}}}
        Literal: {type: object, properties: {a: {type: integer}}}
        lower-case thing: {type: object, properties: {a: {type: boolean}}}
    """)
    assert _names(api) == {"ModelBaseModel", "ModelLiteral", "LowerCaseThing"}


# ---------------------------------------------------------------- fields


def test_field_python_names_are_snake_case_unique_and_not_pydantic_attributes() -> None:
    api = named_api("""
    paths: {}
    components:
      schemas:
        T:
          type: object
          properties:
            walletAddress: {type: string}
            wallet_address: {type: string}
            class: {type: string}
            json: {type: string}
            model_config: {type: string}
            model_spec: {type: string}
            2fa: {type: string}
    """)
    model = model_named(api, "T")
    assert isinstance(model, ObjectModel)
    assert [f.python_name for f in model.fields] == [
        "wallet_address",
        "wallet_address2",
        "class_",
        "json_",
        "model_config_",
        "model_spec",
        "x_2fa",
    ]


# ---------------------------------------------------------------- operations


def test_config_places_operations_and_defaults_cover_the_rest() -> None:
    diagnostics = Diagnostics()
    config = ConfigFile(
        operations={
            "POST /chat/completions": OperationConfig(
                method="chat.completions.create", stream=True
            ),
            "GET /gone": "x.y",
        }
    )
    api = named_api(
        CHAT.replace(
            "components:",
            """  /models/traits:
    get:
      operationId: listModelTraits
      tags: [Models]
      responses: {"200": {description: ok}}
components:""",
        ),
        config,
        diagnostics,
    )
    chat, traits = api.operations
    assert (chat.resource, chat.method_name, chat.streaming) == (
        ("chat", "completions"),
        "create",
        True,
    )
    assert (traits.resource, traits.method_name) == (("models",), "list_traits")
    codes = sorted(d.code for d in diagnostics)
    assert codes == ["config-stream", "config-unused", "unnamed-operation"]  # no stream_chunk
    [resource] = [r for r in api.resources if r.path == ("chat",)]
    assert resource.children[0].path == ("chat", "completions")


def test_method_name_collisions_are_resolved_and_reported() -> None:
    diagnostics = Diagnostics()
    api = named_api(
        """
    paths:
      /a:
        get: {operationId: listThings, tags: [Things], responses: {"200": {description: ok}}}
      /b:
        get: {operationId: listThings, tags: [Things], responses: {"200": {description: ok}}}
    """,
        diagnostics=diagnostics,
    )
    assert [op.method_name for op in api.operations] == ["list", "list_get"]
    assert [d.code for d in diagnostics] == ["method-collision"]


def test_parameters_and_body_fields_get_distinct_python_names() -> None:
    api = named_api("""
    paths:
      /items/{id}:
        post:
          operationId: updateItem
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}
            - {name: timeout, in: query, schema: {type: integer}}
          requestBody:
            content:
              application/json:
                schema: {type: object, properties: {id: {type: string}, from: {type: string}}}
          responses: {"200": {description: ok}}
    """)
    [op] = api.operations
    assert [p.python_name for p in op.parameters] == ["id", "timeout_"]
    assert dict(op.body_python_names) == {"id": "body_id", "from": "from_"}


def test_an_operation_id_rename_does_not_rename_classes_when_the_method_is_configured() -> None:
    config = ConfigFile(operations={"POST /chat/completions": "chat.completions.create"})
    before = named_api(CHAT, config)
    after = named_api(
        CHAT.replace("operationId: createChatCompletion", "operationId: chatCompletionsCreateV2"),
        config,
    )
    assert _names(before) == _names(after)
    assert "ChatCompletionCreateResponse" in _names(after)


def test_duplicate_operation_ids_do_not_collide() -> None:
    api = named_api("""
    paths:
      /models:
        get:
          operationId: listModels
          responses:
            "200": {description: ok, content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}
      /models/traits:
        get:
          operationId: listModels
          responses:
            "200": {description: ok, content: {application/json: {schema: {type: object, properties: {b: {type: string}}}}}}
    """)
    names = _names(api)
    assert len(names) == 2 and not any(name[-1].isdigit() for name in names)


def test_a_request_property_without_a_name_is_reported_and_left_out_of_the_param_type() -> None:
    diagnostics = Diagnostics()
    api = named_api(
        """
    paths:
      /notes:
        post:
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    note: {type: object, properties: {"": {type: string}, text: {type: string}}}
          responses: {"204": {description: done}}
    """,
        diagnostics=diagnostics,
    )
    (warning,) = [d for d in diagnostics if d.code == "empty-property-name"]
    assert "the request type leaves it out" in warning.message
    assert warning.pointer.endswith("/properties/note/properties/")
    (view,) = [v for v in type_module_views(api) if v.name == "notes"]
    (entry,) = [e for e in view.entries if e.name.endswith("NoteParam")]
    assert [f.name for f in entry.fields] == ["text"]
    assert not entry.functional  # the keys left are identifiers: class syntax (ruff UP013)
