// Signal handling: see interrupt.h. Handlers use only async-signal-safe calls (signal-safety(7)).
#include "analyzer/interrupt.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace mapsleuth::analyzer {
namespace {

std::atomic<int> g_stop{0};
static_assert(std::atomic<int>::is_always_lock_free, "used from a signal handler");

void on_stop(int sig) {
  int expected = 0;
  if (!g_stop.compare_exchange_strong(expected, sig)) {
    // Asked twice: do what the user asked, now.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
  }
}

void on_bus(int /*sig*/) {
  static constexpr char kMessage[] =
      "mapsleuth: E_INPUT_CHANGED: an input file shrank while it was being read (SIGBUS on its "
      "mapping); stopped, no report was written\n";
  // Nothing useful can be done if stderr is gone; the exit status still says it.
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::_exit(2);
}

void set(int sig, void (*handler)(int)) {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(sig, &sa, nullptr);
}

}  // namespace

void install_signal_handlers() {
  set(SIGINT, on_stop);
  set(SIGTERM, on_stop);
  set(SIGHUP, on_stop);
  set(SIGBUS, on_bus);
  set(SIGXFSZ, SIG_IGN);
}

int stop_signal() noexcept { return g_stop.load(std::memory_order_relaxed); }

void throw_if_interrupted() {
  if (int sig = stop_signal(); sig != 0) [[unlikely]] {
    throw Interrupted{sig};
  }
}

void request_stop_for_test(int signal) noexcept { g_stop.store(signal); }

const char* signal_name(int signal) noexcept {
  switch (signal) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "a signal";
  }
}

}  // namespace mapsleuth::analyzer
