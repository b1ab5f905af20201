"""All-or-nothing replacement of several source files, with a journal that survives a kill.

An import changes several files of ``glossary/`` (and could change ``tm/``); ``os.replace``
is atomic for one file only, so a crash between two replaces used to leave a mix of old and new
files that still validated file by file. Here a commit is:

1. write the journal ``.gdterms-import.journal`` (JSON, state ``prepared``: each target, its
   staged copy beside it, whether it is new, the SHA-256 of its new bytes), fsync it;
2. write every staged copy (``.NAME.gdterms-new`` in the target's folder), fsync them;
3. replace the journal by one in state ``committed`` (write, fsync, rename, fsync the folder):
   this rename is the commit point;
4. rename each staged copy over its target, fsync the folders;
5. remove the journal, last.

``recover`` undoes a ``prepared`` journal (removes the staged copies: no target was touched
before the commit point) and finishes a ``committed`` one (renames the staged copies that are
still there, then checks every target has the recorded bytes), so recovery only ever needs the
new bytes, never a backup of the old ones. It is idempotent: a kill during recovery is recovered
by the next one. Why roll forward rather than back: docs/curators/decisions.md.

Every write, fsync, rename and unlink goes through ``_step`` first, the one seam that tests
use to stop a commit or a recovery at each step in turn (``fault_hook``), and that the
``GDTERMS_FAULT_KILL_AT`` environment variable turns into a real ``SIGKILL`` at the N-th step
of a process, for the test that kills a real import.

Standard library only: the build (``curation/build.py``) imports this module to refuse a
glossary with a pending journal.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from ..core.model import GlossaryError

__all__ = ["JOURNAL_NAME", "JournalError", "commit", "fault_hook", "pending", "recover",
           "refusal"]

JOURNAL_NAME = ".gdterms-import.journal"
JOURNAL_FORMAT = "gdterms-import-journal"
STAGED_SUFFIX = ".gdterms-new"
FAULT_ENV = "GDTERMS_FAULT_KILL_AT"

# Called with a label ("write product.toml", "rename product.toml", ...) before every step;
# a test sets it to raise at a chosen step. None in normal use.
fault_hook: Callable[[str], None] | None = None
_steps_taken = 0


class JournalError(GlossaryError):
    """A pending journal that cannot be recovered automatically (a staged copy is missing or
    damaged), or a journal in the way of a new commit. Nothing is changed when raised."""


def _step(label: str) -> None:
    """The seam every file-system step of a commit or a recovery passes before it runs."""
    global _steps_taken
    _steps_taken += 1
    if fault_hook is not None:
        fault_hook(label)
    kill_at = os.environ.get(FAULT_ENV)
    if kill_at and kill_at.isdigit() and _steps_taken == int(kill_at):
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def journal_path(folder: str) -> str:
    """Where the journal of a commit into *folder* lives."""
    return os.path.join(folder, JOURNAL_NAME)


def pending(folder: str) -> str | None:
    """The path of *folder*'s pending journal, or None. A half-written journal (``.tmp``, left
    by a kill before the commit started) counts: only ``recover`` clears it."""
    path = journal_path(folder)
    if os.path.exists(path):
        return path
    return path + ".tmp" if os.path.exists(path + ".tmp") else None


def refusal(folder: str) -> str | None:
    """The message with which validate and the build refuse *folder*, or None if no import is
    pending there. They refuse rather than recover: a check should not change the files."""
    path = pending(folder)
    if path is None:
        return None
    return (f"{path}: an interrupted import is pending; `gdterms validate --recover` (or any "
            "gdterms command that reads the folder) finishes or undoes it")


def _staged(target: str) -> str:
    folder, name = os.path.split(target)
    return os.path.join(folder, f".{name}{STAGED_SUFFIX}")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fsync_folder(folder: str) -> None:
    _step(f"fsync {folder}")
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # a platform that cannot open folders (Windows): rename is all we have
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _write(path: str, data: bytes, mode: int | None) -> None:
    """Write *path* afresh and fsync it. With *mode* None the file gets 0666 less the umask, as
    any new file; otherwise *mode* (the mode of the file it will replace)."""
    name = os.path.basename(path)
    _step(f"create {name}")
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        if mode is not None:
            os.fchmod(handle, mode)
        half = len(data) // 2  # two writes, so that a fault can leave a torn file
        _write_all(handle, data[:half])
        _step(f"write {name}")
        _write_all(handle, data[half:])
        _step(f"fsync {name}")
        os.fsync(handle)
    finally:
        os.close(handle)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


def _unlink(path: str) -> None:
    if os.path.lexists(path):
        _step(f"unlink {os.path.basename(path)}")
        os.unlink(path)


def _write_journal(folder: str, state: str, files: list[dict[str, object]]) -> None:
    document = {"format": JOURNAL_FORMAT, "version": 1, "state": state, "files": files}
    path = journal_path(folder)
    _write(path + ".tmp", json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"),
           None)
    _step(f"rename {JOURNAL_NAME} ({state})")
    os.replace(path + ".tmp", path)
    _fsync_folder(folder)


@contextmanager
def _locked(folder: str) -> Iterator[None]:
    """Hold an exclusive ``flock`` on *folder* itself (no lock file to clean up; the kernel
    drops it when a process dies), so that a command reading the folder while an import
    commits waits for it instead of undoing its half-staged files."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no locking
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def commit(folder: str, changes: Mapping[str, bytes]) -> None:
    """Replace or create every file of *changes* (path -> new bytes) all or nothing, with the
    journal in *folder*. A replaced file keeps its mode; a new one follows the umask.

    Call ``recover(folder)`` first. An ordinary error (a full disk) is recovered at once, so
    the files are all old or all new when it propagates; a kill is recovered by the next
    command that reads the folder.
    """
    with _locked(folder):
        busy = pending(folder)
        if busy:
            raise JournalError(f"{busy}: another import is pending; recover it first")
        _commit(folder, changes)


