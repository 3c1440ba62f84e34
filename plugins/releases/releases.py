"""Atomic releases on a web server: upload, switch, keep N, roll back, lock.

Layout on the target (a local folder, or one reached over SSH)::

    <root>/releases/20261127-104512-381/   one complete site per publish
    <root>/releases/.partial-<id>/         an upload in progress (or one that died)
    <root>/current -> releases/<id>        what nginx serves
    <root>/.deploy.lock                    flock(1) lock held during publish/rollback

A publish uploads the whole site into ``releases/.partial-<id>`` with rsync, hard-
linking every file that did not change from the live release (``--link-dest``,
compared by content with ``--checksum`` because Pelican rewrites every file), then
renames it to ``releases/<id>`` and points ``current`` at it with one rename(2)
(``ln -s`` to a temporary name, then ``mv -T``). Until that rename the live site is
untouched, so a publish that is killed or cut off changes nothing a reader sees.

Every step on the target is a small POSIX shell script run with ``sh -c``, locally
or through ``ssh``, so both kinds of target run the very same commands. The target
needs sh, GNU coreutils, flock (util-linux) and rsync: a stock Debian server.

The lock is flock(1) held by a process that lives as long as our connection: if the
publisher dies or the connection drops, the lock goes with it; nothing stale remains.
"""

import contextlib
import dataclasses
import getpass
import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime

LOCK_CONFLICT = 75  # EX_TEMPFAIL: another publish holds the lock
# What new_release_id() makes: never a path, "..", or an upload's ".partial-<id>".
RELEASE_ID = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9]{3}$")
_REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<root>/.*)$")


class DeployError(RuntimeError):
    """Something on the target failed; the live site is as it was before."""


class LockHeld(DeployError):
    """Another publish or rollback is running on the same target."""


@dataclass(frozen=True)
class Target:
    """Where releases go: ``root`` on ``host`` ("user@host"), or locally if no host."""

    root: str
    host: str | None = None
    ssh_port: int | None = None
    ssh_key: str | None = None
    ssh_options: tuple = ()

    @classmethod
    def parse(cls, spec, ssh_port=None, ssh_key=None, ssh_options=()):
        """"user@host:/srv/site" (over SSH) or "/srv/site" (a local folder)."""
        match = _REMOTE.match(spec)
        if match:
            return cls(match["root"].rstrip("/") or "/", match["host"],
                       ssh_port, ssh_key, tuple(ssh_options))
        if not spec.startswith("/"):
            raise DeployError(
                f"DEPLOY_TARGET phải là 'user@máy:/đường/dẫn' hoặc đường dẫn tuyệt "
                f"đối, không phải {spec!r}")
        return cls(spec.rstrip("/") or "/", None, ssh_port, ssh_key, tuple(ssh_options))

    @classmethod
    def from_settings(cls, settings):
        target = settings.get("DEPLOY_TARGET")
        if not target:
            raise DeployError("Chưa cấu hình DEPLOY_TARGET (publishconf.py).")
        return cls.parse(target, settings.get("DEPLOY_SSH_PORT"),
                         settings.get("DEPLOY_SSH_KEY"),
                         settings.get("DEPLOY_SSH_OPTIONS", ()))

    def __str__(self):
        return f"{self.host}:{self.root}" if self.host else self.root

    def ssh_command(self):
        """The ssh client command line, without the host (for ssh and rsync -e)."""
        # A dead link is noticed within a minute rather than TCP's two hours.
        command = ["ssh", "-o", "BatchMode=yes", "-o", "ServerAliveInterval=15",
                   "-o", "ServerAliveCountMax=4"]
        if self.ssh_port:
            command += ["-p", str(self.ssh_port)]
        if self.ssh_key:
            command += ["-i", str(self.ssh_key), "-o", "IdentitiesOnly=yes"]
        return command + list(self.ssh_options)

    def shell_command(self, script, *args):
        """argv running ``script`` with ``args`` ($1, $2, ...) by sh on the target."""
        local = ["sh", "-c", script, "sh", *map(str, args)]
        if self.host is None:
            return local
        return [*self.ssh_command(), self.host, shlex.join(local)]

    def run(self, script, *args):
        """Run a script on the target and return its stdout; DeployError if it fails."""
        done = subprocess.run(self.shell_command(script, *args), capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, check=False)
        if done.returncode != 0:
            raise DeployError(
                f"Lệnh trên {self} thất bại (mã {done.returncode}): "
                f"{done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def rsync_path(self, path):
        return f"{self.host}:{path}" if self.host else path


@dataclass
class PublishResult:
    release: str
    previous: str | None
    rsync_stats: dict = field(default_factory=dict)
    removed: list = field(default_factory=list)


def new_release_id(now=None):
    """A sortable, readable id: UTC date-time to the millisecond."""
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%d-%H%M%S}-{now.microsecond // 1000:03d}"


# --- Lock -----------------------------------------------------------------------------
_LOCK_SCRIPT = r"""
set -eu
mkdir -p "$1"
exec 9>>"$1/.deploy.lock"
if ! flock -n 9; then
  echo "HELD $(cat "$1/.deploy.lock.owner" 2>/dev/null || echo '?')"
  exit 75
fi
printf '%s\n' "$2" > "$1/.deploy.lock.owner"
echo LOCKED
# Hold the lock until our caller closes our stdin, exits or loses the connection.
cat > /dev/null
rm -f "$1/.deploy.lock.owner"
"""


@contextlib.contextmanager
def one_connection(target):
    """The same target, with every ssh call sharing one connection (ControlMaster).

    The first ssh (the lock holder) becomes the master; the later ones, rsync's
    included, ride on it instead of each paying an SSH handshake.
    """
    if target.host is None:
        yield target
        return
    # A short folder of our own: socket paths are limited to ~100 bytes.
    socket_dir = tempfile.mkdtemp(prefix="deploy-ssh-", dir="/tmp")
    options = ("-o", "ControlMaster=auto", "-o", f"ControlPath={socket_dir}/%C",
               "-o", "ControlPersist=no")
    try:
        yield dataclasses.replace(target, ssh_options=target.ssh_options + options)
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)


