// A process monitor for agents that poll: %CPU over the interval since the
// previous sample, like top, with per-process state kept between samples.
#pragma once

#include <cstddef>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "format/names.h"

namespace psnode::monitor {

struct StatText;  // monitor.cc

struct ProcessSample {
  int pid = 0;
  int ppid = 0;
  char state = '?';
  double cpu = -1;
  std::uint64_t rss_kib = 0;     // stat's rss: the kernel's approximate count, as top shows
  double start_ms = 0;           // start time, ms since the epoch
  std::uint64_t cpu_ticks = 0;   // user + system, since start
  // comm, set only when it differs from the one last delivered (has_comm),
  // as it rarely changes: the caller keeps it for later samples.
  bool has_comm = false;
  std::string comm;
  // The static data, set only in the first sample that delivers this
  // process (has_static): the caller keeps it for later samples.
  bool has_static = false;
  std::string args;              // escaped as ps prints them
  std::string user;
};

struct Sample {
  double timestamp_ms = 0;   // CLOCK_REALTIME when the sample started
  double interval_ms = 0;    // since the previous sample; 0 on the first
  double machine_cpu = -1;   // percent of all CPUs busy over the interval; -1 on the first
  int cpu_count = 0;         // CPUs counted in /proc/stat
  std::vector<ProcessSample> processes;  // ascending pid
  int error = 0;             // errno when /proc could not be read, ECANCELED when cancelled
};

// The state of one monitor between samples. Take() may be called from
// any thread, one call at a time (a mutex enforces it).
class Monitor {
 public:
  // `max_open_files` bounds the /proc/PID/stat files kept open between
  // samples, each of which saves an open and a close per sample. Processes
  // beyond it are opened afresh each time.
  explicit Monitor(std::size_t max_open_files);
  ~Monitor();
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  // Samples every process, or only `pids` when it is not null. Stops with
  // ECANCELED when `*cancel` becomes nonzero between processes.
  Sample Take(const std::vector<int>* pids, const std::int32_t* cancel);

  // Closes every kept file; the next sample starts afresh.
  void Close();

  std::size_t open_files() const { return open_files_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::uint64_t starttime = 0;
    std::uint64_t cpu_ticks = 0;
    int stat_fd = -1;
    double start_ms = 0;
    std::uint64_t seen_in = 0;  // the sample number that last saw it
    bool delivered = false;     // its static data went out in a sample
    std::string comm;           // the raw comm last delivered
  };

  // One process of a sample: its entry, and its row once read.
  struct Slot {
    int pid = 0;
    Entry* entry = nullptr;
    bool done = false;  // sampled, rather than skipped by a cancel
    bool ok = false;    // sampled and still running
    ProcessSample out;
  };

  void SampleSlots(int proc_fd, double interval_ticks, std::vector<Slot>& slots,
                   const std::int32_t* cancel, int& error,
                   const std::function<void()>& meanwhile = nullptr);
  std::vector<Slot> MakeSlots(const std::vector<int>& pids);
  void SampleAll(int proc_fd, double interval_ticks, const std::int32_t* cancel,
                 Sample& sample, std::vector<Slot>& slots);
  void Deliver(std::vector<Slot>& slots, Sample& sample);
  std::vector<Slot> KnownSlots();  // every entry, ascending pid
  void Forget(int pid);
  bool SampleProcess(int proc_fd, double interval_ticks, Slot& slot);
  bool ReadStatText(int proc_fd, int pid, Entry& entry, StatText& text);
  void LoadStatic(int proc_fd, int pid, const std::string& comm, char state,
                  ProcessSample& out);
  void ForgetUnseen();
  void CloseEntry(Entry& entry);

  std::mutex mutex_;
  std::unordered_map<int, Entry> entries_;
  // entries_ by ascending pid, rebuilt when known_dirty_. Pointers into an
  // unordered_map stay valid as it grows; an erase marks the list dirty.
  std::vector<std::pair<int, Entry*>> known_;
  bool known_dirty_ = true;
  std::size_t max_open_files_;
  // Updated by the sampling threads; read by open_files() from any thread.
  std::atomic<std::size_t> open_files_{0};
  std::uint64_t sample_number_ = 0;
  std::int64_t last_monotonic_ns_ = 0;
  std::uint64_t last_busy_ = 0;
  std::uint64_t last_total_ = 0;
  std::int64_t hz_ = 100;
  long page_size_ = 4096;
  std::int64_t boot_time_ = 0;
  std::uint64_t uptime_ticks_ = 0;
  // Whether the last sample read every process, and the last created pid
  // and time when it last listed /proc.
  bool listed_all_ = false;
  long last_pid_ = -1;                 // read at the start of the last sample
  unsigned threads_started_ = 0;       // helper threads the last sample started
  std::int64_t last_listing_ns_ = 0;
  format::SystemNames names_;
};

// Parses the "cpu " line of /proc/stat into busy and total ticks of all
// CPUs, and counts the "cpuN" lines.
bool ParseCpuTotals(const std::string& proc_stat, std::uint64_t& busy, std::uint64_t& total,
                    int& cpu_count);

}  // namespace psnode::monitor
