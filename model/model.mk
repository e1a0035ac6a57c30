# model/: the functional core and the cycle-accurate timing layer (SPEC 5).
# Included by the top Makefile (BUILD, CC, CFLAGS_COMMON, INCLUDES come from it).

MODEL_SRCS  := $(wildcard model/core/*.c) $(wildcard model/timing/*.c)
MODEL_OBJS  := $(patsubst %.c,$(BUILD)/%.o,$(MODEL_SRCS))
MODEL_LIB   := $(BUILD)/model/libvnrmodel.a
MODEL_HDRS  := $(wildcard model/include/*.h) $(wildcard model/timing/*.h)
MODEL_CFLAGS := $(CFLAGS_COMMON) -Imodel/include -Imodel/timing

MODEL_TEST_SRCS := $(wildcard model/tests/*.c)
MODEL_TEST_BIN  := $(BUILD)/model/tests/model_test
MODEL_TEST_LIBS := -lisal  # crc32_iscsi: the CRC-32C reference (test_ingress.c)

.PHONY: model model-test

model: $(MODEL_LIB)

$(BUILD)/model/%.o: model/%.c $(MODEL_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(MODEL_CFLAGS) -c $< -o $@

$(MODEL_LIB): $(MODEL_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(MODEL_TEST_BIN): $(MODEL_TEST_SRCS) $(wildcard model/tests/*.h) $(MODEL_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(MODEL_CFLAGS) -Imodel/tests $(MODEL_TEST_SRCS) $(MODEL_LIB) $(MODEL_TEST_LIBS) -o $@

model-test: $(MODEL_TEST_BIN)
	$(MODEL_TEST_BIN)
