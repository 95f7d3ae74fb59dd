// The option parser: the input's NUL-separated words as amx's arguments,
// parsed with every subcommand's options, conversions and checks; the
// command itself never runs (parsing stops once it is complete, before the
// subcommand's callback).  A usage error is a CLI::Error.
#include <vector>

#include "commands.hpp"
#include "fuzz_target.hpp"

AMX_FUZZ_TARGET(text) {
  CLI::App app{"amx"};
  amx::cli::add_commands(app);
  struct Parsed {};
  app.parse_complete_callback([] { throw Parsed{}; });
  std::vector<std::string> words(1, "amx");
  size_t start = 0;
  for (size_t i = 0; i <= text.size() && words.size() < 64; ++i)
    if (i == text.size() || text[i] == '\0') {
      words.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::Error&) {  // usage errors, --help
  } catch (const Parsed&) {
  }
}
