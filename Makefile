# The Makefile only bootstraps .venv and hands over to invoke (tasks.py), where the work lives.
# `make html` and `make test` are all a fresh machine needs.

PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.requirements-installed
INVOKE := $(VENV)/bin/invoke

.PHONY: html test serve clean publish rollback check help docs
.PHONY: new-article new-bulletin new-qa new-document new-task new-call import-legacy livereload install-hooks

help:
	@echo "make html   build the site into output/"
	@echo "make test   run the whole test suite"
	@echo "make serve  build, serve at http://127.0.0.1:8000, rebuild + reload on change"
	@echo "make clean  remove output/ and the build cache"
	@echo "make docs   build the documentation (docs/) into site-docs/, strict"
	@echo "make check  check every content file (FIX=1: first repair NFC, BOM, Word line breaks)"
	@echo 'make new-article TITLE="..." CATEGORY="..."   (also new-bulletin, new-qa FIELD=, new-document TYPE= FIELD= [NUMBER=] [DRAFT=1],'
	@echo '   new-task CODE= LEVEL= FIELD= [HOST= INVESTIGATOR= STARTS= ENDS= BUDGET= STAGE=], new-call KIND= TASKS="code ..." [NUMBER= CLOSES=])'
	@echo 'make import-legacy PATHS="page.html export.txt" [CATEGORY=...] [LEGACY_URL=...]'
	@echo "make install-hooks  install the git pre-commit hook (runs the checker)"
	@echo "make publish   build with publishconf.py, check, upload a release, switch to it"
	@echo "make rollback  switch the live site back to the previous release"

# Reinstall whenever the pinned requirements or the package definition change. The
# project itself goes in editable (no dependencies: requirements.txt pinned them all),
# so plugins/ is importable from .venv's Python without any sys.path edit.
$(STAMP): requirements.txt pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

html: $(STAMP)
	$(INVOKE) build

test: $(STAMP)
	$(INVOKE) test

serve: $(STAMP)
	$(INVOKE) serve

clean: $(STAMP)
	$(INVOKE) clean

docs: $(STAMP)
	$(INVOKE) docs

# --- Editors' commands (docs/bien-tap/) -------------------------------
check: $(STAMP)
	$(INVOKE) check $(if $(FIX),--fix)

livereload: serve

new-article: $(STAMP)
	$(INVOKE) new-article --title "$(TITLE)" --category "$(CATEGORY)" \
	  $(if $(SLUG),--slug "$(SLUG)") $(if $(AUTHOR),--author "$(AUTHOR)")

new-bulletin: $(STAMP)
	$(INVOKE) new-bulletin --title "$(TITLE)" $(if $(NUMBER),--number $(NUMBER)) \
	  $(if $(YEAR),--year $(YEAR))

new-qa: $(STAMP)
	$(INVOKE) new-qa --title "$(TITLE)" --field "$(FIELD)" $(if $(ASKER),--asker "$(ASKER)")

new-document: $(STAMP)
	$(INVOKE) new-document --title "$(TITLE)" --type "$(TYPE)" --field "$(FIELD)" \
		$(if $(ISSUER),--issuer "$(ISSUER)") $(if $(NUMBER),--number "$(NUMBER)") \
		$(if $(SIGNER),--signer "$(SIGNER)") $(if $(DRAFT),--draft) \
		$(if $(CLOSES),--closes "$(CLOSES)")

new-task: $(STAMP)
	$(INVOKE) new-task --title "$(TITLE)" --code "$(CODE)" --level "$(LEVEL)" \
		--field "$(FIELD)" $(if $(HOST),--host "$(HOST)") \
		$(if $(INVESTIGATOR),--investigator "$(INVESTIGATOR)") \
		$(if $(STARTS),--starts "$(STARTS)") $(if $(ENDS),--ends "$(ENDS)") \
		$(if $(BUDGET),--budget "$(BUDGET)") $(if $(STAGE),--stage "$(STAGE)")

# TASKS: the codes of the call's tasks, space-separated (codes hold no spaces).
new-call: $(STAMP)
	$(INVOKE) new-call --title "$(TITLE)" --kind "$(KIND)" \
		$(foreach code,$(TASKS),--task "$(code)") $(if $(NUMBER),--number "$(NUMBER)") \
		$(if $(OPENS),--opens "$(OPENS)") $(if $(CLOSES),--closes "$(CLOSES)")

import-legacy: $(STAMP)
	$(INVOKE) import-legacy "$(PATHS)" $(if $(CATEGORY),--category "$(CATEGORY)") \
	  $(if $(LEGACY_URL),--legacy-url "$(LEGACY_URL)") \
	  $(if $(IMAGE),--image "$(IMAGE)") $(if $(ILLUSTRATION),--illustration)

install-hooks: $(STAMP)
	$(INVOKE) install-hooks

publish: $(STAMP)
	$(INVOKE) publish

rollback: $(STAMP)
	$(INVOKE) rollback
