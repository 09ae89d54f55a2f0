// child_process.cpp: posix_spawn with two pipes, line reads and writes, kill and reap.
#include "host_sim/child_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

extern char **environ;  // NOLINT(readability-redundant-declaration): POSIX: the program declares it

namespace psp::host_sim {
namespace {

// Close-on-exec, so a second child never inherits the first one's pipe ends (the first would then
// never see end of file on its stdin).
void make_pipe(int fds[2]) {
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    }
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string> &argv) {
    // Writing to a child that was killed must be an error return, not a signal killing us.
    std::signal(SIGPIPE, SIG_IGN);
    int in[2], out[2];
    make_pipe(in);
    make_pipe(out);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    std::vector<char *> args;
    args.reserve(argv.size() + 1);
    for (const std::string &a : argv) {
        args.push_back(const_cast<char *>(a.c_str()));
    }
    args.push_back(nullptr);
    const int failed = ::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    stdin_fd_ = in[1];
    stdout_ = ::fdopen(out[0], "r");
    if (failed != 0) {
        ::close(stdin_fd_);
        std::fclose(stdout_);
        throw std::runtime_error("cannot start " + argv.at(0) + ": " + std::strerror(failed));
    }
}

ChildProcess::~ChildProcess() {
    if (!reaped_) {
        kill_now();
    }
    wait();
    if (stdout_ != nullptr) {
        std::fclose(stdout_);
    }
}

bool ChildProcess::send_line(const std::string &line) {
    const std::string text = line + '\n';
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(stdin_fd_, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        written += static_cast<std::size_t>(n);
    }
    return true;
}

std::optional<std::string> ChildProcess::read_line() {
    std::string line;
    for (int c = std::fgetc(stdout_); c != EOF; c = std::fgetc(stdout_)) {
        if (c == '\n') {
            return line;
        }
        line += static_cast<char>(c);
    }
    return std::nullopt;  // a last line without its newline was cut off: not an answer
}

void ChildProcess::kill_now() {
    if (!reaped_) {
        ::kill(pid_, SIGKILL);
    }
}

int ChildProcess::wait() {
    if (stdin_fd_ >= 0) {
        ::close(stdin_fd_);
        stdin_fd_ = -1;
    }
    if (reaped_) {
        return exit_status_;
    }
    int raw = 0;
    while (::waitpid(pid_, &raw, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
    exit_status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    return exit_status_;
}

}  // namespace psp::host_sim
