# Tagmine: `make demo` and `make test` set everything up on a fresh Debian machine and run.

SWIFT ?= swift
# Debian packages the build needs; later modules add theirs here.
APT_PACKAGES := pkg-config libsqlite3-dev libxml2-dev libmecab-dev mecab-ipadic-utf8 \
  libsndfile1-dev libsoxr-dev libkissfft-dev libopenblas-dev libfftw3-dev ffmpeg
# A real browser for the review UI's end-to-end test.
BROWSER_PACKAGES := chromium chromium-driver
BENCH_DIR := .build-bench
# Real audio for benchmarks when it is there (never for tests): the Free Spoken Digit Dataset.
FSDD ?= ../shared/data/fsdd
TEST_DIR := .build-test
BENCH_ROWS ?= 1000000

.PHONY: deps browser-deps apt test-browser build release test lint format demo musicnn-wheel tf-venv musicnn-fixtures bench-import bench-label bench-features bench-train bench-eval bench-serve bench-fft bench-pretrained bench-cnn bench-blas torch-deps cnn-fixtures fuzz clean

# Install missing Debian packages only: no `apt-get update` when everything is present.
deps:
	@$(MAKE) --no-print-directory apt PACKAGES="$(APT_PACKAGES)"

browser-deps:
	@$(MAKE) --no-print-directory apt PACKAGES="$(BROWSER_PACKAGES)"

apt:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$SUDO apt-get update -qq && { $$SUDO apt-get install -y -qq $$missing >/dev/null || \
	    { sleep 5; $$SUDO apt-get install -y -qq $$missing >/dev/null; }; }; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product tagmine

lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests Benchmarks Fuzz

format:
	$(SWIFT) format format --in-place --recursive --parallel Package.swift Sources Tests Benchmarks Fuzz

test: deps lint musicnn-wheel
	$(SWIFT) build --build-tests --explicit-target-dependency-import-check error
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory test-browser

# The musicnn 0.1.0 wheel from PyPI (29 MB; its weights are never committed): the parity tests
# read its TensorFlow checkpoints.
MUSICNN_WHEEL := $(TEST_DIR)/musicnn/musicnn-0.1.0-py3-none-any.whl
musicnn-wheel: $(MUSICNN_WHEEL)
$(MUSICNN_WHEEL):
	python3 -m pip download -q musicnn==0.1.0 --no-deps -d $(TEST_DIR)/musicnn

# Regenerates Tests/PretrainedTests/Fixtures from the original model (TensorFlow CPU in a venv).
TF_VENV := $(BENCH_DIR)/tf-venv
tf-venv:
	@[ -x $(TF_VENV)/bin/python ] || python3 -m venv $(TF_VENV)
	@$(TF_VENV)/bin/python -c "import tensorflow, tf_keras, librosa" 2>/dev/null || \
	  $(TF_VENV)/bin/pip install -q tensorflow-cpu==2.21.0 tf_keras==2.21.0 librosa==0.11.0 soundfile
musicnn-fixtures: musicnn-wheel tf-venv
	rm -rf $(TEST_DIR)/musicnn/unpacked && mkdir -p $(TEST_DIR)/musicnn/unpacked
	cd $(TEST_DIR)/musicnn/unpacked && python3 -m zipfile -e ../musicnn-0.1.0-py3-none-any.whl .
	cd Tests/PretrainedTests/Fixtures && TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 \
	  $(CURDIR)/$(TF_VENV)/bin/python make_musicnn_fixtures.py $(CURDIR)/$(TEST_DIR)/musicnn/unpacked && \
	  TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 $(CURDIR)/$(TF_VENV)/bin/python make_musicnn_gradients.py $(CURDIR)/$(TEST_DIR)/musicnn/unpacked

# PyTorch for the CNN fixtures and benchmark: Debian's CPU build, run by the system Python.
torch-deps:
	@$(MAKE) --no-print-directory apt PACKAGES="python3-torch python3-numpy"

