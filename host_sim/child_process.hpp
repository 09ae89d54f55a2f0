// child_process.hpp: another program run as a child process with its stdin and stdout on pipes,
// spoken to a line at a time: how the race and crash tests and the benchmark drive several
// `psp-host transition-worker` processes, as several host processes would share one database.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace psp::host_sim {

class ChildProcess {
  public:
    // Starts argv[0] (a path) with `argv`; its stderr stays the caller's. Throws
    // std::runtime_error when it cannot be started.
    explicit ChildProcess(const std::vector<std::string> &argv);
    // Kills the child if it still runs, and reaps it.
    ~ChildProcess();
    ChildProcess(const ChildProcess &) = delete;
    ChildProcess &operator=(const ChildProcess &) = delete;

    pid_t pid() const { return pid_; }
    // Writes `line` and a newline to the child's stdin. False when the child is gone.
    bool send_line(const std::string &line);
    // The child's next stdout line without its newline; nullopt at end of file (it exited or
    // was killed; a last line it could not finish does not count).
    std::optional<std::string> read_line();
    // Sends SIGKILL; safe from another thread while this one blocks in read_line.
    void kill_now();
    // Closes the child's stdin and waits for it: its exit status, or 128 + the signal.
    int wait();

  private:
    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    std::FILE *stdout_ = nullptr;
    bool reaped_ = false;
    int exit_status_ = 0;
};

}  // namespace psp::host_sim
