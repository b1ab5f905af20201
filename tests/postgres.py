"""A throwaway PostgreSQL cluster for the tests: a real server, never a mock.

PostgreSQL refuses to run as root, and pytest's temporary folders are private to root, so when
the suite runs as root the cluster lives in a folder under /tmp owned by the unprivileged
``postgres`` user that Debian's package creates, and every server binary runs through
``runuser``. The cluster is created with ``--locale=C.UTF-8``: under the C locale pg_trgm
extracts no trigrams from Chinese (../shared/design/peers.md, Addendum). It listens on a Unix
socket in its own folder only (``listen_addresses=''``), so two test runs never collide on a
port. A missing PostgreSQL is an error, not a skip: the PostgreSQL backend is only tested if a
server runs.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from urllib.parse import quote

SUPERUSER = "cluster_admin"


class PostgresMissing(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def server_bin_dir() -> str:
    """The newest Debian server binary folder, /usr/lib/postgresql/<version>/bin."""
    override = os.environ.get("GDTERMS_PG_BIN")
    candidates = [override] if override else glob.glob("/usr/lib/postgresql/*/bin")
    usable = [path for path in candidates
              if path and os.path.isfile(os.path.join(path, "initdb"))]
    if not usable:
        raise PostgresMissing(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/<version>/bin: "
            "install Debian's postgresql (apt-get install postgresql; .ci/run does) or set "
            "GDTERMS_PG_BIN to the folder holding initdb and pg_ctl")

    def version(path: str) -> tuple[int, ...]:
        name = os.path.basename(os.path.dirname(path))
        return tuple(int(part) for part in name.split(".") if part.isdigit())

    return max(usable, key=version)


class PostgresCluster:
    """One initdb'd cluster in a private /tmp folder, started on a Unix socket."""

    def __init__(self) -> None:
        self.bin_dir = server_bin_dir()
        self.run_as = "postgres" if os.geteuid() == 0 else None
        self.folder = tempfile.mkdtemp(prefix="gdterms-pg-", dir="/tmp")
        self.data_dir = os.path.join(self.folder, "data")
        self.started = False
        if self.run_as is not None:
            try:
                account = pwd.getpwnam(self.run_as)
            except KeyError as error:
                raise PostgresMissing(
                    f"running as root and there is no unprivileged {self.run_as!r} user to run "
                    "PostgreSQL as (Debian's postgresql package creates it)") from error
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        os.chmod(self.folder, 0o700)

    def _server_command(self, program: str, *args: str) -> list[str]:
        command = [os.path.join(self.bin_dir, program), *args]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return command

    def _run(self, program: str, *args: str) -> None:
        result = subprocess.run(self._server_command(program, *args), capture_output=True,
                                text=True, check=False, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{program} {' '.join(args)} failed ({result.returncode}):\n"
                               f"{result.stdout}\n{result.stderr}")

    def start(self) -> None:
        """initdb (UTF-8, C.UTF-8 character types, trust on the private socket) and start."""
        self._run("initdb", "-D", self.data_dir, "-E", "UTF8", "--locale=C.UTF-8",
                  "-U", SUPERUSER, "--auth=trust", "--no-sync")
        options = (f"-k {self.folder} -c listen_addresses='' -c fsync=off "
                   "-c full_page_writes=off -c synchronous_commit=off -c max_connections=60")
        self._run("pg_ctl", "-D", self.data_dir, "-l", os.path.join(self.folder, "server.log"),
                  "-o", options, "-w", "-t", "60", "start")
        self.started = True

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """A libpq URL naming the socket folder; no password (trust on a private socket)."""
        return f"postgresql://{quote(user)}@/{quote(database)}?host={quote(self.folder, safe='')}"

    def stop(self) -> None:
        """Stop the server and remove its folder (data, socket and log)."""
        try:
            if self.started:
                self._run("pg_ctl", "-D", self.data_dir, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def log(self) -> str:
        """The server log, for a failing test's message."""
        try:
            with open(os.path.join(self.folder, "server.log"), encoding="utf-8") as handle:
                return handle.read()
        except OSError:
            return ""