# Regenerates Tests/LearningTests/Fixtures/torch_layers.json (layer and network gradients) with PyTorch.
cnn-fixtures: torch-deps
	cd Tests/LearningTests/Fixtures && /usr/bin/python3 make_torch_fixtures.py

# The review UI in headless Chromium, driven by Selenium, against a server on a generated store.
test-browser: browser-deps musicnn-wheel
	@[ -x $(TEST_DIR)/venv/bin/python ] || python3 -m venv $(TEST_DIR)/venv
	@$(TEST_DIR)/venv/bin/python -c "import selenium" 2>/dev/null || $(TEST_DIR)/venv/bin/pip install -q selenium
	$(TEST_DIR)/venv/bin/python Tests/Browser/review_ui_test.py --tagmine .build/debug/tagmine --work $(TEST_DIR) \
	  --musicnn-wheel $(MUSICNN_WHEEL)

demo: release
	.build/release/tagmine demo --dir demo

# Imports a generated 1M-row tag CSV with Tagmine and with two Python baselines (pandas, plain csv module), in one run.
# (One product per `swift build`: given several --product flags it builds only the last.)
bench-import: release
	$(SWIFT) build -c release --product tagmine-bench-catalog
	python3 Benchmarks/ImportBaseline/run.py --rows $(BENCH_ROWS) --work $(BENCH_DIR) \
	  --tagmine .build/release/tagmine --generator .build/release/tagmine-bench-catalog

# Labels generated English-only and Japanese-only catalogues (emotion + genre) with Tagmine and with
# a plain Python baseline (fugashi for Japanese) in one run; checks both give the same labels.
bench-label: release
	$(SWIFT) build -c release --product tagmine-bench-catalog
	python3 Benchmarks/LabelBaseline/run.py --tracks $(BENCH_ROWS) --work $(BENCH_DIR) --lexicons Lexicons \
	  --tagmine .build/release/tagmine --generator .build/release/tagmine-bench-catalog

# Log-mel of 500 generated 5-second 44.1 kHz clips at 22050 Hz: Tagmine (one job, then the store batch
# with --jobs 1 and 2; the default build (its own FFT) and an FFTW build) against librosa in one process, in
# one run; with the parity figures.
bench-features: release
	TAGMINE_FFT=fftw $(SWIFT) build -c release --scratch-path .build-fftw --product tagmine
	python3 Benchmarks/FeaturesBaseline/run.py --clips 500 --work $(BENCH_DIR) --tagmine .build/release/tagmine \
	  --tagmine-fftw .build-fftw/release/tagmine

# 5-fold out-of-fold prediction on 2,000 generated clips in 50 classes, and where $(FSDD) holds FSDD
# on its 3,000 real clips with speaker-held-out folds: Tagmine softmax regression and MLP against
# scikit-learn's LogisticRegression (lbfgs) and MLPClassifier on the same features and folds, in one run.
bench-train: release
	python3 Benchmarks/TrainBaseline/run.py --clips 2000 --work $(BENCH_DIR) --tagmine .build/release/tagmine \
	  $(if $(wildcard $(FSDD)/labels.csv),--fsdd $(FSDD))

# Classification report + confusion matrix over 1M predictions and confident learning over 100k × 50
# probabilities: Tagmine against scikit-learn and cleanlab on the same data, in one run.
bench-eval: deps
	$(SWIFT) build -c release --product tagmine-bench-eval
	python3 Benchmarks/EvaluationBaseline/run.py --work $(BENCH_DIR) --bench .build/release/tagmine-bench-eval

