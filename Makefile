# The README's commands. Each one is idempotent: it installs what is missing, configures once,
# builds incrementally.
#   make run     dependencies, build, then start the main job
#   make test    dependencies, build, then every test through ctest
#   make bench   dependencies, build, then the benchmarks in tests/bench
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
CTEST_FLAGS ?=

ifeq ($(CI),true)
CMAKE_FLAGS += -DTUGBOAT_WERROR=ON
endif

.PHONY: all deps configure build run test bench clean

all: build

deps:
	@sh packaging/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/daemon/tugboatd server $(RUN_ARGS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) $(CTEST_FLAGS)

bench: build
	sh tests/bench/run.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
