# The Makefile only bootstraps .venv and hands over to invoke (tasks.py), where the work lives.
# `make html` and `make test` are all a fresh machine needs.

PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.requirements-installed
INVOKE := $(VENV)/bin/invoke

.PHONY: html test serve clean publish rollback check help

help:
	@echo "make html   build the site into output/"
	@echo "make test   run the whole test suite"
	@echo "make serve  build and serve the site at http://127.0.0.1:8000"
	@echo "make clean  remove output/ and the build cache"
	@echo "make publish   build with publishconf.py, check, upload a release, switch to it"
	@echo "make rollback  switch the live site back to the previous release"

# Reinstall whenever the pinned requirements change.
$(STAMP): requirements.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

html: $(STAMP)
	$(INVOKE) build

test: $(STAMP)
	$(INVOKE) test

serve: $(STAMP)
	$(INVOKE) serve

clean: $(STAMP)
	$(INVOKE) clean

publish: $(STAMP)
	$(INVOKE) publish

rollback: $(STAMP)
	$(INVOKE) rollback
