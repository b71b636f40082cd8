# Tadafur: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# This machine's pip.conf names local mirrors that may be absent: hide only those warnings.
QUIET_PIP := 2>&1 | { grep -v '^WARNING: Location' || true; }
.DEFAULT_GOAL := run
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
export PORT

.PHONY: run test install install-test setup messages static demo lock bench clean worker

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip $(QUIET_PIP)

$(VENV)/.installed: requirements.lock pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -r requirements.lock $(QUIET_PIP)
	touch $@

$(VENV)/.installed-test: requirements-test.lock $(VENV)/.installed
	$(PIP) install -q -r requirements-test.lock $(QUIET_PIP)
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test node_modules/.installed
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests (apt-get)..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { echo "Could not install chromium: run 'sudo apt-get install chromium' and retry."; exit 1; }; \
	fi

# axe-core for the accessibility tests, pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Compile the .po catalogues; only the ones that changed.
messages: install
	@if [ -d locale ]; then $(PY) manage.py compilemessages --ignore=.venv -v 0; fi

static: install messages
	@$(PY) manage.py collectstatic --noinput -v 0

setup: install messages static
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py load_territories
	@$(PY) manage.py load_demo

run: setup
	@echo "Tadafur on http://127.0.0.1:$(PORT)/ar/  (Ctrl-C to stop)"
	@exec $(PY) -m config.serve

worker: setup
	@exec $(PY) manage.py rqworker default --with-scheduler

test: install-test messages
	@echo "== lint (ruff) =="
	@$(PY) -m ruff check . && $(PY) -m ruff format --check -q .
	@echo "== dependency audit (pip-audit $(PIP_AUDIT_VERSION)) of requirements.lock and requirements-test.lock =="
	@$(MAKE) -s $(AUDIT_VENV)/.installed >/dev/null 2>&1 || echo "(pip-audit $(PIP_AUDIT_VERSION) could not be installed)"
	@$(PYTHON) scripts/audit.py --pip-audit $(AUDIT_VENV)/bin/pip-audit $(AUDIT_LOCKS)
	@# With DATABASE_URL set (CI), the PostgreSQL pass runs beside the SQLite one: each pytest uses
	@# about one core, so the two passes take the time of the longer one. Its output follows.
	@pg_log=$$(mktemp); pg_pid=; \
	if [ -n "$$DATABASE_URL" ]; then \
	  echo "== test suite on $${DATABASE_URL%%:*} (REDIS_URL=$${REDIS_URL:-none}), in the background =="; \
	  $(PY) -m pytest -q -p no:cacheprovider > "$$pg_log" 2>&1 & pg_pid=$$!; \
	fi; \
	echo "== test suite on SQLite =="; \
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -q; sqlite_rc=$$?; pg_rc=0; \
	if [ -n "$$pg_pid" ]; then \
	  wait $$pg_pid; pg_rc=$$?; \
	  echo "== test suite on $${DATABASE_URL%%:*} (REDIS_URL=$${REDIS_URL:-none}) =="; cat "$$pg_log"; \
	fi; \
	rm -f "$$pg_log"; \
	if [ $$sqlite_rc -ne 0 ] || [ $$pg_rc -ne 0 ]; then \
	  echo "test suite FAILED (SQLite: exit $$sqlite_rc, PostgreSQL: exit $$pg_rc)"; exit 1; \
	fi

bench: install-test messages
	$(PY) -m bench

lock:
	bash scripts/lock.sh

# Dependency audit (issue 8 §2): the pinned pip-audit, in a tool virtualenv of its own inside .venv
# (it adds nothing to the application's or the tests' packages), checks both lock files against
# PyPI's and OSV's advisory data; scripts/audit.py reads its report. In `make test` (CI) a vulnerable
# pin fails the run, and advisory data that cannot be reached prints "dependency audit NOT
# performed: <why>" without failing it. `make audit` is strict: an audit that could not be made
# fails too (exit 2). AUDIT_SERVICE=pypi or osv asks only that one.
# See docs/decisions/0812-dependency-audit-in-ci.md.
.PHONY: audit
AUDIT_VENV := $(VENV)/audit-tool
PIP_AUDIT_VERSION := 2.10.1
AUDIT_SERVICE ?=
# Advisory ids judged not to apply to Tadafur, each with the decision that says why (none today).
AUDIT_IGNORE :=
AUDIT_LOCKS := -r requirements.lock -r requirements-test.lock $(foreach id,$(AUDIT_IGNORE),--ignore $(id))

$(AUDIT_VENV)/.installed: | $(VENV)/bin/python
	$(PYTHON) -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/pip install -q pip-audit==$(PIP_AUDIT_VERSION) $(QUIET_PIP)
	touch $@

audit: $(AUDIT_VENV)/.installed
	@echo "== dependency audit (pip-audit $(PIP_AUDIT_VERSION)) of requirements.lock and requirements-test.lock =="
	@$(PYTHON) scripts/audit.py --strict --pip-audit $(AUDIT_VENV)/bin/pip-audit \
	  $(if $(AUDIT_SERVICE),--service $(AUDIT_SERVICE)) $(AUDIT_LOCKS)

clean:
	rm -rf staticfiles var/*.sqlite3* .pytest_cache
