"""The rows of the table, from the medians the benchmarks measured, with issue 14's targets."""

from __future__ import annotations

from scripts.bench_clients import ClientResults
from scripts.bench_generate import Run
from scripts.bench_table import Comparison, Figure, Target, duration, mebibytes, rate

AHEAD = Target(1.0, text="< 1x")
PLUMBING = Target(1.1)
NAMES = {
    "openai2": "openai {v} (httpx)",
    "openai3": "openai {v} (httpx2)",
    "raw": "raw httpx + json.loads",
    "raw_model": "raw httpx + json.loads + our model",
}


def _peer(results: ClientResults, name: str) -> str:
    return NAMES[name].format(v=results.versions.get(name, "?"))


def _per_call(
    results: ClientResults, case: str, label: str, targets: dict[str, Target], scale: int = 1
) -> Figure:
    """CPU time per operation (times `scale`: the async row counts the whole batch)."""
    ours = results.medians[case, "venice"] * scale
    figure = Figure(label, duration(ours))
    for name in ("raw_model", "openai2", "openai3", "raw"):
        theirs = results.medians.get((case, name))
        if theirs is not None:
            peer, value = _peer(results, name), duration(theirs * scale)
            ratio = ours / (theirs * scale)
            figure.comparisons.append(Comparison(peer, value, ratio, targets.get(name)))
    _not_measured(results, figure)
    return figure


def _not_measured(results: ClientResults, figure: Figure) -> None:
    if "openai3" not in results.versions:
        figure.comparisons.append(Comparison("openai 3.x", "not measured: did not install", None))


def client_figures(
    results: ClientResults, sizes: dict[str, int], imports: dict[str, float]
) -> list[Figure]:
    """CPU per call, async, SSE and import rows."""
    kib = {name: f"{size / 1024:.1f} KiB" for name, size in sizes.items()}
    ahead = {"openai2": AHEAD, "openai3": AHEAD}
    figures = [
        _per_call(results, "large", f"models.list(), {kib['models-large.json']}, CPU/call", ahead),
        _per_call(
            results,
            "small",
            f"models.list(), {kib['models-small.json']}, CPU/call",
            {**ahead, "raw_model": PLUMBING},
        ),
        _per_call(
            results,
            "chat",
            f"chat.completions.create, {kib['chat.json']}, CPU/call",
            {**ahead, "raw_model": PLUMBING},
        ),
        _per_call(
            results,
            "async",
            "async, 1,000 models.list() (small list), 50 in flight, CPU",
            {**ahead, "raw": Target(1.2)},
            scale=1000,
        ),
        _sse(results),
    ]
    return [*figures, *_imports(results, imports)]


def _sse(results: ClientResults) -> Figure:
    ours = results.medians["sse", "venice"]
    label = "SSE, one event per HTTP chunk, typed chunks per CPU second"
    figure = Figure(label, rate(ours))
    targets = {"raw": Target(0.9, at_most=False), "openai2": Target(5.0, at_most=False)}
    targets["openai3"] = targets["openai2"]
    for name in ("raw", "raw_model", "openai2", "openai3"):
        theirs = results.medians.get(("sse", name))
        if theirs is not None:
            peer = _peer(results, name).replace("json.loads", "iter_lines + json.loads")
            figure.comparisons.append(
                Comparison(peer, rate(theirs), ours / theirs, targets.get(name))
            )
    return figure


def _imports(results: ClientResults, imports: dict[str, float]) -> list[Figure]:
    """`import venice_ai` (the target's figure; the clients load on first use) and what the
    first use costs, `from venice_ai import VeniceClient`, each against the dependencies."""
    figures = []
    for name, title, target in (
        ("venice", "import venice_ai, CPU", Target(1.05)),
        ("venice_client", "from venice_ai import VeniceClient, CPU", None),
    ):
        ours = imports[name]
        figure = Figure(title, duration(ours))
        deps = imports["deps"]
        peer = "import httpx, anyio, pydantic (+ BaseModel)"
        figure.comparisons.append(Comparison(peer, duration(deps), ours / deps, target))
        for other in ("openai2", "openai3"):
            if other in imports:
                peer = "import openai " + results.versions.get(other, "?")
                theirs = imports[other]
                figure.comparisons.append(Comparison(peer, duration(theirs), ours / theirs))
        figures.append(figure)
    return figures


def generator_figures(runs: dict[str, Run], peers: dict[str, str]) -> list[Figure]:
    """Wall time, peak memory, regeneration and archive rows."""
    ours = runs["venice"]
    if ours.failure:
        raise SystemExit(f"venice-codegen failed on the pinned spec: {ours.failure}")
    wall = Figure("venice-codegen generate, pinned spec, full run: wall time", duration(ours.wall))
    memory = Figure(
        "  the same: peak memory",
        mebibytes(ours.peak),
        ours.peak / 2**20,
        Target(100, absolute=True, text="≤ 100 MiB"),
    )
    for name, label in peers.items():
        run = runs[name]
        if run.failure:
            wall.comparisons.append(Comparison(label, _failed(run), None))
            continue
        target = Target(0.2, text="≤ 0.2x (1/5)") if name == "opc" else None
        wall.comparisons.append(Comparison(label, duration(run.wall), ours.wall / run.wall, target))
        memory.comparisons.append(Comparison(label, mebibytes(run.peak), ours.peak / run.peak))
    regen = runs["venice_regen"]
    return [
        wall,
        memory,
        _absolute("regeneration, spec + config + generator unchanged", regen, 0.2, "≤ 0.2 s"),
        _absolute(
            "all 53 archived versions (2 processes, cold cache)", runs["archive"], 20, "≤ 20 s"
        ),
    ]


def _absolute(label: str, run: Run, bound: float, text: str) -> Figure:
    if run.failure:
        return Figure(label, _failed(run))
    return Figure(label, duration(run.wall), run.wall, Target(bound, absolute=True, text=text))


def _failed(run: Run) -> str:
    text = run.failure or ""
    return text if text.startswith("not measured") else f"failed: {text}"
