"""Line 2.1.d — Experimenten en kansrijke vernieuwingen (1,400 k€, §6.2.5).

The doelenboom sets no outputs for this line: it keeps room for experiments and
promising innovations that serve the five goals (a study of Limburg's care landscape
in 2030, the provincial role in the IZA/GALA/Trendbreuk structures, innovative
initiatives). Modelled as a pipeline of experiments (money -> experiments started ->
running -> completed), so that the line's money, its pace and what it buys are in the
ledger and the results.

Role: learning, **no outcome effect in the model**. The experiments are studies and pilots
whose value is what is learnt and later taken up in regular work (§8.3: the province's
contribution is hard to trace within the trend). No Dutch evaluation quantifies an outcome
effect of such a line, and the one place where it once had one (a lift of every goal's
outcomes) counted each experiment five times and made 2.1.d move the movement-guideline share
more than the sport line. An experiment that proves itself is scaled up with the money of a
goal's own line, where its effect is counted.
"""

from __future__ import annotations

from model.engine import Structure
from model.policy.blocks import add_pipeline

LINE = "2.1.d"


def experiments_funding(spending_2_1_d):
    """All of line 2.1.d's reserve spending goes to experiments (k€/yr)."""
    return spending_2_1_d


def add_experiments(s: Structure) -> None:
    """Declare the experiments pipeline (no outcome effect: see the module docstring)."""
    add_pipeline(
        s,
        "experiments",
        funding=experiments_funding,
        cost="experiment_cost",
        start_delay="experiment_start_delay",
        duration="experiment_duration",
        units="experiments",
        long_name="Experimenten en kansrijke vernieuwingen",
    )
