// One co-simulation array as a plugin: built once per registry array
// (tb/CMakeLists.txt: AMX_DUT is its Verilated model, AMX_DUT_HEADER the
// model's header) into lib/amx/cosim_<engine>_<R>x<C>.so, which `amx equiv`
// opens when that array is asked for.
#include "rtl_mac_array_of.hpp"
#include AMX_DUT_HEADER
#include "verilated.h"

#define AMX_STR2(x) #x
#define AMX_STR(x) AMX_STR2(x)

extern "C" const amx::tb::RtlPlugin* amx_cosim_plugin() {
  static const amx::tb::RtlPlugin plugin{amx::tb::kRtlPluginAbi, AMX_STR(AMX_DUT),
                                         [](const char* name, bool trace) -> amx::tb::rtl_mac_array* {
                                           // Verilator connects traces only when tracing was on as the
                                           // model was made.
                                           if (trace) Verilated::traceEverOn(true);
                                           return new amx::tb::rtl_mac_array_of<AMX_DUT>(name);
                                         }};
  return &plugin;
}
