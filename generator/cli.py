"""The `venice-codegen` command: `generate` a client, or `diff` two spec versions."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import Cache, RunRecord, default_cache_dir, run_key, tree_manifest
from generator.diagnostics import Code, Diagnostics, GeneratorError, Level
from generator.pin import read_pin, resolve_pinned_spec

if TYPE_CHECKING:
    from generator.config import Config

# The pipeline and the diff are imported where they are used: a run whose inputs did not
# change (see generator.cache) ends before either is needed, and each costs more to import
# than that whole run.

DEFAULT_CONFIG = Path("specs/venice.toml")
DEFAULT_OUT = Path("generated")
EXIT_OK, EXIT_BREAKING, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="venice-codegen", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="generate the client package")
    gen.add_argument("--spec", type=Path, help="OpenAPI file (default: the pinned spec)")
    gen.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    gen.add_argument(
        "--config", type=Path, help=f"config file (default: {DEFAULT_CONFIG} if it exists)"
    )
    gen.add_argument(
        "--no-config", action="store_true", help=f"ignore {DEFAULT_CONFIG}: defaults for any spec"
    )
    gen.add_argument("--package-name", help="import name of the package (default: from info.title)")
    gen.add_argument("--client-name", help="client class name (default: from info.title)")
    gen.add_argument("--strict", action="store_true", help="treat spec problems as errors")
    gen.add_argument("--no-format", action="store_true", help="skip ruff (faster, for debugging)")
    gen.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    gen.add_argument(
        "--cache-dir",
        type=Path,
        help="where runs and validation findings are remembered "
        "(default: $VENICE_CODEGEN_CACHE_DIR or .cache/venice-codegen)",
    )
    gen.add_argument(
        "--no-cache", action="store_true", help="neither use nor update the cache: a full run"
    )
    diff = commands.add_parser(
        "diff",
        help="compare two spec versions as Python APIs",
        description="Exit status: 0 no breaking change, 1 breaking changes, 2 error.",
    )
    diff.add_argument("old", type=Path, help="the older spec")
    diff.add_argument("new", type=Path, help="the newer spec")
    diff.add_argument(
        "--config", type=Path, help=f"config file (default: {DEFAULT_CONFIG} if it exists)"
    )
    diff.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="what to print (default: markdown)",
    )
    diff.add_argument("--markdown-out", type=Path, help="also write the Markdown report here")
    diff.add_argument("--json-out", type=Path, help="also write the JSON report here")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _generate(args) if args.command == "generate" else _diff(args)
    except GeneratorError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)  # noqa: T201
        return EXIT_ERROR
    except RecursionError:
        print(  # noqa: T201
            f"{args.spec or 'the spec'}: error[too-deep]: schemas nest too deeply to generate "
            "(more than about 150 levels of inline schemas)\n"
            "    hint: move deeply nested inline schemas into components and $ref them; "
            "the previous output is untouched",
            file=sys.stderr,
        )
        return EXIT_ERROR
    except Exception as exc:  # a bug in the generator, not in the spec
        if os.environ.get("VENICE_CODEGEN_TRACEBACK"):
            raise
        print(  # noqa: T201
            f"venice-codegen: internal error: {type(exc).__name__}: {exc}\n"
            "    hint: this is a bug in venice-codegen; the previous output is untouched. "
            "Rerun with VENICE_CODEGEN_TRACEBACK=1 for the traceback and report it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    spec_path = args.spec or resolve_pinned_spec(read_pin())
    if args.no_config and args.config:
        raise GeneratorError.single(
            Code.CONFIG_INVALID, "--config and --no-config contradict each other", hint="pass one"
        )
    config_path = args.config or (
        DEFAULT_CONFIG if DEFAULT_CONFIG.exists() and not args.no_config else None
    )
    cache = None if args.no_cache else Cache(args.cache_dir or default_cache_dir())
    key = run_key(spec_path, config_path, _options(args)) if cache else ""
    record = cache.lookup_run(key, args.out) if cache else None
    if record is None:
        record = _run(args, spec_path, config_path, cache)
        if cache is not None:
            cache.store_run(key, args.out, record)
        done = f"generated {record.summary} into {args.out} in {{:.2f}}s"
    else:
        _print_diagnostics(args, record.printed)
        done = f"{args.out} is up to date ({record.summary}): inputs unchanged, checked in"
        done += " {:.2f}s"
    if not args.quiet:
        print(done.format(time.perf_counter() - started), file=sys.stderr)  # noqa: T201
    return EXIT_OK


def _options(args: argparse.Namespace) -> dict[str, object]:
    """The command-line choices that change what a run writes or prints."""
    return {
        "strict": args.strict,
        "format": not args.no_format,
        "package_name": args.package_name,
        "client_name": args.client_name,
        "no_config": args.no_config,
    }


def _print_diagnostics(args: argparse.Namespace, printed: list[str]) -> None:
    if not args.quiet:
        for text in printed:
            print(text, file=sys.stderr)  # noqa: T201


def _run(
    args: argparse.Namespace, spec_path: Path, config_path: Path | None, cache: Cache | None
) -> RunRecord:
    """The whole pipeline; what it wrote and printed."""
    from generator.pipeline import generate, start_reading

    # A run builds a few hundred thousand objects and frees them at exit: collecting
    # cycles among them as it goes (and among the modules just imported) is wasted time.
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    diagnostics = Diagnostics(file=str(spec_path))
    if config_path is None and not args.no_config:
        diagnostics.warn(
            Code.NO_CONFIG,
            f"no config file at {DEFAULT_CONFIG} (looked for from {Path.cwd()}); "
            "generating without one: default names and package identity",
            hint="run from the project root, pass --config FILE, or --no-config to say so",
        )
    # The spec first, so that validation runs while the config is read (pydantic is a
    # tenth of a second to import); a broken config is still the error reported first.
    cache_dir = cache.root if cache else None
    try:
        started = start_reading(spec_path, diagnostics, strict=args.strict, cache_dir=cache_dir)
    except GeneratorError:
        _config(args, spec_path, config_path, cache_dir)
        raise
    try:
        config = _config(args, spec_path, config_path, cache_dir)
    except BaseException:
        started.cancel()
        raise
    try:
        result = generate(config, diagnostics, started=started)
    finally:  # errors reach `main` in the GeneratorError; print the rest here
        printed = [d.format() for d in diagnostics if d.level is not Level.ERROR]
        _print_diagnostics(args, printed)
    info = result.info
    summary = (
        f"{len(result.files)} files for {info.title} {info.spec_version} "
        f"({len(result.api.operations)} operations, {len(result.api.models)} models)"
    )
    return RunRecord(tree_manifest(args.out), printed, summary)


def _config(
    args: argparse.Namespace, spec_path: Path, config_path: Path | None, cache_dir: Path | None
) -> Config:
    from generator.config import Config, load_config_file, with_package_names

    settings = with_package_names(
        load_config_file(config_path), name=args.package_name, client=args.client_name
    )
    return Config(
        spec_path=spec_path,
        out_dir=args.out,
        file=settings,
        strict=args.strict,
        format_output=not args.no_format,
        cache_dir=cache_dir,
    )


def _diff(args: argparse.Namespace) -> int:
    from generator.config import load_config_file
    from generator.diff import diff_specs

    config_path = args.config or (DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None)
    report = diff_specs(args.old, args.new, load_config_file(config_path))
    if args.markdown_out:
        args.markdown_out.write_text(report.to_markdown(), encoding="utf-8")
    if args.json_out:
        args.json_out.write_text(report.to_json(), encoding="utf-8")
    sys.stdout.write(report.to_json() if args.format == "json" else report.to_markdown())
    return EXIT_BREAKING if report.breaking else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
