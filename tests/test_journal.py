"""The import journal: a commit of several files is all or nothing, whatever step it stops at.

Each test stops a commit (or a recovery) at every step in turn through the one seam,
``journal.fault_hook``, with an exception that nothing in the journal catches (a stand-in for a
kill: no clean-up runs), then recovers and compares the folders byte for byte with the old and
the new state. One test kills a real ``gdterms import`` with SIGKILL.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from guangdong_terms.curation import journal
from guangdong_terms.curation.journal import JournalError, commit, recover


class Crash(BaseException):
    """Stands in for a kill: a BaseException, so no ``except Exception`` clean-up runs."""


class FaultAt:
    """A fault hook that raises at the *at*-th step (1-based) and records every label."""

    def __init__(self, at: int = 0, error: BaseException | None = None) -> None:
        self.at = at
        self.error = error or Crash()
        self.labels: list[str] = []

    def __call__(self, label: str) -> None:
        self.labels.append(label)
        if len(self.labels) == self.at:
            raise self.error


@pytest.fixture
def fault() -> Iterator[Callable[[Callable[[str], None]], None]]:
    def install(hook: Callable[[str], None]) -> None:
        journal.fault_hook = hook

    yield install
    journal.fault_hook = None


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


Snapshot = dict[str, bytes]


def snapshot(*folders: Path) -> Snapshot:
    """Every file under *folders* (the journal's own files included), by relative path."""
    return {f"{folder.name}/{path.relative_to(folder)}": path.read_bytes()
            for folder in folders for path in sorted(folder.rglob("*")) if path.is_file()}


def make_workspace(root: Path) -> tuple[Path, Path, dict[str, bytes], Snapshot, Snapshot]:
    """glossary/ and tm/ with two files each; a change replacing two (in both folders) and
    creating one. Returns the folders, the change, and the old and new snapshots."""
    glossary, tm = root / "glossary", root / "tm"
    glossary.mkdir(parents=True)
    tm.mkdir()
    (glossary / "event.toml").write_bytes(b"old event\n" * 50)
    (glossary / "zone.toml").write_bytes(b"old zone, untouched\n")
    (tm / "000.toml").write_bytes(b"old segments\n" * 20)
    (tm / "001.toml").write_bytes(b"untouched\n")
    old = snapshot(glossary, tm)
    change = {str(glossary / "event.toml"): "新 event\n".encode() * 70,
              str(glossary / "product.toml"): b"a new file\n",
              str(tm / "000.toml"): b"new segments\n"}
    new = dict(old)
    new.update({f"{Path(path).parent.name}/{Path(path).name}": data
                for path, data in change.items()})
    return glossary, tm, change, old, new


def count_steps(tmp_path: Path, fault: Callable[[FaultAt], None]) -> list[str]:
    glossary, _, change, _, new = make_workspace(tmp_path / "count")
    counter = FaultAt()
    fault(counter)
    commit(str(glossary), change)
    assert snapshot(glossary, glossary.parent / "tm") == new
    return counter.labels


def test_a_commit_stopped_at_any_step_recovers_to_all_old_or_all_new(tmp_path, fault):
    labels = count_steps(tmp_path, fault)
    # Every kind of step is a fault point: journal writes, staged writes (torn halfway),
    # fsyncs of files and folders, renames, unlinks.
    assert {label.split()[0] for label in labels} == {"create", "write", "fsync", "rename",
                                                      "unlink"}
    outcomes = []
    for at in range(1, len(labels) + 1):
        glossary, tm, change, old, new = make_workspace(tmp_path / f"at-{at}")
        fault(FaultAt(at))
        with pytest.raises(Crash):
            commit(str(glossary), change)
        fault(FaultAt())  # recovery itself is not stopped here (see the next test)
        recover(str(glossary))
        after = snapshot(glossary, tm)
        assert after in (old, new), f"stopped before {labels[at - 1]!r}: a mix"
        outcomes.append("new" if after == new else "old")
        assert recover(str(glossary)) is None  # nothing left pending
    # Old up to the commit point (the rename of the committed journal), new from there on.
    point = labels.index("rename .gdterms-import.journal (committed)") + 1
    assert outcomes == ["old"] * point + ["new"] * (len(labels) - point)


def test_a_recovery_stopped_at_any_step_is_finished_by_the_next(tmp_path, fault):
    labels = count_steps(tmp_path, fault)
    for at in range(1, len(labels) + 1):
        glossary, tm, change, old, new = make_workspace(tmp_path / f"at-{at}")
        fault(FaultAt(at))
        with pytest.raises(Crash):
            commit(str(glossary), change)
        counter = FaultAt()
        fault(counter)
        first = snapshot(glossary, tm)
        recover(str(glossary))
        expected = snapshot(glossary, tm)
        for again in range(1, len(counter.labels) + 1):
            _restore(glossary, tm, first)
            fault(FaultAt(again))
            with pytest.raises(Crash):
                recover(str(glossary))
            fault(FaultAt())
            recover(str(glossary))
            assert snapshot(glossary, tm) == expected in (old, new)


def _restore(glossary: Path, tm: Path, state: Snapshot) -> None:
    for folder in (glossary, tm):
        for path in folder.iterdir():
            path.unlink()
    for name, data in state.items():
        (glossary.parent / name).write_bytes(data)


def test_an_ordinary_error_is_recovered_before_it_propagates(tmp_path, fault):
    labels = count_steps(tmp_path, fault)
    for at in range(1, len(labels) + 1):
        glossary, tm, change, old, new = make_workspace(tmp_path / f"at-{at}")
        fault(FaultAt(at, OSError(28, "No space left on device")))
        with pytest.raises(OSError):
            commit(str(glossary), change)
        assert snapshot(glossary, tm) in (old, new)
        assert journal.pending(str(glossary)) is None


def test_a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path, umask_022):
    glossary, tm, change, _, _ = make_workspace(tmp_path)
    (glossary / "event.toml").chmod(0o640)
    (tm / "000.toml").chmod(0o644)
    commit(str(glossary), change)
    assert stat.S_IMODE((glossary / "event.toml").stat().st_mode) == 0o640
    assert stat.S_IMODE((tm / "000.toml").stat().st_mode) == 0o644
    assert stat.S_IMODE((glossary / "product.toml").stat().st_mode) == 0o644
    os.umask(0o027)
    commit(str(glossary), {str(glossary / "slogan.toml"): b"x"})
    assert stat.S_IMODE((glossary / "slogan.toml").stat().st_mode) == 0o640


