"""Importing a module changes nothing process-wide: rdflib's plugins and the forkserver's preload stay as they were.

Each check runs in a fresh interpreter, since this test process has long since imported everything.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_PROCESS_STATE = """
import multiprocessing.forkserver as forkserver
import rdflib.plugin

def state():
    plugins = {key: (p.module_path, p.class_name) for key, p in rdflib.plugin._plugins.items()}
    return plugins, list(forkserver._forkserver._preload_modules)

before = state()
import {module}
after = state()
assert after == before, (
    [k for k in after[0] if after[0][k] != before[0].get(k)], before[1], after[1])
"""


@pytest.mark.parametrize(
    "module", ["graph.validate", "api.workers", "api.app", "api.settings", "graph.load_unit", "cislunar_kg.cli"]
)
def test_importing_leaves_plugins_and_forkserver_preload_alone(module: str) -> None:
    code = _PROCESS_STATE.replace("{module}", module)
    _run_fresh(code)


def test_the_first_worker_sets_the_preload_and_validation_installs_the_cache() -> None:
    """What the imports no longer do is done where it is needed, and doing it twice changes nothing."""
    code = """
import multiprocessing.forkserver as forkserver
import rdflib.plugin
from rdflib.query import Processor
from api import workers
from graph import sparql_parse_cache, validate

workers.prepare_forkserver(); workers.prepare_forkserver()
assert forkserver._forkserver._preload_modules == ["api.execute"], forkserver._forkserver._preload_modules
sparql_parse_cache.install()
plugin = rdflib.plugin._plugins[("sparql", Processor)]
sparql_parse_cache.install()
assert rdflib.plugin._plugins[("sparql", Processor)] is plugin
assert rdflib.plugin.get("sparql", Processor) is sparql_parse_cache.CachingSPARQLProcessor
"""
    _run_fresh(code)


def _run_fresh(code: str) -> None:
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=False)
    assert run.returncode == 0, run.stderr[-2000:]
