// One listing: the processes of a /proc, formatted as rows of strings.
#pragma once

#include <cstdint>
#include <sys/types.h>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/descriptors.h"

namespace psnode::core {

struct ListRequest {
  std::vector<const Descriptor*> columns;
  bool all_processes = true;
  std::vector<int> pids;  // used when all_processes is false
  OutputFormat format = OutputFormat::kPs;
  bool threads = false;   // a row per thread, as ps -L prints
  bool typed = false;     // fill ListResult::records rather than rows

  // Checked between processes: when the int it points to becomes nonzero
  // (set from another thread, such as by an AbortSignal), the listing
  // stops and fails with ECANCELED. May be null.
  const std::int32_t* cancel_flag = nullptr;

  bool Cancelled() const {
    return cancel_flag != nullptr && __atomic_load_n(cancel_flag, __ATOMIC_RELAXED) != 0;
  }
};

// A system call that failed for the listing as a whole, such as opening
// /proc. Individual processes never fail a listing.
struct ListError {
  int error = 0;  // errno; 0 when the listing succeeded
  std::string syscall;
  std::string path;
  int pid = 0;  // the target pid of a failed join, else 0
};

// The kind of one typed cell in ListResult::kinds; lib/packed.ts reads
// the same numbers.
enum PackedKind : std::uint8_t {
  kPackedNull = 0,
  kPackedNumber = 1,   // one entry of `numbers`
  kPackedString = 2,   // one string of `text`
  kPackedStrings = 3,  // a length in `numbers`, then that many strings
  kPackedNumbers = 4,  // a length in `numbers`, then that many numbers
};

struct ListResult {
  // The rows, one per process in ascending pid order and no header, as
  // their cells each ended by NUL: one buffer rather than a string per
  // cell, so a listing allocates per block of processes, not per value.
  // No cell contains NUL: text from /proc is escaped or cut at NUL, and a
  // stray one is written as '?'.
  std::string text;
  std::size_t row_count = 0;
  // The same rows typed (ListRequest::typed), packed so that JavaScript
  // builds the records in one pass: a PackedKind per cell, the cells'
  // numbers in order in `numbers` (a list's length first, then its
  // items), and their strings in `text` as above.
  std::vector<std::uint8_t> kinds;
  std::vector<double> numbers;
  ListError error;

  void Clear() {
    text.clear();
    row_count = 0;
    kinds.clear();
    numbers.clear();
  }
};

// The source of a listing: a /proc, the names for its ids and the /dev for
// its terminals, plus what a joined container adds.
struct ListSource {
  std::string proc_path = "/proc";
  std::string dev_dir = "/dev";
  format::NameResolver* names = nullptr;
  const HostIndex* host = nullptr;
  const IdView* ids = nullptr;
  std::uint64_t proc_pid_ns = 0;  // PID namespace inode of the /proc, if known

  // For a /proc that a container controls: read only files on that procfs
  // mount, so a bind mount over /proc/PID or one of its files cannot
  // forge rows. nsfs_dev is the device that ns/* links must lead to.
  bool guard_mounts = false;
  dev_t nsfs_dev = 0;
};

// Lists the requested processes of `source`, appending rows to `result`.
// Fails when /proc cannot be opened or is not a procfs.
void ListFromSource(const ListRequest& request, const ListSource& source,
                    ListResult& result);

// Lists the requested processes of the caller's own /proc. Names come from
// the C library (NSS), which only the caller's mount namespace may use.
ListResult ListProcesses(const ListRequest& request);

// Opens a procfs directory, failing with ENOTSUP (syscall "statfs") when
// the path is not a procfs, as a container could mount a tmpfs of crafted
// files at its /proc. Returns -1 and fills `error` on failure.
int OpenProc(const std::string& path, ListError& error);

// Returns the pids of every process in the /proc open at `proc_fd`,
// ascending. Thread ids are not listed there, only thread group leaders.
bool ListPids(int proc_fd, std::vector<int>& out, ListError& error);

// Returns the thread ids of process `pid`, main thread first and then in
// creation order; empty when it has exited.
std::vector<int> ListTids(int proc_fd, int pid);

// Returns the bits of Source that the request's columns need.
unsigned NeededSources(const ListRequest& request);

}  // namespace psnode::core
