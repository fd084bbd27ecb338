# KalamDB build. Needs only Go; `make compat` (real client suites) is separate.
GO      ?= go
BIN     := bin/kalamdb
TIMEOUT ?= 600s

.PHONY: build run test compat vet fmt clean

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

vet:
	$(GO) vet ./...

fmt:
	gofmt -s -w .

clean:
	rm -rf bin
