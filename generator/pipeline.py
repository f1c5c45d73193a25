"""The whole pipeline: load, validate, normalise, name, sign (method signatures), render,
write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import Cache
from generator.diagnostics import Code, Diagnostics, GeneratorError, join_pointer
from generator.ir import Api
from generator.load import JsonValue, LoadedSpec, load_spec
from generator.validation_job import PendingValidation, start_validation

# The stages after loading, and the config (pydantic), are imported where they are used,
# after validation has been handed to another process: their imports then overlap it
# instead of delaying it.
if TYPE_CHECKING:
    from generator.config import Config, ConfigFile
    from generator.release import ReleaseState
    from generator.render import PackageInfo


@dataclass(frozen=True)
class Generated:
    """Everything one run produced: the named IR, the package identity and the files."""

    api: Api
    info: PackageInfo
    files: dict[str, str]
    spec: LoadedSpec


def read_api(
    spec_path: Path,
    config: ConfigFile,
    diagnostics: Diagnostics,
    *,
    strict: bool = False,
    cache_dir: Path | None = None,
) -> tuple[Api, LoadedSpec]:
    """Load, validate, normalise and name one spec (the IR other commands compare)."""
    with reading(spec_path, config, diagnostics, strict=strict, cache_dir=cache_dir) as result:
        return result


@dataclass(frozen=True)
class Started:
    """A loaded spec whose validation has begun (see `start_reading`)."""

    spec: LoadedSpec
    validation: PendingValidation
    at: int
    """Where in the diagnostics the validation findings go."""

    def cancel(self) -> None:
        """Give up on the run (stops a validation process)."""
        self.validation.cancel()


def start_reading(
    spec_path: Path,
    diagnostics: Diagnostics,
    *,
    strict: bool = False,
    cache_dir: Path | None = None,
) -> Started:
    """Load the spec and begin validating it: the part of reading that needs no config, so
    that a caller can load its config (and import pydantic) while validation runs."""
    spec = load_spec(spec_path, diagnostics)
    at = len(diagnostics.items)
    cache = Cache(cache_dir) if cache_dir is not None else None
    validation = start_validation(spec, diagnostics, strict=strict, cache=cache)
    if validation.child is None:  # known already: in place now, so --strict stops here
        validation.join(diagnostics, at)
    return Started(spec, validation, at)


@contextmanager
def reading(
    spec_path: Path,
    config: ConfigFile,
    diagnostics: Diagnostics,
    *,
    strict: bool = False,
    cache_dir: Path | None = None,
    started: Started | None = None,
) -> Iterator[tuple[Api, LoadedSpec]]:
    """`read_api` whose validation may still be running inside the block: its findings
    join the diagnostics (ahead of the later stages' ones) when the block ends. `started`
    is the result of `start_reading` for the same spec, if the caller began already."""
    if started is None:
        started = start_reading(spec_path, diagnostics, strict=strict, cache_dir=cache_dir)
    spec, validation, at = started.spec, started.validation, started.at
    try:
        diagnostics.raise_if_errors()
        from generator.naming import assign_names
        from generator.normalize import normalize
        from generator.normalize.behaviour import configure_operations
        from generator.normalize.helpers import configure_helpers
        from generator.normalize.type_settings import apply_type_settings

        document = spec.data
        if config.extra_schemas:
            extra = _extra_schemas(config.extra_schemas)
            document = with_extra_schemas(document, extra, diagnostics)
        api = normalize(document, diagnostics)
        api = apply_type_settings(api, config.types, diagnostics)
        api = configure_operations(api, config, diagnostics)
        api = assign_names(api, config, diagnostics)
        api = configure_helpers(api, config, diagnostics)
        diagnostics.raise_if_errors()
        yield api, spec
    except Exception:
        validation.join(diagnostics, at)  # its warnings belong with the error
        raise
    except BaseException:
        validation.cancel()  # interrupted: leave at once
        raise
    validation.join(diagnostics, at)


def _extra_schemas(path: str) -> dict[str, JsonValue]:
    """The config's extra schemas file; a missing file is the config's fault, said so."""
    if not Path(path).is_file():
        raise GeneratorError.single(
            Code.EXTRA_SCHEMAS_MISSING,
            f"the config's extra_schemas file {path!r} does not exist",
            file=path,
            hint="fix extra_schemas in the config (a path relative to the config file) "
            "or remove the setting",
        )
    return load_spec(path).data


def with_extra_schemas(
    document: dict[str, JsonValue],
    extra: dict[str, JsonValue],
    diagnostics: Diagnostics,
) -> dict[str, JsonValue]:
    """`document` with the component schemas of `extra` added (the spec's own win)."""
    components = document.get("components")
    components = dict(components) if isinstance(components, dict) else {}
    schemas = components.get("schemas")
    schemas = dict(schemas) if isinstance(schemas, dict) else {}
    extra_components = extra.get("components")
    extra_schemas = extra_components.get("schemas") if isinstance(extra_components, dict) else None
    for name, schema in extra_schemas.items() if isinstance(extra_schemas, dict) else ():
        if name in schemas:
            diagnostics.warn(
                Code.EXTRA_SCHEMA_SHADOWED,
                f"the spec now defines {name!r} itself; its own "
                "definition is used instead of the one in extra_schemas",
                join_pointer("#/components/schemas", name),
                "remove the schema from the config's extra_schemas file",
            )
            continue
        schemas[name] = schema
    components["schemas"] = schemas
    return {**document, "components": components}


def build(config: Config, diagnostics: Diagnostics, *, version: str | None = None) -> Generated:
    """Everything up to (not including) writing files; `version` overrides the package's."""
    with reading(
        config.spec_path,
        config.file,
        diagnostics,
        strict=config.strict,
        cache_dir=config.cache_dir,
    ) as (api, spec):
        return _rendered(api, spec, config, diagnostics, version)


def _rendered(
    api: Api, spec: LoadedSpec, config: Config, diagnostics: Diagnostics, version: str | None
) -> Generated:
    from generator import render
    from generator.release import read_release
    from generator.signatures import method_signatures

    external = spec.data.get("externalDocs")
    docs_url = external.get("url") if isinstance(external, dict) else None
    package = config.file.package
    state = read_release(Path(package.release)) if package.release else None
    info = render.package_info(
        api,
        config.file,
        spec.sha256,
        docs_url if isinstance(docs_url, str) else None,
        version=version or (state.version if state else None),
    )
    extras = render.PackageExtras(
        aliases=_kept_aliases(api, state, diagnostics) if state else {},
        changelog=_changelog(package.changelog) if package.changelog else None,
    )
    signatures = method_signatures(api)
    return Generated(api, info, render.render_package(api, signatures, info, extras), spec)


def _kept_aliases(api: Api, state: ReleaseState, diagnostics: Diagnostics) -> dict[str, str]:
    """The release file's deprecated aliases that still point at a public type; an alias
    whose type is gone goes too (the diff reports that as breaking), and one whose old
    name is public again is not needed."""
    from generator.render.modules import exported_type_names

    public = exported_type_names(api)
    kept = {}
    for old, new in sorted(state.aliases.items()):
        if old in public:
            continue
        if new not in public:
            diagnostics.warn(
                Code.ALIAS_DROPPED,
                f"the deprecated alias {old} -> {new} is dropped: {new} is no longer a type "
                "of the API",
                hint="nothing to do: the changelog reports the removal as breaking",
            )
            continue
        kept[old] = new
    return kept


def _changelog(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise GeneratorError.single(
            Code.CONFIG_INVALID,
            f"the config's changelog cannot be read: {exc.strerror}",
            file=path,
            hint="fix `changelog` under [package], or restore the file",
        ) from None


def generate(
    config: Config, diagnostics: Diagnostics, *, started: Started | None = None
) -> Generated:
    """Run the pipeline and replace the output directory (`started`: see `reading`)."""
    with reading(
        config.spec_path,
        config.file,
        diagnostics,
        strict=config.strict,
        cache_dir=config.cache_dir,
        started=started,
    ) as (api, spec):
        from generator.write import write_output

        result = _rendered(api, spec, config, diagnostics, None)
        # Inside the block: validation (warnings only by now) may still be running, and
        # writing does not depend on what it finds.
        write_output(result.files, config.out_dir, format_code=config.format_output)
    return result
