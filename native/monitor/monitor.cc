#include "monitor/monitor.h"

#include <cerrno>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "core/listing.h"
#include "format/command.h"
#include "proc/file.h"
#include "proc/lines.h"
#include "proc/numbers.h"
#include "proc/stat.h"
#include "proc/status.h"
#include "proc/system.h"

namespace psnode::monitor {
namespace {

constexpr std::size_t kMaxStatBytes = 4096;
constexpr std::size_t kMaxStatusBytes = 1024 * 1024;

std::int64_t ClockNanoseconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// Reads all of `fd` from offset 0. pread restarts a procfs seq_file, so
// each call returns a fresh snapshot of the file.
bool PreadAll(int fd, std::string& out) {
  out.resize(kMaxStatBytes);
  ssize_t got = pread(fd, &out[0], out.size(), 0);
  if (got <= 0) return false;
  out.resize(static_cast<std::size_t>(got));
  return true;
}

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
  sample_number_ = 0;
}

bool Monitor::ReadStatText(int proc_fd, int pid, Entry& entry, std::string& text) {
  if (entry.stat_fd >= 0) {
    if (PreadAll(entry.stat_fd, text)) return true;
    // The process behind the kept file exited; the pid may now be another's.
    CloseEntry(entry);
  }
  std::string path = std::to_string(pid) + "/stat";
  int fd = openat(proc_fd, path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return false;
  bool ok = PreadAll(fd, text);
  if (ok && open_files_ < max_open_files_) {
    entry.stat_fd = fd;
    ++open_files_;
  } else {
    close(fd);
  }
  return ok;
}

void Monitor::LoadStatic(int proc_fd, int pid, Entry& entry) {
  std::string dir = std::to_string(pid);
  int dir_fd = openat(proc_fd, dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return;
  std::string text;
  if (proc::ReadFileAt(dir_fd, "cmdline", format::kMaxCmdlineBytes, text).status ==
      proc::ReadStatus::kOk) {
    entry.args = text;  // formatted below, once comm and state are known
  }
  proc::Status status;
  if (proc::ReadFileAt(dir_fd, "status", kMaxStatusBytes, text).status == proc::ReadStatus::kOk &&
      proc::ParseStatus(text, status)) {
    entry.user = names_.User(status.uid[1]);
  }
  close(dir_fd);
}

bool Monitor::SampleProcess(int proc_fd, int pid, double interval_ticks, Sample& sample) {
  Entry& entry = entries_[pid];
  std::string text;
  proc::Stat stat;
  if (!ReadStatText(proc_fd, pid, entry, text) || !proc::ParseStat(text, stat)) {
    CloseEntry(entry);
    entries_.erase(pid);
    return false;
  }

  // A different start time means the pid was reused: start afresh.
  bool known = entry.seen_in != 0 && entry.starttime == stat.starttime;
  std::uint64_t ticks = stat.utime + stat.stime;
  ProcessSample out;
  out.pid = pid;
  out.ppid = stat.ppid;
  out.state = stat.state;
  out.cpu_ticks = ticks;
  out.rss_kib = stat.rss > 0 ? static_cast<std::uint64_t>(stat.rss) * (getpagesize() / 1024) : 0;
  out.comm = format::FormatComm(stat.comm);

  if (!known) {
    entry.starttime = stat.starttime;
    entry.start_ms = static_cast<double>(boot_time_) * 1000.0 +
                     static_cast<double>(stat.starttime) * 1000.0 / static_cast<double>(hz_);
    LoadStatic(proc_fd, pid, entry);
    entry.args = format::FormatArgs(entry.args, stat.comm, stat.state);
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
  out.args = entry.args;
  out.user = entry.user;
  sample.processes.push_back(std::move(out));
  return true;
}

void Monitor::ForgetUnseen() {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.seen_in != sample_number_) {
      CloseEntry(it->second);
      it = entries_.erase(it);
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

  std::vector<int> all;
  if (pids == nullptr && !core::ListPids(proc_fd, all, error)) {
    sample.error = error.error;
  }
  for (int pid : pids ? *pids : all) {
    if (cancel != nullptr && __atomic_load_n(cancel, __ATOMIC_RELAXED) != 0) {
      sample.error = ECANCELED;
      break;
    }
    SampleProcess(proc_fd, pid, interval_ticks, sample);
  }
  close(proc_fd);

  // Forget processes that exited, so memory stays flat; with a pid list,
  // forget those outside it too.
  if (sample.error == 0) ForgetUnseen();
  return sample;
}

}  // namespace psnode::monitor
