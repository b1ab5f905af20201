"""A short fuzz run of every reader in the suite; the long run is recorded in docs/curators/fuzzing.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzzing import fuzz, readers, samples, write_samples


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("fuzz-samples")
    write_samples(Path(folder))
    return samples(Path(folder))


def test_every_reader_survives_random_and_mutated_files(pool):
    cases = fuzz(40, pool)
    assert set(cases) == set(readers())
    assert all(count >= 40 for count in cases.values()), cases
