"""Real servers on 127.0.0.1 for the deploy tests: nginx (shipped config) and sshd.

Each is started by its fixture in the foreground under tmp_path, on a free port,
and stopped afterwards. Import the fixtures into a test module to use them.
"""

import contextlib
import getpass
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from releases import main_conf, render_site_conf

STARTUP_SECONDS = 15


def free_port():
    """A TCP port nobody listens on right now (the kernel's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, log):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {Path(log).read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server not listening on {port}: {Path(log).read_text()}")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Nginx:
    """nginx serving ``site_root``/current with deploy/nginx/site.conf."""

    def __init__(self, workdir, site_root):
        self.workdir = Path(workdir)
        self.site_root = Path(site_root)
        self.port = free_port()
        self.log = self.workdir / "error.log"
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "site.conf").write_text(
            render_site_conf(self.site_root, f"127.0.0.1:{self.port}", "localhost"))
        (self.workdir / "nginx.conf").write_text(
            main_conf(self.workdir, self.workdir / "site.conf"))
        self.process = None

    def start(self):
        command = ["nginx", "-p", str(self.workdir),
                   "-c", str(self.workdir / "nginx.conf"),
                   "-e", str(self.log), "-g", "daemon off;"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process, self.log)
        return self

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        if self.process:
            stop(self.process)


@pytest.fixture
def start_nginx(tmp_path):
    """start_nginx(site_root) → a running Nginx; all are stopped after the test."""
    started = []

    def _start(site_root):
        server = Nginx(tmp_path / f"nginx-{len(started)}", site_root).start()
        started.append(server)
        return server

    yield _start
    for server in started:
        server.stop()


class Sshd:
    """sshd on 127.0.0.1 with a throw-away host key, accepting one throw-away key."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.user = getpass.getuser()
        self.host_key = self.workdir / "host_ed25519"
        self.client_key = self.workdir / "client_ed25519"
        for key in (self.host_key, self.client_key):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
                            "deploy-test", "-f", str(key)], check=True)
        authorized = self.workdir / "authorized_keys"
        authorized.write_text(self.client_key.with_suffix(".pub").read_text())
        host_public = self.host_key.with_suffix(".pub").read_text().split()
        self.known_hosts = self.workdir / "known_hosts"
        self.known_hosts.write_text(
            f"[127.0.0.1]:{self.port} {host_public[0]} {host_public[1]}\n")
        self.log = self.workdir / "sshd.log"
        self.config = self.workdir / "sshd_config"
        self.config.write_text(f"""
Port {self.port}
ListenAddress 127.0.0.1
HostKey {self.host_key}
PidFile {self.workdir}/sshd.pid
AuthorizedKeysFile {authorized}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PrintMotd no
MaxStartups 50:30:100
MaxSessions 50
""")
        self.process = None

    def start(self):
        # sshd's privilege separation needs this directory (absent on fresh images).
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        self.process = subprocess.Popen(
            ["/usr/sbin/sshd", "-D", "-e", "-f", str(self.config)],
            stdout=subprocess.DEVNULL, stderr=self.log.open("w"))
        wait_for_port(self.port, self.process, self.log)
        return self

    def deploy_settings(self, root):
        """The DEPLOY_* settings that publish to ``root`` through this server."""
        return {
            "DEPLOY_TARGET": f"{self.user}@127.0.0.1:{root}",
            "DEPLOY_SSH_PORT": self.port,
            "DEPLOY_SSH_KEY": str(self.client_key),
            "DEPLOY_SSH_OPTIONS": ["-F", "/dev/null",
                                   "-o", f"UserKnownHostsFile={self.known_hosts}",
                                   "-o", "StrictHostKeyChecking=yes",
                                   "-o", "LogLevel=ERROR"],
        }

    def cut_connections(self):
        """Kill the server side of every open SSH connection, as a network cut would.

        The listener stays up, so a later connection works. Returns how many
        processes were killed.
        """
        doomed = _descendants(self.process.pid)
        for pid in doomed:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return len(doomed)

    def stop(self):
        if self.process:
            stop(self.process)


def _descendants(pid):
    """Every process below ``pid``, from /proc."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@pytest.fixture
def sshd(tmp_path):
    """A running sshd that lets the test's key in as the current user."""
    server = Sshd(tmp_path / "sshd").start()
    yield server
    server.stop()
