# georeg: `make run` serves the registry with sample data; `make test` runs every test.
.PHONY: setup run test test-down lint bench

# The test suite's own cluster, beside the developer's .pgdata (left untouched), without fsync: the suite drops a few
# hundred databases a run, each an immediate checkpoint that fsync made wait on the disk; thrown away, so a crash
# that corrupts it costs nothing (GEOREG_LOCAL_DB_FSYNC in docs/settings.md).
TEST_CLUSTER = GEOREG_LOCAL_DB_DIR=$(CURDIR)/.pgdata-test GEOREG_LOCAL_DB_PORT=54339 GEOREG_LOCAL_DB_FSYNC=false

# Bytecode written even where the environment says not to (PYTHONDONTWRITEBYTECODE, set in the shells of the machines
# the suite was measured on): a worker's collection compiled every module and rewrote every test module's asserts,
# 16-17 s of CPU against 8 s from __pycache__ (git-ignored), three workers a run, every run. A fresh clone's workers
# still compile side by side at their start; the commands tests start afterwards, and every later run, read it.
WITH_BYTECODE = PYTHONDONTWRITEBYTECODE=

setup:
	bash scripts/setup.sh

run: setup
	.venv/bin/georeg db up
	.venv/bin/georeg db migrate
	.venv/bin/georeg load-sample
	.venv/bin/georeg forest demo --year 2024
	.venv/bin/georeg serve

test:
	bash scripts/setup.sh --test
	$(TEST_CLUSTER) .venv/bin/georeg db up
	.venv/bin/ruff check .
	$(TEST_CLUSTER) $(WITH_BYTECODE) .venv/bin/pytest -n 3 --dist loadfile --durations=15  # three processes on two cores (four measured no faster on a fresh clone: 920 s of tests for 1,738 against 896 for 1,687 with three); the slowest tests named (the suite must stay well under 15 min)

test-down:  # stops the test suite's cluster (.ci/run does so at its end)
	$(TEST_CLUSTER) .venv/bin/georeg db down

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
