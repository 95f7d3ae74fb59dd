// Opens a co-simulation array's plugin (tb/cosim/rtl_plugin.cpp) and makes
// its model.  A plugin is opened once and stays loaded: the SystemC kernel
// keeps pointers into it until the process ends.
#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "amx/golden/error.hpp"
#include "cosim.hpp"
#include "rtl_mac_array.hpp"

namespace amx::tb {

std::string cosim_plugin_dir() {
  if (const char* env = std::getenv("AMX_COSIM_DIR"); env && *env) return env;
  char exe[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) throw Error("cannot find the running binary (/proc/self/exe) to locate the co-simulation arrays; set AMX_COSIM_DIR");
  exe[n] = '\0';
  return (std::filesystem::path(exe).parent_path().parent_path() / "lib" / "amx").string();
}

std::unique_ptr<rtl_mac_array> make_rtl(const CosimEntry& e, bool trace) {
  static std::map<std::string, const RtlPlugin*> opened;
  const std::string path = cosim_plugin_dir() + "/" + e.target + ".so";
  const RtlPlugin*& plugin = opened[path];
  if (!plugin) {
    if (access(path.c_str(), F_OK) != 0)
      throw Error(fmt::format(
          "the RTL array of {} at {}x{} (tier {}) is not built: build it with `cmake --build build --target {}`, or "
          "every array with the target `full` (scripts/test.sh --full); looked for {}",
          e.cfg.name, e.rows, e.cols, synth::tier_name(e.tier), e.target, path));
    void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) throw Error(fmt::format("cannot load the co-simulation array {}: {}", path, dlerror()));
    using Entry = const RtlPlugin* (*)();
    const auto entry = reinterpret_cast<Entry>(dlsym(h, kRtlPluginSymbol));
    const RtlPlugin* p = entry ? entry() : nullptr;
    const std::string want = "Vcs_" + e.target.substr(std::string("cosim_").size());
    if (!p || p->abi != kRtlPluginAbi || want != p->prefix)
      throw Error(fmt::format("{} is not the co-simulation array {} of this build (rebuild the target {})", path, want,
                              e.target));
    plugin = p;
  }
  return std::unique_ptr<rtl_mac_array>(plugin->make("rtl", trace));
}

}  // namespace amx::tb
