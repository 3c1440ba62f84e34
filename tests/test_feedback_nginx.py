"""`invoke nginx-conf --feedback-upstream`: a configuration nginx accepts, and no
value that could add a directive of its own."""

import subprocess
import sys

import pytest
from releases import render_site_conf
from releases.nginx import nginx_test

from conftest import ROOT


def nginx_conf(*options):
    return subprocess.run([sys.executable, "-m", "invoke", "nginx-conf", "--root",
                           "/srv/sokhcn", *options], cwd=ROOT, capture_output=True,
                          text=True)


def test_upstream_conf_has_limits_and_vietnamese_error_pages():
    done = nginx_conf("--feedback-upstream", "127.0.0.1:8100", "--feedback-rate", "12")
    assert done.returncode == 0, done.stderr
    conf = done.stdout
    assert "server 127.0.0.1:8100 max_fails=0;" in conf
    assert "rate=12r/m" in conf and "client_max_body_size 64k;" in conf
    assert "error_page 502 503 504 =503 /phan-hoi/tam-ngung/;" in conf
    assert "proxy_next_upstream off;" in conf and "access_log off;" in conf


@pytest.mark.parametrize("upstream", [
    "127.0.0.1:8100; include /etc/passwd", "127.0.0.1:8100\n}", "evil host:80",
    "127.0.0.1", "http://127.0.0.1:8100", "unix:/run/x.sock;"])
def test_upstream_that_could_inject_is_refused(upstream):
    with pytest.raises(ValueError, match="upstream"):
        render_site_conf("/srv/sokhcn", feedback={"upstream": upstream})


def test_the_task_refuses_it_with_a_message():
    done = nginx_conf("--feedback-upstream", "127.0.0.1:8100; include /etc/passwd")
    assert done.returncode == 1 and "upstream" in done.stderr and not done.stdout


@pytest.mark.parametrize("feedback", [None, {"upstream": "127.0.0.1:8100"},
                                      {"upstream": "[::1]:8100"},
                                      {"upstream": "unix:/run/sokhcn-feedback.sock"}])
def test_nginx_accepts_the_conf(tmp_path, monkeypatch, feedback):
    import releases.nginx as nginx_module

    original = nginx_module.render_site_conf
    monkeypatch.setattr(nginx_module, "render_site_conf",
                        lambda root, listen, name: original(root, listen, name,
                                                            feedback=feedback))
    (tmp_path / "site").mkdir()
    assert nginx_test(tmp_path / "site") is None
