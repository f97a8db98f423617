# handbook: the two commands that matter are `make serve` and `make test`.
GO       ?= go
BIN      := bin/handbook
COMMIT   := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
LDFLAGS  := -X handbook/internal/cli.Commit=$(COMMIT)
ADDR     ?= 127.0.0.1:8080

.PHONY: all build site serve test test-short fuzz bench lint clean

all: build

## build: compile the handbook binary into bin/
build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/handbook

## site: build the repository's handbook into public/
site: build
	$(BIN) build

## serve: build the handbook and serve it with search at http://127.0.0.1:8080
serve: build
	$(BIN) serve --watch --addr $(ADDR)

FUZZTIME ?= 10s

## test: every test: unit, golden, CLI, browser (headless Chromium) and every fuzz
## target's seed corpus. Deterministic: no open-ended fuzzing (that is `make fuzz`).
test: build
	@start=$$(date +%s); \
	$(GO) vet ./... && \
	$(GO) test -count=1 -timeout 20m ./...; \
	rc=$$?; echo "make test: wall time $$(( $$(date +%s) - start )) s"; exit $$rc

## fuzz: run each fuzz target for FUZZTIME (for people and scheduled jobs, not `make test`);
## a find lands in testdata/fuzz: fix it and commit both
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzFrontMatter$$' -fuzztime $(FUZZTIME) ./internal/load
	$(GO) test -run '^$$' -fuzz '^FuzzLinks$$' -fuzztime $(FUZZTIME) ./internal/link
	$(GO) test -run '^$$' -fuzz '^FuzzHandler$$' -fuzztime $(FUZZTIME) ./internal/search
	$(GO) test -run '^$$' -fuzz '^FuzzMayHavePlaceholder$$' -fuzztime $(FUZZTIME) ./internal/validate
	$(GO) test -run '^$$' -fuzz '^FuzzLayoutAndMarkdown$$' -fuzztime $(FUZZTIME) ./internal/build

## test-short: the fast tests only (no browser, no fuzzing)
test-short:
	$(GO) test -short ./...

## bench: Go benchmarks plus the side-by-side comparison with Hugo (installs Hugo and Pagefind when missing)
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./internal/...
	./scripts/bench.sh

## lint: formatting and vet
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt: the files above need formatting"; exit 1; }
	$(GO) vet ./...

clean:
	rm -rf bin public
