# KalamDB build. Needs only Go; `make compat` (real client suites) is separate.
GO      ?= go
BIN     := bin/kalamdb
TIMEOUT ?= 600s

.PHONY: build run test vet fmt clean

build:
	$(GO) build -o $(BIN) .

run: build
	./$(BIN) serve

test: vet
	$(GO) test -timeout $(TIMEOUT) ./...

vet:
	$(GO) vet ./...

fmt:
	gofmt -s -w .

clean:
	rm -rf bin
