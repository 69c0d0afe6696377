# AISecOps: run `make help` for the targets.
GO       ?= go
BUILD    := build
CORPUS   ?= ../shared/corpus
POLICY   ?= envoy/policy.example.json
GOFILES   = $(shell git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './build/*')

.DEFAULT_GOAL := help

.PHONY: help
help: ## Show this help
	@awk 'BEGIN{FS=":.*## "} /^[a-zA-Z_-]+:.*## /{printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## Build the CLI into build/
	$(GO) build -o $(BUILD)/aisecops ./cmd/aisecops

.PHONY: test
test: build ## Run every test (what CI runs)
	GOOS=wasip1 GOARCH=wasm $(GO) build ./rules/...
	$(GO) test -count=1 ./...

.PHONY: lint
lint: ## go vet and gofmt
	$(GO) vet ./...
	@out=$$(gofmt -l $(GOFILES)); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

.PHONY: check
check: lint ## Fail when gofmt or go mod tidy would change files
	$(GO) mod tidy -diff

.PHONY: eval
eval: build ## Detection quality on $(CORPUS) with the default policy
	$(BUILD)/aisecops eval --corpus $(CORPUS)

.PHONY: bench
bench: ## Benchmarks (adapters and evaluation)
	$(GO) test -run '^$$' -bench . -benchmem ./rules/...

.PHONY: demo
demo: build ## Scan the bundled sample payloads and print the verdicts
	@echo "policy: $(POLICY)"
	@$(BUILD)/aisecops policy validate $(POLICY)
	@echo; echo "requests (agent -> LLM / MCP / A2A):"
	@$(BUILD)/aisecops scan --summary --policy $(POLICY) --direction request testdata/samples/request/*.json; [ $$? -le 1 ]
	@echo; echo "responses (LLM / MCP -> agent):"
	@$(BUILD)/aisecops scan --summary --policy $(POLICY) --direction response testdata/samples/response/*.json; [ $$? -le 1 ]

.PHONY: clean
clean: ## Remove build outputs
	rm -rf $(BUILD)
