# The two commands of the README:  `make book`  and  `make test`.
# Both create (or reuse) the virtual environment .venv and install what they need.
SHELL := bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# The notebooks' kernel must be the one in .venv.
export PATH := $(abspath $(VENV))/bin:$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

help:
	@echo "make book       build the HTML book into _build/html (strict: warnings are errors)"
	@echo "make test       run every test: lib, nbval (strict), the book build, browser tests, the Binder rehearsal"
	@echo "make test-lib   the fast loop: lib's tests and doctests, widget frames, static checks of the chapters"
	@echo "make notebooks  re-execute the notebooks in place to refresh their stored outputs"
	@echo "make serve      serve _build/html on http://127.0.0.1:8000 as a static host does (gzip, MIME types)"
	@echo "make lab        open the notebooks in JupyterLab"
	@echo "make bench      run the benchmarks and print their table (incl. Lighthouse on every page)"
	@echo "make bench-pages  Lighthouse only, on every page of _build/html served gzip-compressed"
	@echo "make bench-build  cold build vs its imports-only floor, and a warm one-chapter rebuild"
	@echo "make clean      remove _build"

$(VENV)/.book-installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.book-installed requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

venv: $(VENV)/.book-installed

# Incremental: Sphinx re-reads (so re-executes) only the notebooks that changed, and widget frames
# come from the frame cache (_build/.frame-cache, see lib/widgets/_core.py) while lib is unchanged.
# Sphinx does not know that every notebook runs lib: when lib, the config, the book's extension or
# the environment changed, start from scratch; after a failed build too, so that an unchanged page
# reports its warnings again.  (Deleting _build/jupyter_execute alone would re-execute every notebook
# with a figure: Sphinx counts a missing image as a changed dependency.)  CI builds a clean clone.
# vendor/ too: Sphinx copies the static files only when some page is rebuilt, so an edited
# lib-pages.css would otherwise never reach _build/html.
LIB_FILES := $(shell find lib sphinxext vendor -type f -not -path '*/__pycache__/*')
_build/.fresh-since: $(LIB_FILES) _config.yml _toc.yml $(VENV)/.book-installed
	rm -rf _build/html _build/.doctrees _build/jupyter_execute
	mkdir -p _build && touch $@

book: $(VENV)/.book-installed _build/.fresh-since
	jupyter-book build . -W -n --keep-going || { rm -f _build/.fresh-since; exit 1; }

test: $(VENV)/.test-installed book
	$(PY) -m pytest

test-lib: $(VENV)/.test-installed
	$(PY) -m pytest -o addopts="--doctest-modules -ra" -m "not browser and not binder" lib tests

notebooks: $(VENV)/.book-installed
	$(PY) scripts/refresh_notebooks.py

# Like a static host: text gzip-compressed, explicit MIME types (scripts/serve.py, standard library only).
serve:
	$(PY) scripts/serve.py --bind 127.0.0.1 --port 8000 _build/html

lab: $(VENV)/.book-installed
	jupyter lab book/

bench: $(VENV)/.test-installed
	$(PY) benchmarks/run.py
	$(MAKE) bench-pages

# The build alone (also part of `make bench`): cold build vs its imports-only floor, warm one-chapter rebuild.
bench-build: $(VENV)/.book-installed
	$(PY) benchmarks/build_part.py

# Lighthouse needs Node and npm (test/benchmark tools only; the book's build never needs Node).
benchmarks/js/node_modules/.bin/lighthouse: benchmarks/js/package.json benchmarks/js/package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix benchmarks/js --no-audit --no-fund
	touch $@

bench-pages: $(VENV)/.test-installed benchmarks/js/node_modules/.bin/lighthouse
	test -d _build/html/book || $(MAKE) book
	$(PY) benchmarks/pages.py

clean:
	rm -rf _build

.PHONY: help venv book test test-lib notebooks serve lab bench bench-pages bench-build clean
