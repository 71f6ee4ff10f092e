#include "core/reader.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <string>
#include <unistd.h>

#include "format/command.h"
#include "proc/file.h"

namespace psnode::core {
namespace {

// A stat line is about 300 bytes; comm is at most 64 bytes, so 4 KiB is
// ample for any that the kernel writes.
constexpr std::size_t kMaxStatBytes = 4096;
// status grows with the supplementary groups: 65536 of them print in
// about 450 KiB.
constexpr std::size_t kMaxStatusBytes = 1024 * 1024;
constexpr std::size_t kMaxLabelBytes = 4096;
// cgroup has one line per hierarchy; v1 systems have about a dozen.
constexpr std::size_t kMaxSmallFileBytes = 64 * 1024;
// Index of the effective id in the Uid and Gid lines of status.
constexpr int kEffectiveId = 1;

// Reads and parses the stat file `file` under `dir_fd` into out.stat.
bool ReadStat(int dir_fd, const char* file, ProcessRecord& out, std::string& buffer,
              ReadOutcome& outcome, const proc::MountGuard* guard) {
  proc::ReadResult read = proc::ReadFileAt(dir_fd, file, kMaxStatBytes, buffer, guard);
  if (read.status != proc::ReadStatus::kOk) {
    outcome = read.error == EXDEV ? ReadOutcome::kSkipped : ReadOutcome::kGone;
    return false;
  }
  if (!proc::ParseStat(buffer, out.stat)) {
    outcome = ReadOutcome::kSkipped;
    return false;
  }
  return true;
}

bool ReadStatus(ProcessRecord& out, std::string& buffer, ReadOutcome& outcome,
                const proc::MountGuard* guard) {
  proc::ReadResult read =
      proc::ReadFileAt(out.dir_fd, "status", kMaxStatusBytes, buffer, guard);
  if (read.status == proc::ReadStatus::kGone) {
    outcome = ReadOutcome::kGone;
    return false;
  }
  if (read.status != proc::ReadStatus::kOk || !proc::ParseStatus(buffer, out.status)) {
    outcome = ReadOutcome::kSkipped;
    return false;
  }
  out.has_status = true;
  return true;
}

// Takes the effective uid and gid from the owner of the open /proc/PID
// directory (see kSourceOwner), as ps does unless it reads status.
bool ReadOwner(ProcessRecord& out, ReadOutcome& outcome) {
  struct stat st;
  if (fstat(out.dir_fd, &st) != 0) {
    outcome = ReadOutcome::kGone;
    return false;
  }
  out.status.uid[kEffectiveId] = st.st_uid;
  out.status.gid[kEffectiveId] = st.st_gid;
  return true;
}

// Reads a file whose absence leaves its value unknown rather than the row
// out: wchan and cgroup.
bool ReadSmallFile(int dir_fd, const char* name, std::string& out,
                   const proc::MountGuard* guard) {
  return proc::ReadFileAt(dir_fd, name, kMaxSmallFileBytes, out, guard).status ==
         proc::ReadStatus::kOk;
}

// Reads the inodes of the ns/* links: every one, or only ns/pid (which
// finds the host process of a container process). Each link resolves to
// the namespace's inode in nsfs; following it needs ptrace read access,
// so for others' processes only root can.
void ReadNamespaces(ProcessRecord& out, bool all, const proc::MountGuard* guard) {
  for (int ns = 0; ns < kNamespaceCount; ++ns) {
    if (!all && ns != kPidNs) continue;
    std::string path = std::string("ns/") + kNamespaceNames[ns];
    struct stat st;
    if (fstatat(out.dir_fd, path.c_str(), &st, 0) != 0) continue;
    if (guard == nullptr || guard->AcceptsNamespace(st)) out.ns_inodes[ns] = st.st_ino;
  }
}

}  // namespace

ReadOutcome ReadProcess(int proc_fd, int pid, int tid, unsigned sources,
                        bool leaders_only, ProcessRecord& out,
                        const proc::MountGuard* guard) {
  out.pid = pid;
  out.tid = tid > 0 ? tid : pid;
  std::string name = std::to_string(pid);
  if (tid > 0) name += "/task/" + std::to_string(tid);

  ReadOutcome outcome = ReadOutcome::kOk;
  std::string buffer;
  // A row that needs stat alone reads it by path: one file cannot mix two
  // processes, and a directory descriptor would cost an open and a close
  // per process, as much again as the stat read itself.
  if (sources == kSourceStat && !leaders_only) {
    std::string path = name + "/stat";
    ReadStat(proc_fd, path.c_str(), out, buffer, outcome, guard);
    return outcome;
  }

  // O_PATH opens no file for reading, so it skips procfs's permission
  // check and open handler. openat, fstatat, fstat and readlinkat accept
  // such a descriptor.
  out.dir_fd = openat(proc_fd, name.c_str(),
                      O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (out.dir_fd < 0) return ReadOutcome::kGone;
  if (guard != nullptr && !guard->Accepts(out.dir_fd)) {
    CloseProcess(out);
    return ReadOutcome::kSkipped;
  }

  bool ok = ReadStat(out.dir_fd, "stat", out, buffer, outcome, guard);
  bool needs_status = (sources & (kSourceStatus | kSourceHost)) || leaders_only;
  if (ok && (sources & kSourceOwner) && !needs_status) ok = ReadOwner(out, outcome);
  if (ok && needs_status) {
    ok = ReadStatus(out, buffer, outcome, guard);
    if (ok && leaders_only && out.status.tgid != pid) {
      outcome = ReadOutcome::kGone;
      ok = false;
    }
  }
  if (ok && (sources & kSourceCmdline)) {
    // A process that is exiting may fail this read; it then prints like a
    // kernel thread, as ps prints it.
    out.has_cmdline = proc::ReadFileAt(out.dir_fd, "cmdline",
                                       format::kMaxCmdlineBytes, out.cmdline, guard)
                          .status == proc::ReadStatus::kOk;
    if (!out.has_cmdline) out.cmdline.clear();
  }
  if (ok && (sources & kSourceLabel)) {
    out.has_label = proc::ReadFileAt(out.dir_fd, "attr/current",
                                     kMaxLabelBytes, out.label, guard)
                        .status == proc::ReadStatus::kOk;
  }

  if (ok && (sources & (kSourceHost | kSourceNamespaces))) {
    ReadNamespaces(out, (sources & kSourceNamespaces) != 0, guard);
  }
  if (ok && (sources & kSourceWchan)) {
    out.has_wchan = ReadSmallFile(out.dir_fd, "wchan", out.wchan, guard);
  }
  if (ok && (sources & kSourceCgroup)) {
    out.has_cgroup = ReadSmallFile(out.dir_fd, "cgroup", out.cgroup, guard);
  }

  if (!ok) CloseProcess(out);
  return outcome;
}

void CloseProcess(ProcessRecord& record) {
  if (record.dir_fd >= 0) close(record.dir_fd);
  record.dir_fd = -1;
}

}  // namespace psnode::core
