"""#25 item 1: `make serve` under supervisord (deploy/supervisord.conf). A job worker that dies is restarted
alone while the site keeps answering, its work-horse goes with it, the job it was running ends "failed" with
words and nothing half-written, and a new job then runs; the worker waits for Redis instead of dying."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gis_app.jobs.progress import _key as progress_key
from gis_app.jobs.runner import execute, queue, rq_id
from tests.supervised_helpers import CONFIG, ROOT, free_port, get, own_connection, supervised, wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    """Job rows committed through a connection of their own, seen by the supervised processes."""
    own = own_connection()
    created = []

    def sql(query, params=()):
        with own.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else None

    def create(function, language="en", **params):
        created.append(sql("INSERT INTO jobs_job (kind, function, params, state, message, result_file, language,"
                           " created_at) VALUES ('test', %s, %s, 'queued', '', '', %s, now()) RETURNING id",
                           [function, json.dumps(params), language])[0][0])
        return created[-1]

    def state(pk):
        return sql("SELECT state, message FROM jobs_job WHERE id = %s", [pk])[0]

    def half_written(pk):
        return sql("SELECT count(*) FROM jobs_job WHERE kind = 'half-written' AND function = %s",
                   [f"written by job {pk}"])[0][0]

    yield type("Rows", (), {"create": staticmethod(create), "state": staticmethod(state),
                            "half_written": staticmethod(half_written)})
    sql("DELETE FROM jobs_job WHERE id = ANY(%s) OR function LIKE ANY(%s)",
        [created, [f"written by job {pk}" for pk in created] or [""]])
    own.close()


def start(settings, pk):
    settings.OCOP_JOBS_ASYNC = True
    queue().enqueue(execute, pk, None, job_id=rq_id(pk), job_timeout=300)


def running_horse(pk):
    """The work-horse pid job `pk` reported (tests/jobs_samples.write_then_sleep), once it is running."""
    from gis_app.jobs.connection import redis_connection

    message = (redis_connection().hget(progress_key(pk), "message") or b"").decode()
    return int(message.split()[1]) if message.startswith("horse ") else None


def gone(pid):
    """No such process, or a zombie waiting for a reaper: either way it runs no more."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def test_a_killed_job_worker_is_restarted_alone_and_its_job_fails_with_words(settings, rows):
    with supervised(settings) as server:
        web, worker = server.pid("web"), wait_for(lambda: server.pid("jobs"), 30, "the job worker runs")
        slow = rows.create("tests.jobs_samples.write_then_sleep", seconds=120)
        start(settings, slow)
        horse = wait_for(lambda: running_horse(slow), 30, "the job runs")
        assert rows.state(slow)[0] == "running" and not gone(horse)

        os.kill(worker, signal.SIGKILL)
        assert get(server.base + "/api/v1/producers/?limit=1") == 200  # the site does not go down with it
        new = wait_for(lambda: (p := server.pid("jobs")) and p != worker and p, 30, "a new job worker")
        wait_for(lambda: gone(horse), 10, "the orphaned work-horse ends")
        state, message = wait_for(lambda: rows.state(slow)[0] == "failed" and rows.state(slow), 30,
                                  "the job is marked failed")
        assert "worker ended unexpectedly" in message and "start it again" in message
        assert rows.half_written(slow) == 0  # its transaction was rolled back
        assert server.pid("web") == web and get(server.base + "/") == 200

        after = rows.create("tests.jobs_samples.count_to", n=3)
        start(settings, after)
        assert wait_for(lambda: rows.state(after)[0] == "done", 30, "a new job runs to completion")
        assert server.pid("jobs") == new


def test_a_stopped_job_worker_ends_its_horse_and_fails_its_job_in_the_jobs_language(settings, rows):
    with supervised(settings) as server:
        wait_for(lambda: server.pid("jobs"), 30, "the job worker runs")
        slow = rows.create("tests.jobs_samples.write_then_sleep", language="vi", seconds=120)
        start(settings, slow)
        horse = wait_for(lambda: running_horse(slow), 30, "the job runs")
        started = time.monotonic()
        server.ctl("restart", "jobs")  # TERM: RQ alone would wait the 120 s job out
        assert time.monotonic() - started < 12
        assert gone(horse) and rows.half_written(slow) == 0
        state, message = rows.state(slow)
        assert state == "failed" and "tiến trình xử lý bị dừng" in message
        after = rows.create("tests.jobs_samples.count_to", n=2)
        start(settings, after)
        assert wait_for(lambda: rows.state(after)[0] == "done", 30, "the restarted worker runs jobs")


