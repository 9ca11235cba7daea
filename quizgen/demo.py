"""The quick-start demo: one vectorized run at several learning rates, checked against theory."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from quizgen import core
from quizgen.core import theory


@dataclass(frozen=True)
class DemoRow:
    """One learning rate's outcome."""

    lr: float
    factor: float
    regime: str
    w_final: float
    w_theory: float
    loss_final: float
    diverged_at: int


def default_rates(a: float) -> list[float]:
    """Rates that show every regime: slow, optimal-ish, zigzag, bouncing edge avoided, diverging."""
    return [round(x / a, 6) for x in (0.1, 0.5, 1.0, 1.5, 1.9, 2.2)]


def demo_rows(a: float, w0: float, steps: int, lrs: list[float] | None = None) -> list[DemoRow]:
    """Simulate GD on (a/2)w² for every rate in one call and compare with the closed form."""
    rates = np.asarray(lrs if lrs else default_rates(a), dtype=float)
    traj = core.run(core.sgd(rates), core.Quadratic1D(a), x0=w0, steps=steps)
    with np.errstate(over="ignore", invalid="ignore"):  # the closed form of a diverging run overflows: inf
        return _rows(rates, traj, a, w0, steps)


def _rows(rates, traj, a, w0, steps) -> list[DemoRow]:
    rows = []
    for i, lr in enumerate(rates):
        rows.append(DemoRow(
            lr=float(lr),
            factor=float(theory.contraction_factor(lr, a)),
            regime=theory.regime(float(lr), a).value,
            w_final=float(traj.final_params[i, 0]),
            w_theory=float(theory.iterate(steps, lr, a, w0)),
            loss_final=float(traj.final_losses[i]),
            diverged_at=int(traj.diverged_at[i]),
        ))
    return rows


def render_demo(rows: list[DemoRow], a: float, w0: float, steps: int) -> None:
    """Print the demo table with rich."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Gradient descent on f(w) = {a:g}/2 · w², w₀ = {w0:g}, {steps} steps "
                        f"(stable iff η < 2/a = {2 / a:g})")
    for col in ("η", "r = 1 − ηa", "regime", f"w_{steps} simulated", f"w_{steps} closed form", "loss"):
        table.add_column(col, justify="right")
    for r in rows:
        sim = "diverged" if r.diverged_at >= 0 else f"{r.w_final:.6g}"
        loss = f"step {r.diverged_at}" if r.diverged_at >= 0 else f"{r.loss_final:.3g}"
        table.add_row(f"{r.lr:g}", f"{r.factor:+.4g}", r.regime, sim, f"{r.w_theory:.6g}", loss)
    Console().print(table)
