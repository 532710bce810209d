"""Run PostgreSQL's client tools (pg_dump, pg_restore) against a Django database configuration.

The password goes through the PGPASSWORD environment variable, never the
command line (where `ps` would show it to every user of the machine).
"""
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import dj_database_url
from django.conf import settings


def database_config(database_url: str | None = None) -> Mapping[str, Any]:
    """The connection settings of `database_url`, or of the default database."""
    if database_url:
        return dj_database_url.parse(database_url)
    return settings.DATABASES["default"]


def connection_args(config: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """(command-line options without the password, environment holding it) for `config`."""
    args = []
    if config.get("HOST"):
        args += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        args += ["--port", str(config["PORT"])]
    if config.get("USER"):
        args += ["--username", str(config["USER"])]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return args, env


def run_streaming(command: Sequence[str], env: dict[str, str], on_line: Callable[[str], object]) -> int:
    """Run `command`, calling `on_line` with each line of its stderr (pg tools' verbose output); returns the exit code."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None  # stderr=PIPE
    for line in process.stderr:
        on_line(line.rstrip("\n"))
    return process.wait()
