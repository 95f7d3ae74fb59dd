// A driver for the fuzz targets without libFuzzer (any compiler; the
// sanitizer build's ctest runs it): every file of the corpus directories
// given, then random mutations of them (byte flips, insertions, deletions,
// splices) for --seconds, from --seed.  A crash, hang or sanitizer report
// stops it like libFuzzer would; coverage-guided runs are scripts/fuzz.sh.
//   fuzz_<target> [--seconds S] [--seed N] DIR|FILE...
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void run(const std::string& s) { LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

std::string mutate(std::string s, const std::vector<std::string>& corpus, std::mt19937_64& rng) {
  const auto pick = [&](size_t n) { return n ? static_cast<size_t>(rng() % n) : 0; };
  static const char* const kTokens[] = {"\0", "\xff", "-1", "0", "1e999", "nan", "&a", "*a", "[", "{", ",", "\"",
                                        "\n", ":", "18446744073709551616", "'shape': (", "--"};
  for (int n = 1 + static_cast<int>(rng() % 4); n > 0; --n) {
    switch (rng() % 6) {
      case 0:
        if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << (rng() % 8));
        break;
      case 1:
        s.insert(pick(s.size() + 1), 1, static_cast<char>(rng()));
        break;
      case 2:
        if (!s.empty()) s.erase(pick(s.size()), 1 + pick(std::min<size_t>(s.size(), 16)));
        break;
      case 3: {
        const char* t = kTokens[pick(std::size(kTokens))];
        s.insert(pick(s.size() + 1), t[0] ? std::string(t) : std::string(1, '\0'));
        break;
      }
      case 4: {  // a piece of another input
        const std::string& o = corpus[pick(corpus.size())];
        if (!o.empty()) {
          const size_t a = pick(o.size());
          s.insert(pick(s.size() + 1), o.substr(a, 1 + pick(o.size() - a)));
        }
        break;
      }
      default:  // a repeated piece: sizes and nesting
        if (!s.empty() && s.size() < (1u << 16)) {
          const size_t a = pick(s.size());
          const std::string piece = s.substr(a, 1 + pick(std::min<size_t>(s.size() - a, 64)));
          for (int r = static_cast<int>(rng() % 16); r > 0; --r) s.insert(a, piece);
        }
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 0;
  uint64_t seed = 1;
  std::vector<std::string> corpus;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (a == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::vector<std::filesystem::path> files;
      if (std::filesystem::is_directory(a)) {
        for (const auto& e : std::filesystem::directory_iterator(a))
          if (e.is_regular_file()) files.push_back(e.path());
      } else {
        files.push_back(a);
      }
      for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) {
          std::fprintf(stderr, "cannot read %s\n", f.c_str());
          return 2;
        }
        corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      }
    }
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "usage: %s [--seconds S] [--seed N] CORPUS-DIR|FILE...\n", argv[0]);
    return 2;
  }
  for (const std::string& s : corpus) run(s);
  std::mt19937_64 rng(seed);
  uint64_t runs = corpus.size();
  const auto t0 = std::chrono::steady_clock::now();
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < seconds) {
    run(mutate(corpus[rng() % corpus.size()], corpus, rng));
    ++runs;
  }
  std::printf("%s: %llu inputs (%zu from the corpus), no crash\n", argv[0], static_cast<unsigned long long>(runs),
              corpus.size());
  return 0;
}
