# Paperwire's everyday commands. `make run` serves the demo site; `make test`
# is the test command CI runs.
GO          ?= go
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
export CGO_ENABLED ?= 0

.PHONY: run build test test-short test-race lint fuzz bench demo clean

run:
	$(GO) run ./cmd/paperwire serve

build:
	$(GO) build -trimpath -ldflags "-s -w" -o paperwire ./cmd/paperwire

# The full suite: unit, store, protocol replay, binary and headless-browser tests.
test:
	$(GO) test -count=1 -timeout 25m ./...

# Skips the slow end-to-end tests (browser, real binary).
test-short:
	$(GO) test -short -count=1 ./...

# The race detector over the packages that run work concurrently (the web
# server, stores, the search indexes read beside their batches and the caches
# derived from them, indexes kept in step, imports, limiters, serve). It needs
# cgo and a C compiler for the tests only; the binary stays pure Go.
RACE_PKGS ?= ./web/... ./store/... ./search/... ./instance/... ./ingest/... ./auth/... ./internal/... ./cmd/...
test-race:
	CGO_ENABLED=1 $(GO) test -race -short -count=1 -timeout 25m $(RACE_PKGS)

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(STATICCHECK) ./...

# Runs every fuzz target for FUZZTIME each (go test allows one target per run).
FUZZTIME ?= 20s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Rebuilds the bundled demo corpus from the daily crawl (needs ../shared/data).
demo:
	cd demo && $(GO) generate

clean:
	rm -rf paperwire paperwire-data