@contextlib.contextmanager
def target_lock(target, purpose="publish"):
    """Hold the target's deploy lock; LockHeld (with who holds it) if it is taken.

    Yields the owner line written beside the lock, for _STILL_LOCKED checks.
    """
    owner = (f"{purpose} by {getpass.getuser()}@{socket.gethostname()} "
             f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
    holder = subprocess.Popen(target.shell_command(_LOCK_SCRIPT, target.root, owner),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    first_line = holder.stdout.readline().strip()
    if first_line != "LOCKED":
        _, error = holder.communicate()
        if first_line.startswith("HELD") or holder.returncode == LOCK_CONFLICT:
            raise LockHeld(
                f"Đang có một lần xuất bản/khôi phục khác trên {target} "
                f"({first_line[5:] or '?'}); không thay đổi gì. Hãy thử lại sau khi "
                f"nó kết thúc.")
        raise DeployError(f"Không lấy được khóa trên {target}: "
                          f"{error.strip() or first_line}")
    try:
        yield owner
    finally:
        holder.stdin.close()
        holder.wait()


# --- Reading the target ---------------------------------------------------------------
_LIST_SCRIPT = r"""
set -eu
cd "$1/releases" 2>/dev/null || exit 0
ls -1 | grep -v '^\.' | sort || true
echo "--"
if [ -L "$1/current" ]; then basename "$(readlink "$1/current")"; fi
"""


def _listing(target):
    output = target.run(_LIST_SCRIPT, target.root)
    names, _, current = output.partition("--\n")
    return names.split(), (current.strip() or None)


def list_releases(target):
    """Release ids on the target, oldest first."""
    return _listing(target)[0]


def current_release(target):
    """The id ``current`` points at, or None before the first publish."""
    return _listing(target)[1]


# --- Publishing -----------------------------------------------------------------------
_PREPARE_SCRIPT = r"""
set -eu
mkdir -p "$1/releases"
cd "$1/releases"
# Uploads that never finished (killed, connection lost): never live, safe to drop.
for partial in .partial-*; do
  if [ -e "$partial" ]; then rm -rf -- "$partial"; fi
done
if [ -L "$1/current" ]; then basename "$(readlink "$1/current")"; fi
"""

# A shell function for the switch scripts (after `cd releases`, with $root and
# $manifest set): give release $1 the live release's own fingerprinted assets. A
# reader who got a page just before a switch asks for its CSS/JS just after it; the
# names are new to $1 (a hash of other content), so its own pages are unaffected.
_CARRY_ASSETS = r"""
carry_assets() {
  [ -L "$root/current" ] || return 0
  live=$(basename "$(readlink "$root/current")")
  [ -f "$live/$manifest" ] || return 0
  while read -r original fingerprinted; do
    for asset in "$fingerprinted" "$fingerprinted.gz" "$fingerprinted.br"; do
      if [ -f "$live/$asset" ] && [ ! -e "$1/$asset" ]; then
        mkdir -p "$(dirname "$1/$asset")"
        ln "$live/$asset" "$1/$asset"
      fi
    done
  done < "$live/$manifest"
}
"""

# A shell fragment for the switch scripts ($root and $owner set): stop unless our lock
# holder still holds the lock. If its connection died, another publish may be running.
_STILL_LOCKED = r"""
exec 8>>"$root/.deploy.lock"
if flock -n 8; then
  echo "mất khóa (kết nối giữ khóa đã đứt); không chuyển trang" >&2; exit 1
fi
if [ "$(cat "$root/.deploy.lock.owner" 2>/dev/null)" != "$owner" ]; then
  echo "khóa đang thuộc về lần xuất bản khác; không chuyển trang" >&2; exit 1
fi
exec 8>&-
"""

_ACTIVATE_SCRIPT = _CARRY_ASSETS + r"""
set -eu
root=$1; id=$2; keep=$3; manifest=$4; owner=$5
""" + _STILL_LOCKED + r"""
cd "$root/releases"
new=".partial-$id"
[ -d "$new" ] || { echo "no upload $new" >&2; exit 1; }
carry_assets "$new"
mv -- "$new" "$id"
# The switch: one rename(2) of a symlink over the old one.
ln -sfn "releases/$id" "$root/.current.new"
mv -T "$root/.current.new" "$root/current"
# Keep the newest $keep releases (and always the live one).
ls -1 | grep -v '^\.' | sort -r | tail -n "+$((keep + 1))" | while read -r old; do
  if [ "$old" != "$id" ]; then rm -rf -- "$old"; echo "$old"; fi
done
"""


def _rsync_stats(output):
    """The numbers of ``rsync --stats``, by name, as ints."""
    stats = {}
    for line in output.splitlines():
        name, sep, value = line.partition(":")
        number = re.match(r"\s*([\d,]+)", value)
        if sep and number:
            stats[name.strip()] = int(number[1].replace(",", ""))
    return stats


def upload(target, site_dir, release_id, link_dest=None, rsync_options=()):
    """rsync the whole site into releases/.partial-<id>; returns rsync's stats."""
    destination = f"{target.root}/releases/.partial-{release_id}/"
    command = ["rsync", "--recursive", "--links", "--checksum", "--delete",
               "--chmod=D755,F644", "--stats", *rsync_options]
    if link_dest:
        command.append(f"--link-dest={target.root}/releases/{link_dest}")
    if target.host:
        # Over the network, pages are sent compressed: the HTML of a new article
        # and of the listings it joins shrinks about five times.
        command += ["--compress", "-e", shlex.join(target.ssh_command())]
    command += [f"{site_dir}/", target.rsync_path(destination)]
    done = subprocess.run(command, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, check=False)
    if done.returncode != 0:
        raise DeployError(f"Tải lên thất bại (rsync mã {done.returncode}): "
                          f"{done.stderr.strip()}; trang đang chạy không đổi.")
    return _rsync_stats(done.stdout)


def publish_release(target, site_dir, release_id=None, keep=5,
                    manifest="assets-manifest.txt", rsync_options=()):
    """Upload ``site_dir`` as a new release and make it live, under the lock."""
    release_id = release_id or new_release_id()
    if keep < 1:
        raise DeployError("DEPLOY_KEEP_RELEASES phải ít nhất là 1.")
    with (one_connection(target) as target,
          target_lock(target, "publish " + release_id) as owner):
        previous = target.run(_PREPARE_SCRIPT, target.root).strip() or None
        stats = upload(target, site_dir, release_id, previous, rsync_options)
        removed = target.run(_ACTIVATE_SCRIPT, target.root, release_id, keep,
                             manifest, owner).split()
    return PublishResult(release_id, previous, stats, removed)


# --- Rolling back ---------------------------------------------------------------------
_ROLLBACK_SCRIPT = _CARRY_ASSETS + r"""
set -eu
root=$1; to=$2; manifest=$3; owner=$4
""" + _STILL_LOCKED + r"""
cd "$root/releases"
[ -L "$root/current" ] || { echo "chưa có bản phát hành nào đang chạy" >&2; exit 3; }
live=$(basename "$(readlink "$root/current")")
if [ -z "$to" ]; then
  to=$(ls -1 | grep -v '^\.' | sort | awk -v live="$live" '$0 < live' | tail -n 1)
fi
# Only a complete release: a real folder (no link) named like an id, never an upload.
case "$to" in
  ""|.*|*/*) ok=no ;;
  *) if [ -d "$to" ] && [ ! -L "$to" ]; then ok=yes; else ok=no; fi ;;
esac
if [ "$ok" != yes ]; then
  echo "không có bản phát hành ${to:-cũ hơn $live} để quay về" >&2; exit 3
fi
carry_assets "$to"
ln -sfn "releases/$to" "$root/.current.new"
mv -T "$root/.current.new" "$root/current"
echo "$live $to"
"""


def rollback(target, to=None, manifest="assets-manifest.txt"):
    """Point ``current`` at the release before it (or at ``to``); returns (from, to).

    ``to`` must be the id of a complete release on the target (``invoke
    releases`` lists them): a path, ``..`` or a ``.partial-*`` upload is refused.
    """
    if to is not None and not RELEASE_ID.fullmatch(to):
        raise DeployError(
            f"'--to {to[:100]}' không phải mã một bản phát hành (dạng "
            "20261127-104512-381, xem 'invoke releases'); không thay đổi gì.")
    with one_connection(target) as target, target_lock(target, "rollback") as owner:
        live, restored = target.run(_ROLLBACK_SCRIPT, target.root, to or "",
                                    manifest, owner).split()
    return live, restored
