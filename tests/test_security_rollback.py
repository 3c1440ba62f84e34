"""`invoke rollback --to` takes only a complete release id.

`current` used to be pointable at `..`, at a path, or at a half-uploaded
`.partial-*` folder. Now anything but the id of a complete release of the target
(a real folder named like 20261127-104512-381) is refused and `current` stays.
"""

import pytest
import releases
from releases import DeployError, Target

import tasks

OLD, LIVE = "20261127-104512-381", "20261128-090000-000"
PARTIAL = ".partial-20261129-000000-000"
DISGUISED = "20261130-000000-000"  # named like a release, but a link to /etc

HOSTILE_IDS = [
    "..", ".", "../..", "/etc", "/", "releases/../..", PARTIAL, ".partial-*",
    f"{OLD}/../..", f"{OLD}/", f"./{OLD}", "current", OLD[:-1], f"{OLD}0",
    "x; rm -rf /", "$(touch pwned)", "`touch pwned`", "-rf", f"{OLD}\n", f"{OLD} ",
    f" {OLD}", "../../../../etc/passwd", "*", DISGUISED, "20261231-235959-999",
    "２0261127-104512-381",  # a fullwidth digit
]


@pytest.fixture
def target(tmp_path):
    root = tmp_path / "srv"
    for name in (OLD, LIVE, PARTIAL):
        (root / "releases" / name).mkdir(parents=True)
        (root / "releases" / name / "index.html").write_text(name)
    (root / "releases" / DISGUISED).symlink_to("/etc")
    (root / "current").symlink_to(f"releases/{LIVE}")
    return root


def live(root):
    return (root / "current").readlink().name


@pytest.mark.parametrize("to", HOSTILE_IDS)
def test_anything_but_a_complete_release_is_refused(target, to, tmp_path,
                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DeployError) as refused:
        releases.rollback(Target.parse(str(target)), to=to)
    assert "bản phát hành" in str(refused.value)  # Vietnamese, says what is wrong
    assert live(target) == LIVE
    assert not list(tmp_path.rglob("pwned"))


def test_a_complete_release_id_is_accepted(target):
    assert releases.rollback(Target.parse(str(target)), to=OLD) == (LIVE, OLD)
    assert live(target) == OLD


def test_invoke_rollback_exits_non_zero_with_the_reason(target, monkeypatch, capsys):
    monkeypatch.setenv("DEPLOY_TARGET", str(target))
    with pytest.raises(SystemExit) as exit_status:
        tasks.rollback.body(None, to="../..")
    assert exit_status.value.code == 1
    err = capsys.readouterr().err
    assert "Khôi phục thất bại" in err and "không phải mã một bản phát hành" in err
    assert live(target) == LIVE
