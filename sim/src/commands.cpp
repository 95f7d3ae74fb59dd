// The subcommands of amx and what they share (commands.hpp); main.cpp
// parses with them, the option parser's fuzz target (sim/fuzz) too.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "amx/golden/error.hpp"
#include "commands.hpp"

void amx::cli::add_commands(CLI::App& app) {
  app.require_subcommand(1);
  add_quantize(app);
  add_gemm(app);
  add_formats(app);
  add_study(app);
  add_bench(app);
  add_model(app);
  add_equiv(app);
  add_ppa(app);
  add_sim(app);
  add_sweep(app);
}

void amx::cli::prepare_out_dir(const std::string& option, const std::string& dir) {
  if (dir.empty()) throw amx::Error(option + " is empty");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw amx::Error(option + " " + dir + ": cannot create the directory (" +
                     (ec ? ec.message() : std::string("a file is in the way")) + ")");
  if (access(dir.c_str(), W_OK | X_OK) != 0) throw amx::Error(option + " " + dir + ": the directory is not writable");
}

int& amx::cli::exit_status() {
  static int status = 0;
  return status;
}

namespace {

std::vector<std::string> split_list(const std::string& name, const std::string& text) {
  std::vector<std::string> items;
  if (text.empty()) return items;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == ',') {
      items.push_back(text.substr(start, i - start));
      if (items.back().empty()) throw CLI::ValidationError(name, "'" + text + "' has an empty item (a comma list)");
      start = i + 1;
    }
  return items;
}

std::string join(const std::vector<std::string>& items) {
  std::string s;
  for (const std::string& i : items) s += (s.empty() ? "" : ",") + i;
  return s;
}

}  // namespace

CLI::Option* amx::cli::add_list(CLI::App* app, const std::string& name, std::vector<std::string>& items,
                                const std::string& desc) {
  CLI::Option* o = app->add_option_function<std::string>(
      name, [&items, name](const std::string& text) { items = split_list(name, text); }, desc);
  if (!items.empty()) o->default_str(join(items));
  return o;
}

CLI::Option* amx::cli::add_list(CLI::App* app, const std::string& name, std::vector<double>& items,
                                const std::string& desc) {
  return app->add_option_function<std::string>(
      name,
      [&items, name](const std::string& text) {
        items.clear();
        for (const std::string& item : split_list(name, text)) {
          errno = 0;
          char* end = nullptr;
          const double v = std::strtod(item.c_str(), &end);
          if (end != item.c_str() + item.size() || errno == ERANGE)
            throw CLI::ValidationError(name, "'" + item + "' is not a number");
          items.push_back(v);
        }
      },
      desc);
}
