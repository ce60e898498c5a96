"""`make run` serves what users will see: the real gunicorn command from the Makefile, DEBUG off, the
designed Chinese 404 page, static files under hashed names served by whitenoise.

The commands are read from `make --dry-run run`, so the test starts exactly what `make run` starts
(only the database, the static folder and the port are the test's own).
"""
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

NOT_INHERITED = ("DEBUG", "DEMO_MODE", "TWO_FACTOR_REQUIRED", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_run_commands(port: int) -> tuple[str, str]:
    """The collectstatic and gunicorn lines `make run` would run (PY is this interpreter)."""
    dry_run = subprocess.run(["make", "--dry-run", "--always-make", "run", f"PORT={port}", f"PY={sys.executable}"],
                             cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60, check=True)
    lines = dry_run.stdout.splitlines()
    collectstatic = next(line for line in lines if "collectstatic" in line)
    gunicorn = next(line for line in lines if "gunicorn" in line)
    return collectstatic, gunicorn


def get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8"), dict(error.headers)


@pytest.fixture(scope="module")
def make_run_server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("make-run")
    port = free_port()
    collectstatic, gunicorn = make_run_commands(port)
    environment = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    environment.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", STATIC_ROOT=str(tmp_path / "static"),
                       LOG_LEVEL="WARNING")

    def run(command: str, **extra):
        subprocess.run(command, shell=True, cwd=settings.BASE_DIR, env={**environment, **extra}, check=True,
                       capture_output=True, timeout=120)

    run(f"{shlex.quote(sys.executable)} manage.py migrate --noinput -v0")
    run(f"{shlex.quote(sys.executable)} manage.py load_initial_data")
    run(collectstatic)
    server = subprocess.Popen(gunicorn, shell=True, cwd=settings.BASE_DIR, env=environment, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(f"{base_url}/regions/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {server.stderr.read().decode()}") from None
                time.sleep(0.3)
        yield base_url
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def test_make_run_serves_the_designed_chinese_404_and_hashed_static_files(make_run_server):
    status, body, headers = get(f"{make_run_server}/regions/999999/")

    assert status == 404
    assert 'data-status="404"' in body and "页面不存在" in body  # templates/404.html, not Django's technical page
    assert "URLconf" not in body and "Page not found" not in body
    assert "Content-Security-Policy" in headers

    stylesheets = re.findall(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', body)
    assert stylesheets, "the page links the stylesheet by its hashed name"
    status, _css, headers = get(make_run_server + stylesheets[0])
    assert status == 200 and "max-age=315360000" in headers["Cache-Control"]  # whitenoise: immutable, hashed
    assert get(f"{make_run_server}/static/css/portal.css")[0] == 200  # the unhashed name still answers


def test_make_run_answers_a_form_without_its_token_with_the_designed_chinese_403(make_run_server):
    request = urllib.request.Request(f"{make_run_server}/login/", data=b"username=x&password=y", method="POST")
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("a POST without a CSRF token was accepted")
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8")
        assert error.code == 403
    assert 'data-status="403"' in body and "页面已过期，请重新提交" in body  # templates/403_csrf.html
    assert "CSRF verification failed" not in body
    assert re.search(r'href="/static/css/portal\.[0-9a-f]{12}\.css"', body)


def test_make_run_serves_a_real_page_in_chinese(make_run_server):
    status, body, _ = get(f"{make_run_server}/regions/441781/")

    assert status == 200
    assert "阳春市" in body
    assert re.search(r'src="/static/js/portal\.[0-9a-f]{12}\.js"', body)
