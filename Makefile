# gamenight — the two commands: `make run` and `make test`.
SWIFT ?= swift
PYTEST ?= python3 -m pytest
JOBS ?= $(shell nproc)

.PHONY: run test build release unit-test integration-test faults browser-test fuzz bench clean static-release install systemd-test

## make run: build release and start every service under the supervisor
## (SQLite files and sockets under ./data; Ctrl-C stops everything).
run: release
	./.build/release/gamenight-run

release:
	@./scripts/ensure-deps.sh
	$(SWIFT) build -c release -j $(JOBS)

build:
	@./scripts/ensure-deps.sh --test --faults --browser
	$(SWIFT) build --build-tests -j $(JOBS)

## make test: every test. Unit tests (swift test); then, against the real
## executables over real sockets (pytest): the integration tests, the fault
## tests (kill -9 under load, full and read-only disks; root, as they mount
## file systems) and the dashboard in headless Chromium.
test: build
	$(SWIFT) test --skip-build
	GAMENIGHT_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) -q Tests/integration
	GAMENIGHT_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) -q -s Tests/faults
	GAMENIGHT_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) -q Tests/browser

unit-test: build
	$(SWIFT) test --skip-build

integration-test: build
	GAMENIGHT_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) -q Tests/integration

## make faults: kill -9 of every service under a mixed load, a full disk and
## a read-only file system under the running system, and both at start
## (Tests/faults; root only: it mounts tmpfs and loop file systems). -s
## prints the figures docs/reliability.md quotes.
faults: build
	@./scripts/ensure-deps.sh --faults
	GAMENIGHT_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) -q -s Tests/faults

## make browser-test: the dashboard and overlay in headless Chromium
## (Selenium) against the real executables; see Tests/browser.
browser-test: build
	@./scripts/ensure-deps.sh --browser
	GAMENIGHT_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) -q Tests/browser

## make bench: release build, then wrk against a running system; see bench/.
bench: release
	@./scripts/ensure-deps.sh --bench
	GAMENIGHT_BIN_DIR=$$($(SWIFT) build -c release --show-bin-path) ./bench/run.sh

## make static-release: release binaries with the Swift standard library
## linked in (they need only glibc, libsqlite3 and libcurl on the target).
STATIC_BUILD ?= .build-static
static-release:
	@./scripts/ensure-deps.sh
	$(SWIFT) build -c release --static-swift-stdlib -j $(JOBS) --scratch-path $(STATIC_BUILD)

## make install [DESTDIR=/some/root]: the static binaries, systemd units,
## sysusers.d and tmpfiles.d entries (see docs/deploy.md). Into / it also
## creates the users and the socket folder and reloads systemd.
install: static-release
	DESTDIR="$(DESTDIR)" ./scripts/install.sh "$$($(SWIFT) build -c release --scratch-path $(STATIC_BUILD) --show-bin-path)"

## make systemd-test: installs into a Debian root made by debootstrap (cached
## in /var/cache/gamenight-systemd-test), boots it with systemd-nspawn and
## checks the real units (Tests/systemd). Root only.
systemd-test: static-release
	@./scripts/ensure-deps.sh --systemd-test
	GAMENIGHT_BIN_DIR=$$($(SWIFT) build -c release --scratch-path $(STATIC_BUILD) --show-bin-path) \
		python3 Tests/systemd/systemd_test.py

## make fuzz [FUZZ_SECONDS=60]: libFuzzer + AddressSanitizer targets for the
## pure parsers, each run FUZZ_SECONDS; fails on any crash, leak, hang or
## broken property (fuzz/README.md). Needs only the Swift toolchain.
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./fuzz/run.sh

clean:
	rm -rf .build $(STATIC_BUILD) .build-fuzz
