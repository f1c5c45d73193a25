"""The whole pipeline: load, validate, normalise, name, sign (method signatures), render,
write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config import Config, ConfigFile
from generator.diagnostics import Code, Diagnostics, GeneratorError, join_pointer
from generator.ir import Api
from generator.load import JsonValue, LoadedSpec, load_spec
from generator.naming import assign_names
from generator.normalize import normalize
from generator.normalize.behaviour import configure_operations
from generator.normalize.helpers import configure_helpers
from generator.normalize.type_settings import apply_type_settings
from generator.release import ReleaseState, read_release
from generator.render import PackageExtras, PackageInfo, package_info, render_package
from generator.render.modules import exported_type_names
from generator.signatures import method_signatures
from generator.validate import validate_spec
from generator.write import write_output


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
) -> tuple[Api, LoadedSpec]:
    """Load, validate, normalise and name one spec (the IR other commands compare)."""
    spec = load_spec(spec_path, diagnostics)
    validate_spec(spec, diagnostics, strict=strict)
    diagnostics.raise_if_errors()
    document = spec.data
    if config.extra_schemas:
        document = with_extra_schemas(document, _extra_schemas(config.extra_schemas), diagnostics)
    api = normalize(document, diagnostics)
    api = apply_type_settings(api, config.types, diagnostics)
    api = configure_operations(api, config, diagnostics)
    api = assign_names(api, config, diagnostics)
    api = configure_helpers(api, config, diagnostics)
    diagnostics.raise_if_errors()
    return api, spec


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
    api, spec = read_api(
        config.spec_path,
        config.file,
        diagnostics,
        strict=config.strict,
    )
    external = spec.data.get("externalDocs")
    docs_url = external.get("url") if isinstance(external, dict) else None
    package = config.file.package
    state = read_release(Path(package.release)) if package.release else None
    info = package_info(
        api,
        config.file,
        spec.sha256,
        docs_url if isinstance(docs_url, str) else None,
        version=version or (state.version if state else None),
    )
    extras = PackageExtras(
        aliases=_kept_aliases(api, state, diagnostics) if state else {},
        changelog=_changelog(package.changelog) if package.changelog else None,
    )
    signatures = method_signatures(api)
    return Generated(api, info, render_package(api, signatures, info, extras), spec)


def _kept_aliases(api: Api, state: ReleaseState, diagnostics: Diagnostics) -> dict[str, str]:
    """The release file's deprecated aliases that still point at a public type; an alias
    whose type is gone goes too (the diff reports that as breaking), and one whose old
    name is public again is not needed."""
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


def generate(config: Config, diagnostics: Diagnostics) -> Generated:
    """Run the pipeline and replace the output directory."""
    result = build(config, diagnostics)
    write_output(result.files, config.out_dir, format_code=config.format_output)
    return result
