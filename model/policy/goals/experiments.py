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
from model.policy.blocks import add_pipeline, line_spending

LINE = "2.1.d"


def add_experiments(s: Structure) -> None:
    """Declare the experiments pipeline and its small, late effect on all goals."""
    experiments = add_pipeline(
        s,
        "experiments",
        funding=lambda v: line_spending(v, LINE),
        cost="experiment_cost",
        start_delay="experiment_start_delay",
        duration="experiment_duration",
        units="experiments",
        long_name="Experimenten en kansrijke vernieuwingen",
    )
    s.smooth3(
        "experiment_effect_pct",
        input=lambda v: v[experiments["running"]] * v.p["experiment_pct_per_experiment"],
        delay=lambda v: v.p["experiment_effect_delay"],
        units="%",
        long_name="Verbetering van de outcomes van alle doelen door experimenten (% van 2023)",
    )
