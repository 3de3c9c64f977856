# The two commands of the README: `make run` and `make test`. Both bootstrap first.
VENV := .venv
BIN := $(VENV)/bin
CHECKED := app wallet risk ui resources tests benchmarks

.PHONY: run test bootstrap lint typecheck contracts pytest bundle bench translations clean

# The main job on its embedded default: the desktop app (demo mode on first run: the
# software device on testnet and the sample portfolio, nothing sent anywhere). With no
# display (a server, a container) the engine's report on the demo portfolio instead.
run: bootstrap
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
		$(BIN)/coldsplit gui; \
	else \
		echo "No display: running the headless demo (coldsplit risk report --portfolio demo)."; \
		$(BIN)/coldsplit risk report --portfolio demo; \
	fi

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

# Japanese .qm from the .ts sources (the .qm is committed; tests check it matches).
translations: bootstrap
	bash scripts/build_translations.sh

bench: bootstrap
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache
