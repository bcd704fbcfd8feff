# Two commands on a fresh machine with Swift (see README.md, "Try it in two commands"):
#   make demo    the demo: a simulated cluster and a chat in your terminal (swift run nexboard demo)
#   make test    the tests, as CI runs them (.ci/run)
# Each first installs the Debian or Ubuntu packages it needs when they are missing: with apt-get as
# root, through sudo otherwise; with neither it says what to run. Without dpkg (macOS) it installs
# nothing.

# The system libraries the build links: SQLite (GRDB) and libcurl (email).
PACKAGES := libsqlite3-dev libcurl4-openssl-dev
# .ci/run also needs a Python venv for the real peers the tests talk to (it installs them there,
# pinned: prometheus-pve-exporter, aiosmtpd, jsonschema, prometheus-client, matrix-synapse==1.163.2),
# and Prometheus (a real server for the monitoring tests; promtool checks /metrics and the alerting
# rules in deploy/), and headless Chromium with Debian's noVNC and term.js for the console page's test.
TEST_PACKAGES := $(PACKAGES) python3-venv prometheus chromium novnc libjs-term.js

# What answers "is this package installed?"; override it to try the other path:
#   make -n demo DPKG_QUERY=false
DPKG_QUERY ?= dpkg-query
USER_ID ?= $(shell id -u)
SUDO ?= $(shell command -v sudo)

# The packages of $(1) that are not installed.
missing = $(shell command -v $(firstword $(DPKG_QUERY)) >/dev/null || exit 0; \
	for package in $(1); do $(DPKG_QUERY) -W -f='$${Status}\n' $$package 2>/dev/null | grep -q 'ok installed' || echo $$package; done)
# apt-get as root, through sudo otherwise; empty when neither is possible.
apt_get = $(if $(filter 0,$(USER_ID)),apt-get,$(if $(SUDO),$(SUDO) apt-get))
# The command that installs the packages $(1) (nothing when $(1) is empty), or says what to run.
install = $(if $(1),$(if $(apt_get),$(apt_get) update -q && $(apt_get) install -y -q --no-install-recommends $(1),\
	@echo "Missing packages: $(1). As root, run: apt-get update && apt-get install -y $(1)" >&2 && exit 1))

.PHONY: demo test packages test-packages

demo: packages
	swift run nexboard demo

test: test-packages
	.ci/run

packages:
	$(call install,$(call missing,$(PACKAGES)))

test-packages:
	$(call install,$(call missing,$(TEST_PACKAGES)))
