#include "core/listing.h"

#include <algorithm>
#include <functional>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "core/parallel.h"
#include "core/pid_feed.h"
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

// Appends one cell and its NUL terminator to `text`.
void AppendCell(std::string& text, const std::string& cell) {
  std::size_t start = text.size();
  text += cell;
  if (cell.find('\0') != std::string::npos) {
    for (std::size_t i = start; i < text.size(); ++i) {
      if (text[i] == '\0') text[i] = '?';
    }
  }
  text += '\0';
}

void AppendRow(const ListRequest& request, const ProcessRecord& record,
               FormatContext& context, std::string& text) {
  for (const Descriptor* d : request.columns) {
    Formatter formatter =
        context.format == OutputFormat::kPsgo && d->psgo ? d->psgo : d->ps;
    AppendCell(text, formatter(record, context));
  }
}

void AppendValue(const Value& value, ListResult& out) {
  switch (value.kind) {
    case Value::Kind::kNull:
      out.kinds.push_back(kPackedNull);
      return;
    case Value::Kind::kNumber:
      out.kinds.push_back(kPackedNumber);
      out.numbers.push_back(value.number);
      return;
    case Value::Kind::kString:
      out.kinds.push_back(kPackedString);
      AppendCell(out.text, value.text);
      return;
    case Value::Kind::kStrings:
      out.kinds.push_back(kPackedStrings);
      out.numbers.push_back(static_cast<double>(value.strings.size()));
      for (const std::string& item : value.strings) AppendCell(out.text, item);
      return;
    case Value::Kind::kNumbers:
      out.kinds.push_back(kPackedNumbers);
      out.numbers.push_back(static_cast<double>(value.numbers.size()));
      out.numbers.insert(out.numbers.end(), value.numbers.begin(), value.numbers.end());
      return;
  }
}

void AppendRecord(const ListRequest& request, const ProcessRecord& record,
                  FormatContext& context, ListResult& out) {
  for (const Descriptor* d : request.columns) AppendValue(d->typed(record, context), out);
}

std::vector<int> SortedUnique(std::vector<int> pids) {
  std::sort(pids.begin(), pids.end());
  pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  return pids;
}

// The state that the threads of one listing share. It is read-only while
// they run, except the name and tty caches and the lazily read system
// facts, which lock on their own.
struct ChunkJob {
  const ListRequest& request;
  FormatContext& context;
  int proc_fd;
  unsigned sources;
  bool leaders_only;
  const proc::MountGuard* guard;
};

// Processes per block: each block's rows are one buffer.
constexpr std::size_t kBlockSize = 16;

// Reads and formats the processes pids[begin, end) into `out`, where
// `pids` is a vector or a PidFeed. Returns false when the listing was
// cancelled.
template <typename Pids>
bool ReadBlock(const ChunkJob& job, const Pids& pids, std::size_t begin, std::size_t end,
               ListResult& out) {
  const ListRequest& request = job.request;
  auto add_row = [&](int pid, int tid) {
    ProcessRecord record;
    if (ReadProcess(job.proc_fd, pid, tid, job.sources, job.leaders_only, record, job.guard) !=
        ReadOutcome::kOk) {
      return;
    }
    if (request.typed) {
      AppendRecord(request, record, job.context, out);
    } else {
      AppendRow(request, record, job.context, out.text);
    }
    ++out.row_count;
    CloseProcess(record);
  };
  for (std::size_t i = begin; i < end; ++i) {
    if (request.Cancelled()) {
      out.error = {ECANCELED, "", "", 0};
      return false;
    }
    int pid = pids[i];
    if (!request.threads) {
      add_row(pid, 0);
      continue;
    }
    // For a pid that names a thread rather than a process, ReadProcess
    // finds each task's Tgid differs from it and leaves the row out. As
    // ps -L does, the main thread's row reads /proc/PID, whose values
    // (CPU time, faults) are the whole process's, exited threads included.
    for (int tid : ListTids(job.proc_fd, pid)) add_row(pid, tid == pid ? 0 : tid);
  }
  return true;
}

// Appends the rows of `blocks`, in order, to `result`.
void AppendBlocks(std::vector<ListResult>& blocks, ListResult& result) {
  std::size_t bytes = result.text.size();
  for (const ListResult& block : blocks) bytes += block.text.size();
  result.text.reserve(bytes);
  for (ListResult& block : blocks) {
    if (block.error.error != 0) result.error = block.error;
    result.text += block.text;
    result.row_count += block.row_count;
    result.kinds.insert(result.kinds.end(), block.kinds.begin(), block.kinds.end());
    result.numbers.insert(result.numbers.end(), block.numbers.begin(), block.numbers.end());
  }
}

// Reads `pids` in blocks over a few threads and appends the rows to
// `result` in the order of `pids`. Inside a joined container the helper
// threads read the container's /proc too, as they inherit the namespaces.
void ReadInParallel(const ChunkJob& job, const std::vector<int>& pids, ListResult& result) {
  std::vector<ListResult> blocks((pids.size() + kBlockSize - 1) / kBlockSize);
  RunBlocks(blocks.size(), ThreadCount(pids.size()), [&](std::size_t block) {
    std::size_t begin = block * kBlockSize;
    std::size_t end = std::min(pids.size(), begin + kBlockSize);
    return ReadBlock(job, pids, begin, end, blocks[block]);
  });
  AppendBlocks(blocks, result);
}

// Reads every process of the /proc open at job.proc_fd while this thread
// lists the directory, and appends the rows to `result` in pid order.
// Returns false, with errno set, when the directory cannot be read.
bool ReadAllInParallel(const ChunkJob& job, ListResult& result) {
  std::size_t tasks = TaskCount();
  PidFeed feed(tasks + kFeedMargin);
  std::vector<ListResult> blocks((feed.capacity() + kBlockSize - 1) / kBlockSize);
  // A block past the end of the feed stops every thread, as the blocks
  // after it are past the end too.
  auto read_block = [&](std::size_t block) {
    std::size_t begin = block * kBlockSize;
    std::size_t end = feed.WaitFor(begin + kBlockSize);
    return end > begin && ReadBlock(job, feed, begin, end, blocks[block]);
  };
  bool listed = true;
  int list_error = 0;
  // A fresh descriptor of the same directory, so reading starts at its
  // beginning and closing it leaves proc_fd open.
  int dir_fd = openat(job.proc_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  RunBlocks(blocks.size(), ThreadCount(tasks), read_block, [&] {
    listed = feed.Fill(dir_fd);
    list_error = errno;
  });
  if (!listed) {
    errno = list_error;
    return false;
  }

  if (!feed.ascending()) {
    // The kernel lists pids in ascending order, so this does not happen;
    // should it, the rows would not be in pid order: read them again.
    std::vector<int> pids;
    for (std::size_t i = 0; i < feed.size(); ++i) pids.push_back(feed[i]);
    pids.insert(pids.end(), feed.overflow().begin(), feed.overflow().end());
    ReadInParallel(job, SortedUnique(std::move(pids)), result);
    return true;
  }
  AppendBlocks(blocks, result);
  // Processes that started after the count, beyond the feed's capacity;
  // their pids come after the feed's.
  if (result.error.error == 0 && !feed.overflow().empty()) {
    ReadInParallel(job, feed.overflow(), result);
  }
  return true;
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
  context.facts.Open(proc_fd, guard);
  context.now_ns = RealtimeNanoseconds();

  ChunkJob job{request, context, proc_fd, sources, !request.all_processes, guard};
  if (!request.all_processes) {
    ReadInParallel(job, SortedUnique(request.pids), result);
  } else if (!ReadAllInParallel(job, result)) {
    result.error = {errno, "opendir", source.proc_path, 0};
  }
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
