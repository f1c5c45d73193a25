"""The `venice-codegen` command: `generate` a client, or `diff` two spec versions."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from generator.config import Config, load_config_file, with_package_names
from generator.diagnostics import Code, Diagnostics, GeneratorError, Level
from generator.diff import diff_specs
from generator.pin import read_pin, resolve_pinned_spec
from generator.pipeline import generate

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
    settings = with_package_names(
        load_config_file(config_path), name=args.package_name, client=args.client_name
    )
    config = Config(
        spec_path=spec_path,
        out_dir=args.out,
        file=settings,
        strict=args.strict,
        format_output=not args.no_format,
    )
    diagnostics = Diagnostics(file=str(spec_path))
    if config_path is None and not args.no_config:
        diagnostics.warn(
            Code.NO_CONFIG,
            f"no config file at {DEFAULT_CONFIG} (looked for from {Path.cwd()}); "
            "generating without one: default names and package identity",
            hint="run from the project root, pass --config FILE, or --no-config to say so",
        )
    try:
        result = generate(config, diagnostics)
    finally:  # errors reach `main` in the GeneratorError; print the rest here
        for diagnostic in diagnostics:
            if diagnostic.level is not Level.ERROR and not args.quiet:
                print(diagnostic.format(), file=sys.stderr)  # noqa: T201
    if not args.quiet:
        info = result.info
        print(  # noqa: T201
            f"generated {len(result.files)} files for {info.title} {info.spec_version} "
            f"({len(result.api.operations)} operations, {len(result.api.models)} models) "
            f"into {args.out} in {time.perf_counter() - started:.2f}s",
            file=sys.stderr,
        )
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
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
