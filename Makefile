# Every target works on a fresh clone with only Python 3.11 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: all install demo test lint format bench bench-clean bench-clean-html bench-facts bench-ner bench-e2e bench-speed bench-crawl fuzz clean

all: test lint

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/factpull extract samples/ --glob '*.txt' | $(BIN)/python -m json.tool --json-lines

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks fuzz
	$(BIN)/ruff format --check src tests benchmarks fuzz
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks fuzz
	$(BIN)/ruff check --fix src tests benchmarks fuzz

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# Benchmarks read ../shared/bench (SHARED=...); without it they say so and stop cleanly.
bench-clean: $(STAMP)
	benchmarks/bench_clean.sh $(SHARED) $(BIN)/factpull

# The same pages from their original HTML (../shared/bench/boilerplate/dev-html/ID.html.gz).
bench-clean-html: $(STAMP)
	benchmarks/bench_clean_html.sh $(SHARED) $(BIN)/factpull

bench-facts: $(STAMP)
	$(BIN)/python benchmarks/facts_bench.py --shared $(SHARED)

bench-ner: $(STAMP)
	$(BIN)/python benchmarks/ner_bench.py --shared $(SHARED)

# 18 real pages annotated by hand, the whole pipeline (page text in, facts out); see $(SHARED)/bench/e2e/dev/README.md.
bench-e2e: $(STAMP)
	@if [ ! -f $(SHARED)/bench/e2e/dev/e2e.jsonl ]; then \
		echo "bench-e2e: $(SHARED)/bench/e2e/dev not found (the benchmark data lives beside the project in ../shared); skipped"; \
	else \
		python3 $(SHARED)/bench/score_e2e.py $(SHARED)/bench/boilerplate/dev $(SHARED)/bench/e2e/dev/e2e.jsonl --cmd "$(BIN)/factpull extract -"; \
	fi

fuzz: $(STAMP)
	$(BIN)/python fuzz/fuzz.py --seconds 120

bench-speed: $(STAMP)
	$(BIN)/python benchmarks/speed.py --shared $(SHARED)

bench-crawl: $(STAMP)
	$(BIN)/python benchmarks/crawl_bench.py --shared $(SHARED)

bench: bench-clean bench-clean-html bench-facts bench-ner bench-e2e bench-speed bench-crawl

# The HTML report in a real browser (Debian's chromium: apt-get install -y chromium); not part of `make test`.
test-browser: $(STAMP)
	FACTPULL_BROWSER_TEST=1 $(BIN)/python -m pytest -q -rs tests/browser
.PHONY: test-browser
