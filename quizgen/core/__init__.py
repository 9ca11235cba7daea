"""The gradient-descent core: objectives, optimizers, schedules, simulation and theory.

numpy only, and nothing here knows about quizzes. Typical use::

    from quizgen import core
    traj = core.run(core.sgd(learning_rate=[0.1, 0.5, 1.1]), core.Quadratic1D(a=2.0), x0=1.0, steps=50)
    traj.diverged        # array([False, False,  True])
"""

from quizgen.core import theory
from quizgen.core.objectives import *  # noqa: F401,F403
from quizgen.core.objectives import __all__ as _objectives
from quizgen.core.regression import *  # noqa: F401,F403
from quizgen.core.regression import __all__ as _regression
from quizgen.core.optimizers import *  # noqa: F401,F403
from quizgen.core.optimizers import __all__ as _optimizers
from quizgen.core.schedules import *  # noqa: F401,F403
from quizgen.core.schedules import __all__ as _schedules
from quizgen.core.cycles import *  # noqa: F401,F403
from quizgen.core.cycles import __all__ as _cycles
from quizgen.core.plateau import *  # noqa: F401,F403
from quizgen.core.plateau import __all__ as _plateau
from quizgen.core.simulate import Trajectory, constant_gradient_steps, run

__all__ = [*_objectives, *_regression, *_optimizers, *_schedules, *_cycles, *_plateau, "Trajectory", "run", "constant_gradient_steps", "theory"]
