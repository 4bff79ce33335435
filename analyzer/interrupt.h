// Signals, turned into what the user should read (DESIGN section 5, issue: reliability).
//
// SIGINT, SIGTERM and SIGHUP ask the run to stop: the handler only records the signal, and the
// pipeline polls it at its checkpoints (per input, per map, per rebuilt file) and unwinds with
// Interrupted, so temporary files are removed on the way out and no report is written: a report is
// the statement that a run completed. A second signal of the same kind kills at once.
// SIGXFSZ is ignored, so a file-size limit makes write(2) fail with EFBIG and the write is reported
// like a full disk (E_IO_WRITE) instead of killing the process without a word.
// SIGBUS, which an mmapped input raises when another process truncates it while we read it, ends
// the process with E_INPUT_CHANGED and exit status 2 instead of a crash.
#pragma once

namespace mapsleuth::analyzer {

/// Thrown at a checkpoint once a stop signal arrived. Deliberately not a std::exception, so the
/// per-input catch (STYLE R6) lets it through and the whole run stops.
struct Interrupted {
  int signal = 0;
};

/// Installs the handlers above; idempotent. Call once from main() before any work starts.
void install_signal_handlers();

/// The signal that asked the run to stop, 0 if none.
int stop_signal() noexcept;

/// A checkpoint: throws Interrupted when a stop was asked for.
void throw_if_interrupted();

/// Test hook: records `signal` as if it had been delivered (0 clears it).
void request_stop_for_test(int signal) noexcept;

/// "SIGTERM", "SIGINT", "SIGHUP", else "signal N".
const char* signal_name(int signal) noexcept;

}  // namespace mapsleuth::analyzer
