#include "core/listing.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "core/reader.h"
#include "format/names.h"
#include "format/tty.h"
#include "proc/file.h"
#include "proc/numbers.h"

namespace psnode::core {
namespace {

// /proc/tty/drivers has one short line per driver; 64 KiB holds hundreds.
constexpr std::size_t kMaxDriversBytes = 64 * 1024;

std::int64_t RealtimeNanoseconds() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

std::vector<format::TtyDriver> ReadTtyDrivers(int proc_fd) {
  std::string text;
  proc::ReadFileAt(proc_fd, "tty/drivers", kMaxDriversBytes, text);
  return format::ParseTtyDrivers(text);
}

Row FormatRow(const ListRequest& request, const ProcessRecord& record,
              FormatContext& context) {
  Row row;
  row.reserve(request.columns.size());
  for (const Descriptor* d : request.columns) {
    Formatter formatter =
        context.format == OutputFormat::kPsgo && d->psgo ? d->psgo : d->ps;
    row.push_back(formatter(record, context));
  }
  return row;
}

std::vector<Value> FormatRecord(const ListRequest& request, const ProcessRecord& record,
                                FormatContext& context) {
  std::vector<Value> values;
  values.reserve(request.columns.size());
  for (const Descriptor* d : request.columns) values.push_back(d->typed(record, context));
  return values;
}

std::vector<int> SortedUnique(std::vector<int> pids) {
  std::sort(pids.begin(), pids.end());
  pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  return pids;
}

}  // namespace

unsigned NeededSources(const ListRequest& request) {
  unsigned sources = kSourceStat;
  for (const Descriptor* d : request.columns) sources |= d->sources;
  return sources;
}

int OpenProc(const std::string& path, ListError& error) {
  int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    error = {errno, "open", path, 0};
    return -1;
  }
  struct statfs fs;
  if (fstatfs(fd, &fs) != 0 || fs.f_type != PROC_SUPER_MAGIC) {
    error = {ENOTSUP, "statfs", path, 0};
    close(fd);
    return -1;
  }
  return fd;
}

namespace {

// Reads the numeric entries of the directory open at `dir_fd` (closed
// here), ascending.
bool ReadNumericEntries(int dir_fd, std::vector<int>& out) {
  DIR* dir = dir_fd >= 0 ? fdopendir(dir_fd) : nullptr;
  if (dir == nullptr) {
    if (dir_fd >= 0) close(dir_fd);
    return false;
  }
  out.clear();
  while (dirent* entry = readdir(dir)) {
    int id = 0;
    if (proc::ParseDecimal(std::string_view(entry->d_name), id) && id > 0) {
      out.push_back(id);
    }
  }
  closedir(dir);
  std::sort(out.begin(), out.end());
  return true;
}

}  // namespace

std::vector<int> ListTids(int proc_fd, int pid) {
  std::string path = std::to_string(pid) + "/task";
  std::vector<int> tids;
  ReadNumericEntries(openat(proc_fd, path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC), tids);
  return tids;
}

bool ListPids(int proc_fd, std::vector<int>& out, ListError& error) {
  // A fresh descriptor of the same directory, so readdir starts at its
  // beginning and closing it leaves proc_fd open.
  int fd = openat(proc_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (!ReadNumericEntries(fd, out)) {
    error.error = errno;
    error.syscall = "opendir";
    return false;
  }
  return true;
}

void ListFromSource(const ListRequest& request, const ListSource& source,
                    ListResult& result) {
  int proc_fd = OpenProc(source.proc_path, result.error);
  if (proc_fd < 0) return;

  std::vector<int> pids;
  if (request.all_processes) {
    if (!ListPids(proc_fd, pids, result.error)) {
      result.error.path = source.proc_path;
      close(proc_fd);
      return;
    }
  } else {
    pids = SortedUnique(request.pids);
  }

  unsigned sources = NeededSources(request);
  format::TtyNamer ttys((sources & kSourceTty) ? ReadTtyDrivers(proc_fd)
                                               : std::vector<format::TtyDriver>{},
                        source.dev_dir);
  FormatContext context;
  context.names = source.names;
  context.ttys = &ttys;
  context.format = request.format;
  context.host = source.host;
  context.ids = source.ids;
  context.proc_pid_ns = source.proc_pid_ns;
  context.facts = proc::ReadSystemFacts(proc_fd);
  context.now_ns = RealtimeNanoseconds();

  bool leaders_only = !request.all_processes;
  auto add_row = [&](int pid, int tid) {
    ProcessRecord record;
    if (ReadProcess(proc_fd, pid, tid, sources, leaders_only, record) != ReadOutcome::kOk) {
      return;
    }
    if (request.typed) {
      result.records.push_back(FormatRecord(request, record, context));
    } else {
      result.rows.push_back(FormatRow(request, record, context));
    }
    CloseProcess(record);
  };
  for (int pid : pids) {
    if (request.Cancelled()) {
      result.error = {ECANCELED, "", source.proc_path, 0};
      break;
    }
    if (!request.threads) {
      add_row(pid, 0);
      continue;
    }
    // For a pid that names a thread rather than a process, ReadProcess
    // finds each task's Tgid differs from it and leaves the row out.
    for (int tid : ListTids(proc_fd, pid)) add_row(pid, tid);
  }
  close(proc_fd);
}

ListResult ListProcesses(const ListRequest& request) {
  format::SystemNames names;
  ListSource source;
  source.names = &names;
  ListResult result;
  ListFromSource(request, source, result);
  return result;
}

}  // namespace psnode::core
