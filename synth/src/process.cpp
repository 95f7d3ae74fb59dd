// posix_spawnp with an argument vector and the output sent to a log file:
// no shell ever sees a file name or an option value.
#include "amx/synth/process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "amx/golden/error.hpp"

extern char** environ;

namespace amx::synth {

namespace {

// posix_spawn file actions and attributes, released on every path.
struct SpawnActions {
  posix_spawn_file_actions_t fa;
  SpawnActions() { posix_spawn_file_actions_init(&fa); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&fa); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
};

}  // namespace

int run_process(const std::vector<std::string>& argv, const std::string& log) {
  if (argv.empty() || argv[0].empty()) throw Error("internal: run_process without a program");
  // Open the log here, so that a bad path is reported as such.
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error("cannot open the log " + log + ": " + std::strerror(errno));
  SpawnActions act;
  posix_spawn_file_actions_addopen(&act.fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&act.fa, fd, 1);
  posix_spawn_file_actions_adddup2(&act.fa, fd, 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  const int rc = posix_spawnp(&pid, argv[0].c_str(), &act.fa, nullptr, args.data(), environ);
  ::close(fd);
  if (rc != 0) throw Error("cannot run " + argv[0] + ": " + std::strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw Error("waiting for " + argv[0] + ": " + std::strerror(errno));
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

std::string shell_command(const std::vector<std::string>& argv) {
  std::string s;
  for (const std::string& a : argv) s += (s.empty() ? "" : " ") + shell_quote(a);
  return s;
}

}  // namespace amx::synth
