// One listing: the processes of a /proc, formatted as rows of strings.
#pragma once

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
  std::string proc_path = "/proc";
};

// A system call that failed for the listing as a whole, such as opening
// /proc. Individual processes never fail a listing.
struct ListError {
  int error = 0;  // errno; 0 when the listing succeeded
  std::string syscall;
  std::string path;
};

using Row = std::vector<std::string>;

struct ListResult {
  std::vector<Row> rows;  // one per process, ascending pid, no header
  ListError error;
};

// Lists the requested processes. Host names come from the C library
// (NSS), so this is only for the caller's own mount namespace.
ListResult ListProcesses(const ListRequest& request);

// Returns the pids of every process in the /proc open at `proc_fd`,
// ascending. Thread ids are not listed there, only thread group leaders.
bool ListPids(int proc_fd, std::vector<int>& out, ListError& error);

}  // namespace psnode::core
