# Compiles one Verilated model as two translation units instead of one per
# generated file.  Each of Verilator's files includes verilated.h (and
# systemc.h for a SystemC model), and parsing those headers was most of a
# model's compile time: 0.3 s of a block_dot model's 0.45 s per file, 0.65 s
# of a co-simulation array's 0.8 s.  One unit holds the hot code (OPT_FAST),
# the other the cold (constructors, initial settle: OPT_SLOW), so each
# keeps the optimisation Verilator intends for it.
#
# Run in the model's --Mdir:  make -f vl_unity.mk VM_PREFIX=<prefix> [OPT_FAST=..]
# Makes <prefix>__unity.a.  Verilator's own file lists, flags and compile
# rules come from the generated <prefix>.mk, which this includes.

include $(VM_PREFIX).mk

UNITY_FAST := $(addsuffix .cpp,$(VM_CLASSES_FAST) $(VM_SUPPORT_FAST))
UNITY_SLOW := $(addsuffix .cpp,$(VM_CLASSES_SLOW) $(VM_SUPPORT_SLOW))

$(VM_PREFIX)__unity_fast.cpp: $(UNITY_FAST)
	printf '#include "%s"\n' $^ > $@
$(VM_PREFIX)__unity_slow.cpp: $(UNITY_SLOW)
	printf '#include "%s"\n' $^ > $@

# The fast unit goes through verilated.mk's %.o rule (OPT_FAST); the slow
# one needs its own.
$(VM_PREFIX)__unity_slow.o: $(VM_PREFIX)__unity_slow.cpp
	$(OBJCACHE) $(CXX) $(CXXFLAGS) $(CPPFLAGS) $(OPT_SLOW) -c -o $@ $<

$(VM_PREFIX)__unity.a: $(VM_PREFIX)__unity_fast.o $(VM_PREFIX)__unity_slow.o
	rm -f $@
	$(AR) -rcs $@ $^
