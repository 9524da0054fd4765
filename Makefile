# gamenight — the two commands: `make run` and `make test`.
SWIFT ?= swift
PYTEST ?= python3 -m pytest
JOBS ?= $(shell nproc)

.PHONY: run test build release unit-test integration-test bench clean

## make run: build release and start every service under the supervisor
## (SQLite files and sockets under ./data; Ctrl-C stops everything).
run: release
	./.build/release/gamenight-run

release:
	@./scripts/ensure-deps.sh
	$(SWIFT) build -c release -j $(JOBS)

build:
	@./scripts/ensure-deps.sh --test
	$(SWIFT) build --build-tests -j $(JOBS)

## make test: unit tests (swift test) then integration tests that start the
## real executables and talk to them over real sockets (pytest).
test: build
	$(SWIFT) test --skip-build
	GAMENIGHT_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) -q Tests/integration

unit-test: build
	$(SWIFT) test --skip-build

integration-test: build
	GAMENIGHT_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) -q Tests/integration

## make bench: release build, then wrk against a running system; see bench/.
bench: release
	@./scripts/ensure-deps.sh --bench
	GAMENIGHT_BIN_DIR=$$($(SWIFT) build -c release --show-bin-path) ./bench/run.sh

clean:
	rm -rf .build
