# Two user commands: `make app` and `make test`. Both create .venv on first use.
# Needs only python3 (with venv) and make.

PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed

# `make app ADDRESS=0.0.0.0` to serve on all interfaces; PORT likewise.
ADDRESS ?= localhost
PORT    ?= 8501
# `make app SAMPLES=300`: the draws every new session starts with (default 1000; fewer
# answers a full workshop room faster, see the README's "Serving a workshop").
SAMPLES ?=
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k app -x"`.
PYTEST_ARGS ?=

.PHONY: app workshop warm test golden bench venv clean

venv: $(STAMP)

# Re-installs only when pyproject.toml is newer than the stamp.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -e '.[test]'
	@touch $(STAMP)

# Loads (the first time after installing or after a model change: compiles, about a minute)
# the model kernel before any server starts, so the first participant does not wait for it
# and several servers do not compile it at once. A failure is shown, not fatal: the app
# then says what is wrong itself.
warm: $(STAMP)
	@echo "samenleven: preparing the model (once after installing or a model change: about a minute)"
	@$(VENV)/bin/samenleven run baseline > /dev/null 2> $(VENV)/warm.log || cat $(VENV)/warm.log

app: warm
	SAMENLEVEN_SAMPLES=$(SAMPLES) $(VENV)/bin/streamlit run app.py --server.headless true \
		--browser.gatherUsageStats false \
		--server.address $(ADDRESS) --server.port $(PORT)

# `make workshop SERVERS=2 ADDRESS=0.0.0.0`: one server per core, on ports PORT, PORT+1, ...
# (give each half of the room its own address). Each server's model kernel runs on one
# thread, so the servers do not fight over the cores. Ctrl-C stops them all.
SERVERS ?= 2
workshop: warm
	@trap 'kill 0' INT TERM; \
	for k in $$(seq 0 $$(($(SERVERS) - 1))); do \
		echo "server $$((k + 1)) of $(SERVERS): http://$(ADDRESS):$$(($(PORT) + k))"; \
		SAMENLEVEN_THREADS=1 SAMENLEVEN_SAMPLES=$(SAMPLES) $(VENV)/bin/streamlit run app.py \
			--server.headless true --browser.gatherUsageStats false \
			--server.address $(ADDRESS) --server.port $$(($(PORT) + k)) & \
	done; wait

test: $(STAMP)
	$(PY) -m pytest -q $(PYTEST_ARGS)

# Rewrites tests/golden/baseline.csv after an intended change of the model's numbers.
golden: $(STAMP)
	$(PY) -m model.run.golden --write

bench: $(STAMP)
	$(PY) bench/bench_engine.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .import_linter_cache artifacts
