"""Our configuration: the file model for `specs/venice.toml` and the merged runtime config.

The file says what the spec cannot: how operations group into resources and what their
methods are called, which names to override, and the package's own identity. Everything
is optional, so any spec generates without a config file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from keyword import iskeyword
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from generator.config_features import JobConfig, PaginationConfig, StreamHelperConfig
from generator.diagnostics import Code, GeneratorError

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
_DISTRIBUTION = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._+-]*[A-Za-z0-9])?")
_OPERATION_KEY = re.compile(r"(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) /\S*")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OperationConfig(_Strict):
    """Where one operation lives on the client and how it behaves."""

    method: str
    """Dotted path from the client: `chat.completions.create`."""
    stream: bool = False
    """The request's `stream: true` turns the response into server-sent events."""
    stream_chunk: str | None = None
    """Component name of the model each streamed event parses into."""
    binary_when: dict[str, str | int | float | bool] | None = None
    """`{field = value}`: the request body field value that makes the response a file."""
    accept: list[str] | None = None
    """The media types to ask for by default, where the success response offers several and
    the server picks one by `Accept` (a CSV export that must be asked for by name)."""
    pagination: PaginationConfig | None = None
    """How the operation's pages follow each other (see `config_features`)."""
    stream_helper: StreamHelperConfig | None = None
    """A chat stream helper method beside a streaming operation's."""

    @field_validator("binary_when")
    @classmethod
    def _one_field(
        cls,
        value: dict[str, str | int | float | bool] | None,
    ) -> dict[str, str | int | float | bool] | None:
        if value is not None and len(value) != 1:
            raise ValueError("binary_when names exactly one field, like {return_binary = true}")
        return value

    @field_validator("method")
    @classmethod
    def _dotted_identifiers(cls, value: str) -> str:
        if not all(_IDENTIFIER.fullmatch(part) for part in value.split(".")):
            raise ValueError(f"{value!r} must be dotted Python identifiers, like 'chat.create'")
        return value


class PackageConfig(_Strict):
    """The generated package's identity; defaults come from the spec's `info.title`."""

    name: str | None = None
    distribution: str | None = None
    version: str = "0.1.0"
    """The version when there is no `release` file (which then holds it)."""
    client: str | None = None
    env_prefix: str | None = None
    description: str | None = None
    release: str | None = None
    """The release file (`generator.release`): the version and the deprecated aliases kept
    for renamed types; a path relative to this config file."""
    changelog: str | None = None
    """A Markdown changelog copied into the package as CHANGELOG.md (relative path)."""

    @field_validator("name", "client")
    @classmethod
    def _identifier(cls, value: str | None) -> str | None:
        if value is not None and not (_IDENTIFIER.fullmatch(value) and not iskeyword(value)):
            raise ValueError(f"{value!r} must be a Python identifier, like 'pet_store'")
        return value

    @field_validator("env_prefix")
    @classmethod
    def _env_name(cls, value: str | None) -> str | None:
        if value is not None and not _ENV_NAME.fullmatch(value):
            raise ValueError(f"{value!r} must be upper-case letters, digits and _, like 'PETS'")
        return value

    @field_validator("distribution", "version")
    @classmethod
    def _package_text(cls, value: str | None) -> str | None:
        if value is not None and not _DISTRIBUTION.fullmatch(value):
            raise ValueError(f"{value!r} must be letters, digits, '.', '-' and '_'")
        return value


class StreamConfig(_Strict):
    """How the API's server-sent event streams end and report errors (`[streams]`).

    A stream ends at the event whose data is `done`, or after an event whose type (its SSE
    `event:` name or its JSON `type`) is one of `final_types`. An event whose type is one
    of `error_types`, or a JSON object with an `error_field` key and none of `item_fields`,
    raises `StreamError`. The defaults are plain SSE that ends with `[DONE]`.
    """

    done: str = Field(default="[DONE]", min_length=1)
    final_types: list[str] = []
    error_types: list[str] = []
    error_field: str | None = Field(default=None, min_length=1)
    item_fields: list[str] = []
    """Keys that make a JSON event an item even with an `error_field` (a chat chunk's
    `choices`)."""

    @field_validator("final_types", "error_types", "item_fields")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        if not all(value):
            raise ValueError("names must not be empty")
        return value

    @model_validator(mode="after")
    def _final_or_error(self) -> StreamConfig:
        both = sorted(set(self.final_types) & set(self.error_types))
        if both:
            raise ValueError(f"an event type cannot both end a stream and fail it: {both}")
        return self


class TypesConfig(_Strict):
    """How some types are spelled where the spec cannot say it (`[types]`)."""

    open_enums: list[str] = []
    """Wire names of fields and parameters whose enums the server extends weekly (model ids):
    callers may also pass other strings (`Literal[...] | str`), as responses already do."""
    aliases: dict[str, str] = {}
    """Class name -> JSON pointer of an inline schema that gets a named alias (a union
    callers write down, such as the items of a chat request's `messages`)."""

    @field_validator("aliases")
    @classmethod
    def _alias_names(cls, value: dict[str, str]) -> dict[str, str]:
        for name, pointer in value.items():
            if not (_IDENTIFIER.fullmatch(name) and not iskeyword(name)):
                raise ValueError(f"{name!r} must be a class name")
            if not pointer.startswith("#/"):
                raise ValueError(f"{name} = {pointer!r}: a JSON pointer starts with '#/'")
        return value


class ConfigFile(_Strict):
    """The whole config file."""

    package: PackageConfig = PackageConfig()
    streams: StreamConfig = StreamConfig()
    types: TypesConfig = TypesConfig()
    operations: dict[str, str | OperationConfig] = {}
    jobs: dict[str, JobConfig] = {}
    """Long-running job families by name (`[jobs.video]`)."""
    names: dict[str, str] = {}
    extra_schemas: str | None = None
    """A YAML file of extra component schemas; `load_config_file` resolves it against the
    config file's directory."""

    @field_validator("names")
    @classmethod
    def _class_names(cls, value: dict[str, str]) -> dict[str, str]:
        for default, name in value.items():
            if not (_IDENTIFIER.fullmatch(name) and not iskeyword(name)):
                raise ValueError(f"{default} = {name!r}: a class name must be a Python identifier")
        return value

    @field_validator("operations")
    @classmethod
    def _operation_keys(
        cls,
        value: dict[str, str | OperationConfig],
    ) -> dict[str, str | OperationConfig]:
        for key in value:
            if not _OPERATION_KEY.fullmatch(key):
                raise ValueError(f"operation key {key!r} must look like 'POST /chat/completions'")
        return value

    def operation(self, key: str) -> OperationConfig | None:
        """The settings for `METHOD /path`, if configured."""
        entry = self.operations.get(key)
        if isinstance(entry, str):
            return OperationConfig(method=entry)
        return entry


@dataclass(frozen=True)
class Config:
    """What one generator run needs: the file settings plus command-line choices."""

    spec_path: Path
    out_dir: Path
    file: ConfigFile
    strict: bool = False
    format_output: bool = True
    cache_dir: Path | None = None
    """Where validation findings are kept between runs (`generator.cache`); None: not kept."""


def load_config_file(path: Path | None) -> ConfigFile:
    """Read and check a config file; no path means all defaults."""
    if path is None:
        return ConfigFile()
    name = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GeneratorError.single(
            Code.CONFIG_NOT_FOUND,
            f"config file {name!r} does not exist",
            file=name,
            hint="pass --config with an existing TOML file, or leave it out for defaults",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise GeneratorError.single(
            Code.CONFIG_INVALID,
            f"config is not valid TOML: {exc}",
            file=name,
            hint="fix the TOML syntax",
        ) from None
    try:
        config = ConfigFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise GeneratorError.single(
            Code.CONFIG_INVALID,
            f"config has wrong settings: {problems}",
            file=name,
            hint="see specs/venice.toml for the expected layout",
        ) from None
    return _with_paths_from(path.parent, config)


def _with_paths_from(folder: Path, config: ConfigFile) -> ConfigFile:
    """`config` with its file settings made relative to the folder the config lives in."""
    package = config.package
    paths = {k: str(folder / v) for k, v in (("release", package.release),
             ("changelog", package.changelog)) if v is not None}  # fmt: skip
    update: dict[str, object] = {"package": package.model_copy(update=paths)}
    if config.extra_schemas is not None:
        update["extra_schemas"] = str(folder / config.extra_schemas)
    return config.model_copy(update=update)


def with_package_names(
    config: ConfigFile, *, name: str | None = None, client: str | None = None
) -> ConfigFile:
    """`config` with the package and client names given on the command line, checked."""
    overrides = {k: v for k, v in (("name", name), ("client", client)) if v is not None}
    if not overrides:
        return config
    try:
        package = PackageConfig.model_validate({**config.package.model_dump(), **overrides})
    except ValidationError as exc:
        raise GeneratorError.single(
            Code.CONFIG_INVALID,
            "; ".join(err["msg"].removeprefix("Value error, ") for err in exc.errors()),
            hint="pass --package-name as a module name and --client-name as a class name",
        ) from None
    return config.model_copy(update={"package": package})