def test_a_damaged_staged_copy_is_refused_not_installed(tmp_path, fault):
    glossary, _, change, old, _ = make_workspace(tmp_path)
    labels = count_steps(tmp_path, fault)
    fault(FaultAt(labels.index("rename event.toml") + 1))
    with pytest.raises(Crash):
        commit(str(glossary), change)
    (glossary / ".event.toml.gdterms-new").write_bytes(b"bit rot")
    fault(FaultAt())
    with pytest.raises(JournalError, match=r"staged copy .* is damaged"):
        recover(str(glossary))
    assert journal.pending(str(glossary))  # left for a human, and validate names it
    assert (glossary / "event.toml").read_bytes() == old["glossary/event.toml"]


def test_a_reader_waits_for_a_commit_instead_of_undoing_it(tmp_path, fault):
    """A command reading the folder mid-commit (``stats --glossary`` in another terminal) must
    not take the live, prepared journal for an interrupted one and delete its staged copies."""
    import threading

    glossary, tm, change, _, new = make_workspace(tmp_path)
    reached, go = threading.Event(), threading.Event()

    def pause(label: str) -> None:
        if label == "create .product.toml.gdterms-new" and not reached.is_set():
            reached.set()
            assert go.wait(10)

    fault(pause)
    committing = threading.Thread(target=commit, args=(str(glossary), change))
    committing.start()
    assert reached.wait(10)
    assert journal.pending(str(glossary))  # the prepared journal of a live commit
    results: list[str | None] = []
    reading = threading.Thread(target=lambda: results.append(recover(str(glossary))))
    reading.start()
    reading.join(0.3)
    assert reading.is_alive()  # waiting on the folder's lock
    go.set()
    committing.join(10)
    reading.join(10)
    assert results == [None] and snapshot(glossary, tm) == new


def test_a_pending_journal_that_cannot_be_recovered_is_a_glossary_error(tmp_path, fault):
    """A read-only checkout, say: Glossary.load (and so stats, annotate, check) reports it as
    unusable data, exit 2, not a traceback."""
    from guangdong_terms import Glossary
    from guangdong_terms.core.model import GlossaryError

    glossary, _, change, _, _ = make_workspace(tmp_path)
    fault(FaultAt(5))
    with pytest.raises(Crash):
        commit(str(glossary), change)
    fault(FaultAt(1, PermissionError(13, "Permission denied", str(glossary))))
    with pytest.raises(GlossaryError, match="cannot be recovered: Permission denied"):
        Glossary.load(str(glossary))
