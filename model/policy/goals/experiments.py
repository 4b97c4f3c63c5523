"""Line 2.1.d — Experimenten en kansrijke vernieuwingen (1,400 k€, §6.2.5).

The doelenboom sets no outputs for this line: it keeps room for experiments and
promising innovations that serve the five goals (a study of Limburg's care landscape
in 2030, the provincial role in the IZA/GALA/Trendbreuk structures, innovative
initiatives). Modelled as a pipeline of experiments whose running number lifts every
goal's outcomes a little (``experiment_effect_pct``), which :mod:`model.policy.spillovers`
adds to each goal's spillover term.
"""

from __future__ import annotations

from model.engine import Structure
from model.policy.blocks import add_pipeline

LINE = "2.1.d"


def experiments_funding(spending_2_1_d):
    """All of line 2.1.d's reserve spending goes to experiments (k€/yr)."""
    return spending_2_1_d


def experiment_effect_input(p, experiments_running):
    """The running experiments' lift of every goal's outcomes once fully arrived (%)."""
    return experiments_running * p.experiment_pct_per_experiment


def experiment_effect_delay(p):
    """Years for an experiment's effect to arrive."""
    return p.experiment_effect_delay


def add_experiments(s: Structure) -> None:
    """Declare the experiments pipeline and its small, late effect on all goals."""
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
    s.smooth3(
        "experiment_effect_pct",
        input=experiment_effect_input,
        delay=experiment_effect_delay,
        units="%",
        long_name="Verbetering van de outcomes van alle doelen door experimenten (% van 2023)",
    )
