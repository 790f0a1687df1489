import numpy as np
import pytest

import autograd


@pytest.fixture
def rng():
    """A fixed generator per test, and the library's own generator re-seeded."""
    autograd.manual_seed(0)
    return np.random.default_rng(1234)
