#include "core/listing.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <system_error>
#include <thread>
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

// /proc/tty/drivers has one short line per driver, so 64 KiB fits hundreds.
constexpr std::size_t kMaxDriversBytes = 64 * 1024;

std::int64_t RealtimeNanoseconds() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

std::vector<format::TtyDriver> ReadTtyDrivers(int proc_fd, const proc::MountGuard* guard) {
  std::string text;
  proc::ReadFileAt(proc_fd, "tty/drivers", kMaxDriversBytes, text, guard);
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

// The state that the threads of one listing share. It is read-only while
// they run, except the name and tty caches, which lock on their own.
struct ChunkJob {
  const ListRequest& request;
  FormatContext& context;
  int proc_fd;
  unsigned sources;
  bool leaders_only;
  const proc::MountGuard* guard;
};

// Reads and formats the processes pids[begin, end) into `out`.
void ReadChunk(const ChunkJob& job, const std::vector<int>& pids, std::size_t begin,
               std::size_t end, ListResult& out) {
  const ListRequest& request = job.request;
  auto add_row = [&](int pid, int tid) {
    ProcessRecord record;
    if (ReadProcess(job.proc_fd, pid, tid, job.sources, job.leaders_only, record, job.guard) !=
        ReadOutcome::kOk) {
      return;
    }
    if (request.typed) {
      out.records.push_back(FormatRecord(request, record, job.context));
    } else {
      out.rows.push_back(FormatRow(request, record, job.context));
    }
    CloseProcess(record);
  };
  for (std::size_t i = begin; i < end; ++i) {
    if (request.Cancelled()) {
      out.error = {ECANCELED, "", "", 0};
      return;
    }
    if (!request.threads) {
      add_row(pids[i], 0);
      continue;
    }
    // For a pid that names a thread rather than a process, ReadProcess
    // finds each task's Tgid differs from it and leaves the row out. As
    // ps -L does, the main thread's row reads /proc/PID, whose values
    // (CPU time, faults) are the whole process's, exited threads included.
    for (int tid : ListTids(job.proc_fd, pids[i])) add_row(pids[i], tid == pids[i] ? 0 : tid);
  }
}

// Below this many processes a listing runs on the calling thread alone:
// starting a thread costs about as much as reading a few processes.
constexpr std::size_t kMinProcessesPerThread = 64;
// Reading /proc scales with cores until the kernel's locks on the task
// list dominate; more than four threads gained nothing in measurements.
constexpr unsigned kMaxThreads = 4;

unsigned ThreadCount(std::size_t processes) {
  unsigned cores = std::thread::hardware_concurrency();
  unsigned threads = std::min(cores == 0 ? 1u : cores, kMaxThreads);
  std::size_t by_size = processes / kMinProcessesPerThread;
  if (by_size < threads) threads = static_cast<unsigned>(std::max<std::size_t>(by_size, 1));
  return threads;
}

// Splits `pids` into contiguous chunks, one per thread, and appends the
// chunks' rows to `result` in pid order. The calling thread reads the
// first chunk. Threads started here inherit the caller's namespaces, so
// inside a joined container they read the container's /proc too.
void ReadInParallel(const ChunkJob& job, const std::vector<int>& pids, ListResult& result) {
  unsigned threads = ThreadCount(pids.size());
  std::vector<ListResult> parts(threads);
  std::vector<std::thread> helpers;
  std::size_t per_thread = (pids.size() + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t) {
    std::size_t begin = std::min(pids.size(), t * per_thread);
    std::size_t end = std::min(pids.size(), begin + per_thread);
    try {
      helpers.emplace_back(ReadChunk, std::cref(job), std::cref(pids), begin, end,
                           std::ref(parts[t]));
    } catch (const std::system_error&) {
      // No thread to be had: read that chunk on this thread afterwards.
      ReadChunk(job, pids, begin, end, parts[t]);
    }
  }
  ReadChunk(job, pids, 0, std::min(pids.size(), per_thread), parts[0]);
  for (std::thread& helper : helpers) helper.join();

  for (ListResult& part : parts) {
    if (part.error.error != 0) result.error = part.error;
    std::move(part.rows.begin(), part.rows.end(), std::back_inserter(result.rows));
    std::move(part.records.begin(), part.records.end(), std::back_inserter(result.records));
  }
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
// here), in directory order, or ascending with `sorted`.
bool ReadNumericEntries(int dir_fd, std::vector<int>& out, bool sorted) {
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
  if (sorted) std::sort(out.begin(), out.end());
  return true;
}

}  // namespace

std::vector<int> ListTids(int proc_fd, int pid) {
  std::string path = std::to_string(pid) + "/task";
  std::vector<int> tids;
  // Directory order is the thread group's list order: the main thread
  // first, then the others as they were created, which is ps -L's order
  // and differs from tid order once tids have wrapped.
  ReadNumericEntries(openat(proc_fd, path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC), tids,
                     false);
  return tids;
}

bool ListPids(int proc_fd, std::vector<int>& out, ListError& error) {
  // A fresh descriptor of the same directory, so readdir starts at its
  // beginning and closing it leaves proc_fd open.
  int fd = openat(proc_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (!ReadNumericEntries(fd, out, true)) {
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
  proc::MountGuard mount_guard;
  const proc::MountGuard* guard = nullptr;
  if (source.guard_mounts) {
    if (!proc::MakeMountGuard(proc_fd, source.nsfs_dev, mount_guard)) {
      result.error = {errno, "statx", source.proc_path, 0};
      close(proc_fd);
      return;
    }
    guard = &mount_guard;
  }

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
  format::TtyNamer ttys((sources & kSourceTty) ? ReadTtyDrivers(proc_fd, guard)
                                               : std::vector<format::TtyDriver>{},
                        source.dev_dir);
  FormatContext context;
  context.names = source.names;
  context.ttys = &ttys;
  context.format = request.format;
  context.host = source.host;
  context.ids = source.ids;
  context.proc_pid_ns = source.proc_pid_ns;
  context.facts = proc::ReadSystemFacts(proc_fd, guard);
  context.now_ns = RealtimeNanoseconds();

  ChunkJob job{request, context, proc_fd, sources, !request.all_processes, guard};
  ReadInParallel(job, pids, result);
  if (result.error.error == ECANCELED) result.error.path = source.proc_path;
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
