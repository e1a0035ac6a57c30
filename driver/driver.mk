# driver/: the host driver library (libvnrdrv.a), vnrctl, and the driver tests.
#
#   make vnrctl        build/bin/vnrctl (links the simulation and model libraries)
#   make driver-test   unit tests (devmem bus on a file), backend tests on the model
#                      and the RTL (when sim/ builds it), vnrctl argument tests
#
# DRIVER_LIB depends on neither sim/ nor model/: the runner bus and the traffic
# commands call vnr_runner_* / vnr_pcap_* and are resolved when a binary links.

DRIVER_SRCS     := $(wildcard driver/lib/*.c)
DRIVER_OBJS     := $(DRIVER_SRCS:%.c=$(BUILD)/%.o)
DRIVER_LIB      := $(BUILD)/driver/libvnrdrv.a
VNRCTL          := $(BUILD)/bin/vnrctl
DRIVER_CFLAGS    = $(CFLAGS_COMMON) $(INCLUDES) -Idriver/lib -MMD -MP
DRIVER_TESTS    := $(BUILD)/driver/tests
# what a binary with the simulation backends links. sim/sim.mk is included after
# this file, so prerequisites that name its libraries are written $$(...) and
# expanded a second time (.SECONDEXPANSION). DRIVER_RTL_LIB=build/sim/rtl_none.o
# builds and tests without Verilator (the rtl and cosim backends then SKIP).
DRIVER_RTL_LIB  ?= $(SIM_RTL_LIB)
DRIVER_SIM_LIBS  = $(SIM_LIB) $(DRIVER_RTL_LIB) $(MODEL_LIB)
DRIVER_LINK      = $(CXX) -o $@ $(filter-out $(DRIVER_SIM_LIBS),$(filter %.o,$^)) -Wl,--start-group $(DRIVER_LIB) \
		   $(DRIVER_SIM_LIBS) -Wl,--end-group $(SIM_LDLIBS) -lm
# the backend tests need the model and the runner; the RTL when sim/ builds it
DRIVER_HAVE_SIM  = $(and $(strip $(SIM_LIB)),$(strip $(MODEL_LIB)))

.PHONY: vnrctl driver-test driver-lib
.SECONDEXPANSION:

driver-lib: $(DRIVER_LIB)
vnrctl: $(VNRCTL)

$(BUILD)/driver/%.o: driver/%.c
	@mkdir -p $(@D)
	$(CC) $(DRIVER_CFLAGS) -c $< -o $@

$(DRIVER_LIB): $(DRIVER_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(VNRCTL): $(BUILD)/driver/vnrctl.o $(DRIVER_LIB) $$(DRIVER_SIM_LIBS)
	@mkdir -p $(@D)
	$(DRIVER_LINK)

# unit tests: the devmem bus on a regular file; sim symbols are stubs
$(DRIVER_TESTS)/test_unit: $(DRIVER_TESTS)/test_unit.o $(DRIVER_TESTS)/stub_sim.o $(DRIVER_LIB)
	$(CC) -o $@ $(filter %.o,$^) $(DRIVER_LIB)

# the rule table: builder and commands on an emulated egress block
$(DRIVER_TESTS)/test_rules: $(DRIVER_TESTS)/test_rules.o $(DRIVER_TESTS)/stub_sim.o $(DRIVER_LIB)
	$(CC) -o $@ $(filter %.o,$^) $(DRIVER_LIB)

# the ingress commands: devmem on a file and an emulated ingress block
$(DRIVER_TESTS)/test_ingress: $(DRIVER_TESTS)/test_ingress.o $(DRIVER_TESTS)/stub_sim.o $(DRIVER_LIB)
	$(CC) -o $@ $(filter %.o,$^) $(DRIVER_LIB)

$(DRIVER_TESTS)/test_backend.o: DRIVER_CFLAGS += -DVNR_TEST_NUM_VF=$(NUM_VF)
$(DRIVER_TESTS)/test_backend: $(DRIVER_TESTS)/test_backend.o $(DRIVER_LIB) $$(DRIVER_SIM_LIBS)
	$(DRIVER_LINK)

DRIVER_TEST_BINS = $(DRIVER_TESTS)/test_unit $(DRIVER_TESTS)/test_rules $(DRIVER_TESTS)/test_ingress \
		   $(if $(DRIVER_HAVE_SIM),$(DRIVER_TESTS)/test_backend $(VNRCTL))

driver-test: $$(DRIVER_TEST_BINS)
	@sh driver/tests/run.sh "$(DRIVER_TESTS)" "$(if $(DRIVER_HAVE_SIM),$(VNRCTL))"

-include $(DRIVER_OBJS:.o=.d) $(BUILD)/driver/vnrctl.d $(wildcard $(DRIVER_TESTS)/*.d)
