# kiemtra: `make run` sets everything up, ingests corpora/samples and serves http://127.0.0.1:5000;
# `make test` runs the whole test suite. Both are safe to run again.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast lint bench samples clean

setup: $(STAMP)

$(STAMP): setup.cfg constraints.txt scripts/install-system-packages
	bash scripts/install-system-packages
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: setup
	$(VENV)/bin/kiemtra ingest corpora/samples
	$(VENV)/bin/kiemtra serve --host 127.0.0.1 --port 5000

test: setup lint
	$(PY) -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; exit 1; fi; \
	exit $$rc

# the development lane: no Elasticsearch, browser, LibreOffice or queue (`make test` runs everything)
test-fast: setup lint
	$(PY) -m pytest -m "not elasticsearch and not browser and not libreoffice and not queue"

lint: setup
	$(VENV)/bin/ruff check .

samples: setup
	$(PY) corpora/make_samples.py

clean:
	rm -rf $(VENV) instance .pytest_cache