def _commit(folder: str, changes: Mapping[str, bytes]) -> None:
    targets = {os.path.abspath(path): data for path, data in changes.items()}
    files: list[dict[str, object]] = [
        {"target": os.path.relpath(target, folder),
         "staged": os.path.relpath(_staged(target), folder),
         "new": not os.path.exists(target), "sha256": _sha256(data)}
        for target, data in targets.items()]
    folders = sorted({os.path.dirname(target) for target in targets} | {os.path.abspath(folder)})
    try:
        _write_journal(folder, "prepared", files)
        for target, data in targets.items():
            mode = os.stat(target).st_mode & 0o7777 if os.path.exists(target) else None
            _write(_staged(target), data, mode)
        for each in folders:
            _fsync_folder(each)
        _write_journal(folder, "committed", files)
        for target in targets:
            _step(f"rename {os.path.basename(target)}")
            os.replace(_staged(target), target)
        for each in folders:
            _fsync_folder(each)
        _unlink(journal_path(folder))
        _fsync_folder(folder)
    except Exception:
        _recover(folder)  # before the commit point: undo; after it: finish
        raise


def _read_journal(path: str) -> dict[str, object]:
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as error:
        raise JournalError(f"{path}: cannot be read ({error}); compare the files it names "
                           "with version control and remove it by hand") from None
    if not isinstance(document, dict) or document.get("format") != JOURNAL_FORMAT:
        raise JournalError(f"{path}: not a gdterms import journal")
    return document


def recover(folder: str) -> str | None:
    """Finish or undo an interrupted commit into *folder*; say which, or None if none was
    pending. Raises JournalError (changing nothing more) if a committed journal's new bytes
    are neither staged nor in place."""
    if pending(folder) is None:  # the usual case, and a read-only folder: no lock, no write
        return None
    with _locked(folder):
        return _recover(folder)


def _recover(folder: str) -> str | None:
    path = journal_path(folder)
    if not os.path.exists(path):
        if not os.path.lexists(path + ".tmp"):
            return None
        _unlink(path + ".tmp")  # killed while writing the prepared journal: nothing else yet
        return f"{path}: removed the journal of an import that never started"
    document = _read_journal(path)
    entries = document.get("files")
    state = document.get("state")
    if not isinstance(entries, list) or state not in ("prepared", "committed"):
        raise JournalError(f"{path}: not a gdterms import journal")
    targets = []
    for entry in entries:
        target = os.path.normpath(os.path.join(folder, str(entry["target"])))
        targets.append((target, str(entry["sha256"])))
    _unlink(path + ".tmp")
    if state == "prepared":
        for target, _ in targets:
            _unlink(_staged(target))
        _unlink(path)
        _fsync_folder(folder)
        return f"{path}: undid an import interrupted before it committed ({len(targets)} file(s))"
    for target, digest in targets:
        staged = _staged(target)
        if os.path.exists(staged):
            with open(staged, "rb") as handle:
                if _sha256(handle.read()) != digest:
                    raise JournalError(f"{path}: the staged copy {staged} is damaged; compare "
                                       "the files with version control, then remove the journal")
            _step(f"rename {os.path.basename(target)}")
            os.replace(staged, target)
        else:
            try:
                with open(target, "rb") as handle:
                    in_place = _sha256(handle.read()) == digest
            except FileNotFoundError:
                in_place = False
            if not in_place:
                raise JournalError(f"{path}: {target} has neither its old nor its new content "
                                   "and no staged copy; compare with version control, then "
                                   "remove the journal")
    for each in sorted({os.path.dirname(target) for target, _ in targets}):
        _fsync_folder(each)
    _unlink(path)
    _fsync_folder(folder)
    return f"{path}: finished an import interrupted after it committed ({len(targets)} file(s))"