# One CNN architecture (ARCH, default compact) trained 5-fold on 400 generated 128 x 130 spectrograms by
# Tagmine and by PyTorch on the CPU with the same threads, in one run: seconds per epoch and per 1,000
# predictions, peak memory, accuracy.
ARCH ?= compact
bench-cnn: deps torch-deps
	$(SWIFT) build -c release --product tagmine-bench-cnn
	/usr/bin/python3 Benchmarks/CNNBaseline/run.py --work $(BENCH_DIR) --bench .build/release/tagmine-bench-cnn \
	  --architecture $(ARCH)

# Single-thread sgemm with the kernels OpenBLAS picks itself and with the ones Tagmine's shim selects.
bench-blas: deps
	mkdir -p $(BENCH_DIR)
	cc -O2 -o $(BENCH_DIR)/blas-core Benchmarks/BLASCore/blas_core.c $$(pkg-config --cflags --libs openblas) -lpthread
	$(BENCH_DIR)/blas-core

# wrk against the report, track and predict endpoints of a release server on the demo store.
bench-serve: release
	@$(MAKE) --no-print-directory apt PACKAGES=wrk
	python3 Benchmarks/ServeBench/run.py --work $(BENCH_DIR) --tagmine .build/release/tagmine

# musicnn-msd through Tagmine and through the original (TensorFlow CPU, same thread count) on the same
# generated clips, in one run; then logmel-stats vs musicnn features vs fine-tuning on the demo catalogue.
bench-pretrained: release musicnn-wheel tf-venv
	$(SWIFT) build -c release --product tagmine-bench-finetune
	python3 Benchmarks/PretrainedBaseline/run.py --work $(BENCH_DIR) --tagmine .build/release/tagmine \
	  --wheel $(MUSICNN_WHEEL) --tf-python $(TF_VENV)/bin/python --finetune-bench .build/release/tagmine-bench-finetune $(PRETRAINED_ARGS)

# libFuzzer on every parser (Fuzz/Package.swift), each for FUZZ_SECONDS from the seeds Fuzz/seeds.sh
# writes; a crash, hang (10 s), leak or sanitizer report fails the target. Findings go to $(FUZZ_DIR).
FUZZ_SECONDS ?= 60
FUZZ_DIR := .build-fuzz
FUZZERS := csv xml lexicon keyword-map model-file audio pretrained
fuzz: deps musicnn-wheel
	cd Fuzz && $(SWIFT) build --scratch-path ../$(FUZZ_DIR) -Xswiftc -sanitize=fuzzer,address
	Fuzz/seeds.sh $(FUZZ_DIR)/seeds
	@failed=""; for target in $(FUZZERS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$target $(FUZZ_DIR)/findings/$$target; \
	  echo "== fuzz-$$target ($(FUZZ_SECONDS) s)"; \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/Fuzz/lsan-suppressions.txt \
	  $(FUZZ_DIR)/debug/fuzz-$$target -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/findings/$$target/ \
	    $(FUZZ_DIR)/corpus/$$target $(FUZZ_DIR)/seeds/$$target 2>&1 \
	    | grep -E 'stat::number_of_executed_units|DONE|ERROR|SUMMARY' || true; \
	  [ -z "$$(ls -A $(FUZZ_DIR)/findings/$$target)" ] || failed="$$failed $$target"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzzing found problems in:$$failed (inputs in $(FUZZ_DIR)/findings)"; exit 1; fi

# The STFT's transform (n_fft 2048), one core: KissFFT and FFTW3 (C) and Tagmine's own SIMD FFT
# in alternating rounds, with the ratios, in one run.
bench-fft: deps
	mkdir -p $(BENCH_DIR)
	$(SWIFT) build -c release --product tagmine-bench-fft
	$(CC) -O2 -o $(BENCH_DIR)/fft_choice Benchmarks/FFTChoice/fft_choice.c -lkissfft-float -lfftw3f -lm
	python3 Benchmarks/FFTBaseline/run.py --choice $(BENCH_DIR)/fft_choice --bench .build/release/tagmine-bench-fft \
	  --work $(BENCH_DIR)

clean:
	rm -rf .build $(BENCH_DIR) demo
