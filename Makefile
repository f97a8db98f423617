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

## test: lint, then every test: unit, golden, CLI, browser (headless Chromium) and every
## fuzz target's seed corpus. Deterministic: no open-ended fuzzing (that is `make fuzz`).
test: build
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory lint && \
	$(GO) test -count=1 -timeout 20m ./...; \
	rc=$$?; echo "make test: wall time $$(( $$(date +%s) - start )) s"; exit $$rc

## fuzz: run each fuzz target for FUZZTIME (for people and scheduled jobs, not `make test`);
## a find lands in testdata/fuzz: fix it and commit both. Shrinking each new input for up to
## the default minute left FuzzSite (whole builds) fuzzing a few seconds in three minutes.
FUZZ = $(GO) test -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s -fuzz
fuzz:
	$(FUZZ) '^FuzzFrontMatter$$' ./internal/load
	$(FUZZ) '^FuzzLinks$$' ./internal/link
	$(FUZZ) '^FuzzHandler$$' ./internal/search/web
	$(FUZZ) '^FuzzMayHavePlaceholder$$' ./internal/validate
	$(FUZZ) '^FuzzSite$$' ./internal/build
	$(FUZZ) '^FuzzLayoutAndMarkdown$$' ./internal/build

## test-short: the fast tests only (no browser, no fuzzing)
test-short:
	$(GO) test -short ./...

## bench: Go benchmarks plus the side-by-side comparison with Hugo (installs Hugo and Pagefind when missing)
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./internal/...
	./scripts/bench.sh

## lint: formatting, vet, go.mod/go.sum as `go mod tidy` leaves them, and third_party/go-graphviz
## as upstream + its patch (about 3 s)
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt: the files above need formatting"; exit 1; }
	$(GO) vet ./...
	@$(GO) mod tidy -diff || { echo "go mod tidy: go.mod/go.sum differ from the above; run go mod tidy"; exit 1; }
	@bash scripts/go-graphviz.sh check

## clean: the binary, the output, its twin and the build cache
clean:
	rm -rf bin public .public.twin .handbook-cache
