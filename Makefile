# KalamDB build. Needs only Go; `make compat` (real client suites) is separate.
GO      ?= go
BIN     := bin/kalamdb
TIMEOUT ?= 600s

.PHONY: build run test compat bench vet fmt clean

build:
	$(GO) build -o $(BIN) .

run: build
	./$(BIN) serve

test: vet
	$(GO) test -timeout $(TIMEOUT) ./...

# Real clients (psql, node-postgres, psycopg2, pgjdbc) against a fresh server;
# testdata/clients/install.sh installs what they need.
compat: build
	testdata/clients/run.sh

# Side by side with a private PostgreSQL 15: pgbench -S (prepared, simple), TPC-B and COPY,
# e.g. `make bench SCALE=1 DURATION=5`; BENCH_SELFTEST=1 puts PostgreSQL in both slots.
bench: build
	SCALE=$(SCALE) DURATION=$(DURATION) CLIENTS=$(CLIENTS) ROUNDS=$(ROUNDS) \
		COPY_ROWS=$(COPY_ROWS) KALAMDB_BIN=$(BIN) testdata/bench/run.sh

vet:
	$(GO) vet ./...

fmt:
	gofmt -s -w .

clean:
	rm -rf bin