def test_the_site_starts_without_redis_and_the_worker_waits_for_it(settings, rows):
    port = free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    with supervised(settings, redis_url) as server:
        assert get(server.base + "/api/v1/producers/?limit=1") == 200
        worker = wait_for(lambda: server.pid("jobs"), 30, "the job worker runs")
        time.sleep(4)  # past its startsecs: still the same process, waiting, not given up on
        assert server.pid("jobs") == worker and "RUNNING" in server.ctl("status", "jobs")
        redis = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
                                 stdout=subprocess.DEVNULL)
        try:
            settings.REDIS_URL = redis_url
            wait_for(lambda: get(server.base + "/") == 200, 10, "the site answers")
            job = rows.create("tests.jobs_samples.count_to", n=2)
            wait_for(lambda: _try_start(settings, job), 10, "Redis answers")
            assert wait_for(lambda: rows.state(job)[0] == "done", 30, "the worker runs jobs once Redis is back")
            assert server.pid("jobs") == worker
        finally:
            redis.terminate()
            redis.wait(timeout=10)


def _try_start(settings, pk):
    from redis.exceptions import RedisError

    try:
        start(settings, pk)
    except RedisError:
        return False
    return True


def test_the_shipped_supervisors_restart_each_program_alone_and_end_its_whole_group():
    """deploy/: supervisord (make serve) and the systemd units (production) say what the tests above show."""
    import configparser

    conf = configparser.RawConfigParser(inline_comment_prefixes=(";",))
    conf.read(CONFIG)
    for program in ("program:web", "program:jobs"):
        options = dict(conf[program])
        assert {k: options[k] for k in ("autorestart", "stopasgroup", "killasgroup")} == \
            dict.fromkeys(("autorestart", "stopasgroup", "killasgroup"), "true"), program
    assert "jobs_worker" in conf["program:jobs"]["command"] and "gunicorn" in conf["program:web"]["command"]
    serve = (ROOT / "scripts" / "serve.sh").read_text()
    assert "exec \"$OCOP_BIN/supervisord\" -c deploy/supervisord.conf" in serve and "wait -n" not in serve
    for unit, command in (("ocop-web.service", "gunicorn"), ("ocop-jobs.service", "jobs_worker")):
        service = configparser.RawConfigParser(strict=False)
        service.optionxform = str
        service.read(ROOT / "deploy" / "systemd" / unit)
        options = service["Service"]
        assert options["Restart"] == "always" and options["KillMode"] == "control-group", unit
        assert command in options["ExecStart"], unit


def test_serve_sh_hands_over_to_supervisord_with_the_paths_its_config_reads(tmp_path):
    """scripts/serve.sh exports what deploy/supervisord.conf expands and execs supervisord (a stub here)."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "python").symlink_to(sys.executable)
    (fake_bin / "supervisord").write_text('#!/bin/sh\necho "$$ $PPID $*" > "$OUT"; env | grep "^OCOP_" | sort >> "$OUT"\n')
    (fake_bin / "supervisord").chmod(0o755)
    out = tmp_path / "out.txt"
    for extra, starts in (({}, "true"), ({"NO_JOBS_WORKER": "1"}, "false")):
        env = {**os.environ, "PYTHON": str(fake_bin / "python"), "SKIP_COLLECTSTATIC": "1", "PORT": "18999",
               "OUT": str(out), **extra}
        env.pop("OCOP_RUN_DIR", None)
        shell = subprocess.run(["bash", "scripts/serve.sh"], cwd=ROOT, env=env, timeout=60, check=True)
        first, *lines = out.read_text().splitlines()
        assert first.split()[2:] == ["-c", "deploy/supervisord.conf"]
        assert first.split()[1] == str(os.getpid())  # exec: no shell left between the caller and supervisord
        values = dict(line.split("=", 1) for line in lines)
        assert values["OCOP_ROOT"] == str(ROOT) and values["OCOP_BIN"] == str(fake_bin), values
        assert values["OCOP_RUN_DIR"] == str(ROOT / "var" / "run" / "serve-18999")
        assert values["OCOP_START_JOBS_WORKER"] == starts
        assert shell.returncode == 0


def test_a_killed_web_server_is_restarted_alone(settings):
    with supervised(settings) as server:
        web, worker = server.pid("web"), wait_for(lambda: server.pid("jobs"), 30, "the job worker runs")
        os.kill(web, signal.SIGKILL)
        wait_for(lambda: (p := server.pid("web")) and p != web, 30, "a new web server")
        wait_for(lambda: get(server.base + "/api/v1/producers/?limit=1") == 200, 60, "the site answers again")
        assert server.pid("jobs") == worker
