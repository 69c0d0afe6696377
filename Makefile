# AISecOps: run `make help` for the targets.
GO       ?= go
BUILD    := build
# Tests, demo and run read the build from here (a build directory of one's
# own: make test BUILD=/tmp/b).
export AISECOPS_BUILD := $(abspath $(BUILD))
CORPUS   ?= ../shared/corpus
POLICY   ?= envoy/policy.example.json
GOFILES   = $(shell git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './build/*')

.DEFAULT_GOAL := help

.PHONY: help
help: ## Show this help
	@awk 'BEGIN{FS=":.*## "} /^[a-zA-Z_-]+:.*## /{printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## Build the CLI, the filter (build/aisecops.wasm; aisecops-fault.wasm, a test build), the sandbox-runner and its tools
	$(GO) build -o $(BUILD)/aisecops ./cmd/aisecops
	$(GO) build -o $(BUILD)/sandbox-runner ./sandbox-runner
	GOOS=wasip1 GOARCH=wasm $(GO) build -o $(BUILD)/tools/starlark.wasm ./sandbox-runner/tools/starlark
	GOOS=wasip1 GOARCH=wasm $(GO) build -o $(BUILD)/tools/sh.wasm ./sandbox-runner/tools/sh
	GOOS=wasip1 GOARCH=wasm $(GO) build -buildmode=c-shared -o $(BUILD)/aisecops.wasm ./filter
	@# Test build with the fault-injection hook (filter.fault_injection_header); never deploy it.
	GOOS=wasip1 GOARCH=wasm $(GO) build -tags aisecops_fault -buildmode=c-shared -o $(BUILD)/aisecops-fault.wasm ./filter
	GOOS=wasip1 GOARCH=wasm $(GO) build -buildmode=c-shared -o $(BUILD)/noop.wasm ./bench/noopfilter

# The engine's packages: they compile natively and to wasip1, and their
# tests run inside Wasm too.
ENGINE := ./rules/ ./internal/jsonx/ ./internal/wire/ ./internal/config/ ./internal/inject/... ./internal/toolgate/

.PHONY: test
test: build ## Run every test (what CI runs), natively and the engine inside Wasm
	GOOS=wasip1 GOARCH=wasm $(GO) build ./rules/... $(ENGINE)
	$(GO) test -count=1 -timeout 20m ./...
	$(GO) test -count=1 -tags aisecops_fault -run 'Fault|Panic' ./filter/internal/plugin/
	$(GO) build -o $(BUILD)/wasmexec ./bench/wasmexec
	GOOS=wasip1 GOARCH=wasm $(GO) test -count=1 -exec $(AISECOPS_BUILD)/wasmexec $(ENGINE)

# Pinned by module version: the proxy refuses the release name 2025.1.1 (403).
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: lint
lint: ## go vet, staticcheck (pinned) and gofmt
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	@out=$$(gofmt -l $(GOFILES)); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

.PHONY: check
check: lint ## Fail when gofmt or go mod tidy would change files
	$(GO) mod tidy -diff

.PHONY: eval
eval: build ## Detection quality on $(CORPUS) with the default policy
	$(BUILD)/aisecops eval --corpus $(CORPUS)

.PHONY: eval-lofo
eval-lofo: build ## Leave one source group (groups.json) out: retrain on the other groups' trainable files, score it
	$(BUILD)/aisecops eval --corpus $(CORPUS) --lofo

.PHONY: train
train: build ## Retrain internal/inject/model.bin on the $(CORPUS) files named in internal/inject/model.sources
	$(BUILD)/aisecops train --corpus $(CORPUS) --sources internal/inject/model.sources --out internal/inject/model.bin

.PHONY: bench
bench: build ## Benchmarks: rules (vs gjson walk and regexp), filter vs no-op filter, runner latency
	$(GO) test -run '^$$' -bench . -benchmem ./rules/...
	$(GO) test -run '^$$' -bench . -benchmem ./bench/...
	$(GO) test -run '^$$' -bench . -benchtime=200x ./sandbox-runner/internal/sandbox/

.PHONY: bench-wasm
bench-wasm: ## The same benchmarks inside Wasm (wazero), without the slow regexp baseline
	$(GO) build -o $(BUILD)/wasmexec ./bench/wasmexec
	cd rules && GOOS=wasip1 GOARCH=wasm $(GO) test -exec $(AISECOPS_BUILD)/wasmexec -run '^$$' -bench 'Evaluate/(evaluate|gjson)|Extract/' -benchmem .

.PHONY: demo
RUNTIME ?= wazero
demo: build ## Run every scenario through the compiled filter (fakes, real SDKs, live runner) and print what happened (RUNTIME=v8: in V8, Node 20)
	$(GO) run ./e2e/cmd/demo -runtime $(RUNTIME)

.PHONY: run
run: build ## The same stack under real Envoy (ENVOY_BIN, PATH or func-e) for manual use
	$(GO) run ./e2e/cmd/run

.PHONY: scan-samples
scan-samples: build ## Scan the bundled sample payloads with the example policy and print the verdicts
	@$(BUILD)/aisecops scan --summary --policy $(POLICY) --direction request testdata/samples/request/*.json; [ $$? -le 1 ]
	@$(BUILD)/aisecops scan --summary --policy $(POLICY) --direction response testdata/samples/response/*.json; [ $$? -le 1 ]

.PHONY: oci
oci: build ## Package build/aisecops.wasm as an OCI image layout (build/oci) for Istio
	$(BUILD)/aisecops oci --wasm $(BUILD)/aisecops.wasm --out $(BUILD)/oci

.PHONY: clean
clean: ## Remove build outputs
	rm -rf $(BUILD)
