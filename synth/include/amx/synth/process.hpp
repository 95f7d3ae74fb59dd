// The one way amx runs another program: an argument vector handed to
// posix_spawnp, never a shell command line, so no character of a file name
// or an option value can become a command.  Job files for a shell (GNU
// parallel, Slurm) quote every argument with shell_quote.
#pragma once

#include <string>
#include <vector>

namespace amx::synth {

// Runs argv (argv[0] searched in PATH unless it holds a '/') with standard
// input from /dev/null and standard output and error into log (created or
// truncated).  Returns the exit status, or 128 + the signal that ended it.
// Throws amx::Error when the program cannot be started or log cannot be
// opened.
int run_process(const std::vector<std::string>& argv, const std::string& log);

// s as one word for a POSIX shell: single quotes, each ' as '\''.
std::string shell_quote(const std::string& s);
// The words joined by spaces, each quoted (for logs and job files).
std::string shell_command(const std::vector<std::string>& argv);

}  // namespace amx::synth
