"""Run ruff, mypy --strict and pyright strict over generated packages."""

from __future__ import annotations

import json
from pathlib import Path


def _packages(outputs: list[Path]) -> list[str]:
    return [
        str(p) for out in outputs for p in sorted(out.iterdir()) if (p / "__init__.py").is_file()
    ]


def check_generated_code(
    outputs: list[Path], cache: Path, *, pyright_outputs: list[Path] | None = None
) -> None:
    """Assert that every output directory is ruff-clean and passes mypy --strict, and that
    `pyright_outputs` (default: all of them) pass pyright in strict mode.

    One run of each tool covers all outputs; their package names must differ. Pyright
    starts slowly and takes longest per package, so big batches check a sample with it.
    """
    import subprocess
    import sys

    bin_dir = Path(sys.executable).parent
    packages = _packages(outputs)
    # The settings of the generated pyproject.toml, for all packages at once.
    pyright_config = cache / "pyrightconfig.json"
    pyright_config.parent.mkdir(parents=True, exist_ok=True)
    pyright_config.write_text(
        json.dumps(
            {
                "include": _packages(outputs if pyright_outputs is None else pyright_outputs),
                "typeCheckingMode": "strict",
                "pythonVersion": "3.10",
                "reportPrivateUsage": False,
                "reportUnnecessaryTypeIgnoreComment": "error",
            }
        )
    )
    commands = [
        [str(bin_dir / "ruff"), "check", "--no-cache", *map(str, outputs)],
        [str(bin_dir / "ruff"), "format", "--check", "--no-cache", *map(str, outputs)],
        [
            *(sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10"),
            *("--num-workers", "2" if len(packages) > 20 else "0"),
            *("--cache-dir", str(cache / "mypy"), *packages),
        ],
        [str(bin_dir / "pyright"), "--pythonpath", sys.executable, "-p", str(pyright_config)],
    ]
    for command in commands:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{command[:3]}:\n{result.stdout}{result.stderr}"
