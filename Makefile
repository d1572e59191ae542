# georeg: `make run` serves the registry with sample data; `make test` runs every test.
.PHONY: setup run test lint bench

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
	.venv/bin/georeg db up
	.venv/bin/ruff check .
	.venv/bin/pytest -n 4 --dist loadfile --durations=15  # four processes on two cores: a browser module keeps a core busy a third of its time (measured: CPU of the test, Chromium and PostgreSQL against its wall time), the rest it waits on pages; the slowest tests named (the suite must stay well under 15 min)

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
