# The two commands of the README: `make run` and `make test`. Both bootstrap first.
VENV := .venv
BIN := $(VENV)/bin
CHECKED := app wallet risk ui resources tests benchmarks

.PHONY: run test bootstrap lint typecheck contracts pytest bundle bench clean

# The main job on its embedded default. Until the GUI lands, the best headless job is
# the cascade engine's report on the bundled demo portfolio (no network, no device).
run: bootstrap
	$(BIN)/coldsplit risk report --portfolio demo

test: bootstrap lint typecheck contracts pytest

bootstrap:
	@bash scripts/bootstrap.sh

lint:
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)

typecheck:
	$(BIN)/mypy

contracts:
	$(BIN)/lint-imports

pytest:
	bash scripts/with-test-services.sh $(BIN)/python -m pytest

bundle: bootstrap
	$(BIN)/pyinstaller --noconfirm --clean pyinstaller.spec
	dist/coldsplit/coldsplit --self-test

bench: bootstrap
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache
