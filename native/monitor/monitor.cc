#include "monitor/monitor.h"

#include <algorithm>
#include <cerrno>
#include <thread>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/listing.h"
#include "core/parallel.h"
#include "format/command.h"
#include "proc/file.h"
#include "proc/lines.h"
#include "proc/numbers.h"
#include "proc/stat.h"
#include "proc/status.h"
#include "proc/system.h"

namespace psnode::monitor {

// A stat line is about 300 bytes, and comm at most 64.
constexpr std::size_t kMaxStatBytes = 4096;

// The text of one stat file, read into a buffer on the stack: a string
// resized to 4 KiB would allocate and zero-fill it for every process in
// every sample.
struct StatText {
  char bytes[kMaxStatBytes];
  std::size_t size = 0;
  std::string_view view() const { return std::string_view(bytes, size); }
};

namespace {

std::int64_t ClockNanoseconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// Reads all of `fd` from offset 0. pread restarts a procfs seq_file, so
// each call returns a fresh snapshot of the file.
bool PreadAll(int fd, StatText& out) {
  ssize_t got = pread(fd, out.bytes, sizeof out.bytes, 0);
  if (got <= 0) return false;
  out.size = static_cast<std::size_t>(got);
  return true;
}

// The last field of /proc/loadavg: the pid most recently created in the
// reader's PID namespace, which moves on with every process or thread
// created there or in a namespace below it. Returns -1 when unreadable.
long LastCreatedPid(int proc_fd) {
  std::string text;
  if (proc::ReadFileAt(proc_fd, "loadavg", 256, text).status != proc::ReadStatus::kOk) return -1;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  long pid = -1;
  std::size_t space = text.rfind(' ');
  if (space == std::string::npos || !proc::ParseDecimal(std::string_view(text).substr(space + 1), pid)) {
    return -1;
  }
  return pid;
}

// Returns true when the procfs open at `proc_fd` shows the caller's own
// PID namespace, the one whose last created pid /proc/loadavg gives: its
// "self" link names the caller's pid. Another namespace's procfs (mounted
// over /proc in a container) names another pid or none.
bool ShowsOwnNamespace(int proc_fd) {
  char target[32];
  ssize_t length = readlinkat(proc_fd, "self", target, sizeof target - 1);
  if (length <= 0) return false;
  return std::string_view(target, static_cast<std::size_t>(length)) == std::to_string(getpid());
}

// A sample lists /proc at least this often even when no process was
// created, in case the pid counter wrapped around to the same value.
constexpr std::int64_t kRelistNanoseconds = 1000000000;

}  // namespace

bool ParseCpuTotals(const std::string& proc_stat, std::uint64_t& busy, std::uint64_t& total,
                    int& cpu_count) {
  cpu_count = 0;
  bool found = false;
  bool malformed = false;
  proc::ForEachLine(proc_stat, [&](std::string_view line) {
    if (line.substr(0, 3) != "cpu") return true;
    if (line.size() > 3 && line[3] != ' ') {
      ++cpu_count;
      return true;
    }
    // user nice system idle iowait irq softirq steal guest guest_nice
    // (proc(5)); guest time is already part of user time.
    std::uint64_t fields[8] = {};
    std::size_t field = 0, at = 3;
    while (field < 8 && at < line.size()) {
      while (at < line.size() && line[at] == ' ') ++at;
      std::size_t stop = line.find(' ', at);
      if (stop == std::string_view::npos) stop = line.size();
      if (!proc::ParseDecimal(line.substr(at, stop - at), fields[field])) {
        malformed = true;
        return false;
      }
      ++field;
      at = stop;
    }
    total = 0;
    for (std::uint64_t f : fields) total += f;
    busy = total - fields[3] - fields[4];
    found = true;
    return true;
  });
  if (malformed) return false;
  return found;
}

Monitor::Monitor(std::size_t max_open_files) : max_open_files_(max_open_files) {
  long hz = sysconf(_SC_CLK_TCK);
  if (hz > 0) hz_ = hz;
  long page = sysconf(_SC_PAGESIZE);
  if (page > 0) page_size_ = page;
}

Monitor::~Monitor() { Close(); }

void Monitor::CloseEntry(Entry& entry) {
  if (entry.stat_fd >= 0) {
    close(entry.stat_fd);
    entry.stat_fd = -1;
    --open_files_;
  }
}

void Monitor::Close() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [pid, entry] : entries_) CloseEntry(entry);
  entries_.clear();
  known_dirty_ = true;
  sample_number_ = 0;
  listed_all_ = false;
}

std::vector<Monitor::Slot> Monitor::KnownSlots() {
  // Rebuilt only when entries came or went: in most samples the same
  // processes are known, and sorting and hashing them took about 0.06 ms
  // at 1,000 processes.
  if (known_dirty_) {
    known_.clear();
    known_.reserve(entries_.size());
    for (auto& [pid, entry] : entries_) known_.push_back({pid, &entry});
    std::sort(known_.begin(), known_.end());
    known_dirty_ = false;
  }
  std::vector<Slot> slots(known_.size());
  for (std::size_t i = 0; i < known_.size(); ++i) {
    slots[i].pid = known_[i].first;
    slots[i].entry = known_[i].second;
  }
  return slots;
}

void Monitor::Forget(int pid) {
  entries_.erase(pid);
  known_dirty_ = true;
}

bool Monitor::ReadStatText(int proc_fd, int pid, Entry& entry, StatText& text) {
  if (entry.stat_fd >= 0) {
    if (PreadAll(entry.stat_fd, text)) return true;
    // The process behind the kept file exited; the pid may now be another's.
    CloseEntry(entry);
  }
  std::string path = std::to_string(pid) + "/stat";
  int fd = openat(proc_fd, path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return false;
  bool ok = PreadAll(fd, text);
  // Claim a place under the limit before keeping the file, as other
  // threads of the sample may claim the last one at the same time.
  if (ok && open_files_.fetch_add(1, std::memory_order_relaxed) < max_open_files_) {
    entry.stat_fd = fd;
    return true;
  }
  if (ok) open_files_.fetch_sub(1, std::memory_order_relaxed);
  close(fd);
  return ok;
}

void Monitor::LoadStatic(int proc_fd, int pid, const std::string& comm, char state,
                         ProcessSample& out) {
  // The texts go out even when the process exited meanwhile, so that the
  // caller has texts for every process it is given: args then print as
  // ps prints an exiting process's, and user is empty.
  out.has_static = true;
  std::string dir = std::to_string(pid);
  int dir_fd = openat(proc_fd, dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  std::string text;
  if (dir_fd >= 0 && proc::ReadFileAt(dir_fd, "cmdline", format::kMaxCmdlineBytes, text).status !=
                         proc::ReadStatus::kOk) {
    text.clear();
  }
  out.args = format::FormatArgs(text, comm, state);
  if (dir_fd < 0) return;
  // The directory's owner is the effective uid (see core::kSourceOwner).
  struct stat st;
  if (fstat(dir_fd, &st) == 0) out.user = names_.User(st.st_uid);
  close(dir_fd);
}

bool Monitor::SampleProcess(int proc_fd, double interval_ticks, Slot& slot) {
  Entry& entry = *slot.entry;
  StatText text;
  proc::Stat stat;
  if (!ReadStatText(proc_fd, slot.pid, entry, text) || !proc::ParseStat(text.view(), stat)) {
    CloseEntry(entry);
    return false;
  }
  // A different start time means the pid was reused: start afresh.
  bool known = entry.seen_in != 0 && entry.starttime == stat.starttime;
  std::uint64_t ticks = stat.utime + stat.stime;
  ProcessSample& out = slot.out;
  out.pid = slot.pid;
  out.ppid = stat.ppid;
  out.state = stat.state;
  out.cpu_ticks = ticks;
  out.rss_kib = stat.rss > 0 ? static_cast<std::uint64_t>(stat.rss) * (page_size_ / 1024) : 0;
  if (!known || stat.comm != entry.comm) {
    out.comm = format::FormatComm(stat.comm);
    out.has_comm = true;
    entry.comm = stat.comm;
  }
  if (!known) {
    entry.starttime = stat.starttime;
    entry.start_ms = static_cast<double>(boot_time_) * 1000.0 +
                     static_cast<double>(stat.starttime) * 1000.0 / static_cast<double>(hz_);
    entry.delivered = false;
  }
  if (!entry.delivered) {
    LoadStatic(proc_fd, slot.pid, stat.comm, stat.state, out);
    entry.delivered = true;
  }
  if (interval_ticks > 0) {
    if (known) {
      std::uint64_t used = ticks >= entry.cpu_ticks ? ticks - entry.cpu_ticks : 0;
      out.cpu = static_cast<double>(used) * 100.0 / interval_ticks;
    } else {
      // Started within the interval: its whole life is the interval.
      std::uint64_t lived = uptime_ticks_ > stat.starttime ? uptime_ticks_ - stat.starttime : 0;
      out.cpu = lived ? static_cast<double>(ticks) * 100.0 / static_cast<double>(lived) : 0;
    }
  }
  entry.cpu_ticks = ticks;
  entry.seen_in = sample_number_;
  out.start_ms = entry.start_ms;
  return true;
}

void Monitor::SampleSlots(int proc_fd, double interval_ticks, std::vector<Slot>& slots,
                          const std::int32_t* cancel, int& error,
                          const std::function<void()>& meanwhile) {
  // Each slot owns its entry, so threads share only the names cache (which
  // locks) and the open-file count (atomic).
  constexpr std::size_t kBlockSize = 32;
  std::size_t blocks = (slots.size() + kBlockSize - 1) / kBlockSize;
  std::atomic<bool> cancelled{false};
  auto sample_block = [&](std::size_t block) {
    if (cancel != nullptr && __atomic_load_n(cancel, __ATOMIC_RELAXED) != 0) {
      cancelled.store(true, std::memory_order_relaxed);
      return false;
    }
    std::size_t end = std::min(slots.size(), (block + 1) * kBlockSize);
    for (std::size_t i = block * kBlockSize; i < end; ++i) {
      slots[i].ok = SampleProcess(proc_fd, interval_ticks, slots[i]);
      slots[i].done = true;
    }
    return true;
  };
  unsigned threads = core::ThreadCount(slots.size());
  // With other work for the calling thread, a helper samples meanwhile.
  if (meanwhile && std::thread::hardware_concurrency() > 1) threads = std::max(threads, 2u);
  threads_started_ += core::RunBlocks(blocks, threads, sample_block, meanwhile);
  if (cancelled.load()) error = ECANCELED;
}

std::vector<Monitor::Slot> Monitor::MakeSlots(const std::vector<int>& pids) {
  // Entries are created here, on one thread; the sampling threads then
  // touch only their own slot's entry. Pointers into the map stay valid
  // as it grows.
  std::vector<Slot> slots(pids.size());
  std::size_t before = entries_.size();
  for (std::size_t i = 0; i < pids.size(); ++i) {
    slots[i].pid = pids[i];
    slots[i].entry = &entries_[pids[i]];
  }
  if (entries_.size() != before) known_dirty_ = true;
  return slots;
}

void Monitor::SampleAll(int proc_fd, double interval_ticks, const std::int32_t* cancel,
                        Sample& sample, std::vector<Slot>& slots) {
  // The processes known from earlier samples are sampled while this
  // thread lists /proc, which takes about as long as sampling a third of
  // them. Then the listed pids not sampled yet, new processes and those
  // that reused an exited one's pid, are sampled too.
  std::vector<Slot> earlier = KnownSlots();

  std::vector<int> listed;
  core::ListError error;
  bool listed_ok = true;
  SampleSlots(proc_fd, interval_ticks, earlier, cancel, sample.error,
              [&] { listed_ok = core::ListPids(proc_fd, listed, error); });
  if (!listed_ok && sample.error == 0) sample.error = error.error;

  std::vector<int> fresh;
  std::size_t k = 0;
  for (int pid : listed) {
    while (k < earlier.size() && earlier[k].pid < pid) ++k;
    if (k < earlier.size() && earlier[k].pid == pid && earlier[k].ok) continue;
    fresh.push_back(pid);
  }
  // An exited process's entry goes now, before its pid may get a slot of
  // its own as a new process.
  for (Slot& slot : earlier) {
    if (slot.done && !slot.ok) Forget(slot.pid);
  }
  std::vector<Slot> added = MakeSlots(fresh);
  if (sample.error == 0) SampleSlots(proc_fd, interval_ticks, added, cancel, sample.error);

  // Both lists are in ascending pid order: merge them.
  slots.clear();
  slots.reserve(earlier.size() + added.size());
  std::size_t a = 0, b = 0;
  while (a < earlier.size() || b < added.size()) {
    bool take_earlier = b == added.size() ||
                        (a < earlier.size() && earlier[a].pid < added[b].pid);
    Slot& slot = take_earlier ? earlier[a++] : added[b++];
    if (take_earlier && slot.done && !slot.ok) continue;  // erased above
    slots.push_back(std::move(slot));
  }
}

void Monitor::Deliver(std::vector<Slot>& slots, Sample& sample) {
  sample.processes.reserve(slots.size());
  for (Slot& slot : slots) {
    if (slot.ok) {
      // A sample that fails is not delivered, so its texts must go out
      // again in the next one.
      if (sample.error != 0 && slot.out.has_static) slot.entry->delivered = false;
      if (sample.error != 0 && slot.out.has_comm) slot.entry->comm.clear();
      sample.processes.push_back(std::move(slot.out));
    } else if (slot.done || slot.entry->seen_in == 0) {
      // Exited (its file already closed), or created here and never read.
      Forget(slot.pid);
    }
  }
}

void Monitor::ForgetUnseen() {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.seen_in != sample_number_) {
      CloseEntry(it->second);
      it = entries_.erase(it);
      known_dirty_ = true;
    } else {
      ++it;
    }
  }
}

Sample Monitor::Take(const std::vector<int>* pids, const std::int32_t* cancel) {
  std::lock_guard<std::mutex> lock(mutex_);
  Sample sample;
  core::ListError error;
  int proc_fd = core::OpenProc("/proc", error);
  if (proc_fd < 0) {
    sample.error = error.error;
    return sample;
  }

  ++sample_number_;
  std::int64_t now_ns = ClockNanoseconds(CLOCK_MONOTONIC);
  sample.timestamp_ms = static_cast<double>(ClockNanoseconds(CLOCK_REALTIME)) / 1e6;
  double interval_ticks = 0;
  if (last_monotonic_ns_ != 0) {
    double seconds = static_cast<double>(now_ns - last_monotonic_ns_) / 1e9;
    sample.interval_ms = seconds * 1000.0;
    interval_ticks = seconds * static_cast<double>(hz_);
  }
  last_monotonic_ns_ = now_ns;

  std::string text;
  std::uint64_t busy = 0, total = 0;
  if (proc::ReadFileAt(proc_fd, "stat", 1 << 20, text).status == proc::ReadStatus::kOk) {
    proc::ParseBootTime(text, boot_time_);
    if (ParseCpuTotals(text, busy, total, sample.cpu_count)) {
      if (last_total_ != 0 && total > last_total_) {
        sample.machine_cpu = static_cast<double>(busy - last_busy_) * 100.0 /
                             static_cast<double>(total - last_total_);
      }
      last_busy_ = busy;
      last_total_ = total;
    }
  }
  if (proc::ReadFileAt(proc_fd, "uptime", 256, text).status == proc::ReadStatus::kOk) {
    proc::ParseUptimeTicks(text, hz_, uptime_ticks_);
  }

  std::vector<Slot> slots;
  if (pids == nullptr) {
    // With no process created since the last full listing, the processes
    // are those known, less those that exited (their reads fail): listing
    // /proc again, 0.2 to 0.6 ms at 1,000 processes, would find no other.
    // The sample before started helper threads, and each took a pid, so
    // the last pid moved on by exactly that many when nothing else was
    // created. Any other task takes a pid too and moves it further.
    long last_pid = ShowsOwnNamespace(proc_fd) ? LastCreatedPid(proc_fd) : -1;
    bool unchanged = listed_all_ && last_pid >= 0 && last_pid_ >= 0 &&
                     last_pid - last_pid_ == static_cast<long>(threads_started_) &&
                     now_ns - last_listing_ns_ < kRelistNanoseconds;
    threads_started_ = 0;
    if (unchanged) {
      slots = KnownSlots();
      SampleSlots(proc_fd, interval_ticks, slots, cancel, sample.error);
    } else {
      SampleAll(proc_fd, interval_ticks, cancel, sample, slots);
      last_listing_ns_ = now_ns;
    }
    last_pid_ = last_pid;
    listed_all_ = sample.error == 0;
  } else {
    slots = MakeSlots(*pids);
    SampleSlots(proc_fd, interval_ticks, slots, cancel, sample.error);
    listed_all_ = false;
  }
  close(proc_fd);
  Deliver(slots, sample);
  // Forget processes that exited, so memory stays flat; with a pid list,
  // forget those outside it too.
  if (sample.error == 0) ForgetUnseen();
  return sample;
}

}  // namespace psnode::monitor
