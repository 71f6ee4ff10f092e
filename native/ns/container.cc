#include "ns/container.h"

#include <cerrno>
#include <ctime>
#include <fcntl.h>
#include <set>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "format/escape.h"
#include "format/names.h"
#include "ns/join.h"
#include "proc/file.h"
#include "proc/numbers.h"

namespace psnode::ns {
namespace {

// Bounds for a container's /etc/passwd and /etc/group: a larger file is
// not read, and ids print as numbers.
constexpr std::size_t kMaxNameFileBytes = 8 * 1024 * 1024;
constexpr std::size_t kMaxSmallFileBytes = 64 * 1024;

// Descriptors that a target keeps open while its namespace is listed.
struct Target {
  int pid = 0;
  int dir_fd = -1;
  int mnt_fd = -1;
  int root_fd = -1;
  std::uint64_t pid_ns = 0;
  bool foreign_user_ns = false;
  core::IdView ids;

  ~Target() {
    for (int fd : {dir_fd, mnt_fd, root_fd}) {
      if (fd >= 0) close(fd);
    }
  }
};

std::uint64_t InodeAt(int dir_fd, const char* path) {
  struct stat st;
  return fstatat(dir_fd, path, &st, 0) == 0 ? st.st_ino : 0;
}

std::uint32_t ReadOverflowId(const char* path) {
  std::string text;
  std::uint32_t id = 65534;
  if (proc::ReadFileAt(AT_FDCWD, path, kMaxSmallFileBytes, text).status ==
      proc::ReadStatus::kOk) {
    while (!text.empty() && text.back() == '\n') text.pop_back();
    proc::ParseDecimal(std::string_view(text), id);
  }
  return id;
}

proc::IdMap ReadIdMap(int dir_fd, const char* name) {
  std::string text;
  proc::ReadFileAt(dir_fd, name, kMaxSmallFileBytes, text);
  return proc::ParseIdMap(text);
}

// Opens what joining `pid` needs, on the host. Returns false with
// `error` unset when the pid does not exist, and with `error` set when it
// exists but cannot be joined.
bool OpenTarget(int proc_fd, std::uint64_t self_user_ns, Target& target,
                core::ListError& error) {
  std::string name = std::to_string(target.pid);
  target.dir_fd = openat(proc_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (target.dir_fd < 0) return false;

  auto fail = [&](const char* syscall, const char* file) {
    int saved = errno;
    if (proc::StatusFromErrno(saved) == proc::ReadStatus::kGone) return false;
    error = {saved, syscall, "/proc/" + name + "/" + file, target.pid};
    return false;
  };
  target.mnt_fd = openat(target.dir_fd, "ns/mnt", O_RDONLY | O_CLOEXEC);
  if (target.mnt_fd < 0) return fail("open", "ns/mnt");
  target.root_fd = openat(target.dir_fd, "root", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (target.root_fd < 0) return fail("open", "root");
  target.pid_ns = InodeAt(target.dir_fd, "ns/pid");
  if (target.pid_ns == 0) return fail("stat", "ns/pid");

  std::uint64_t user_ns = InodeAt(target.dir_fd, "ns/user");
  target.foreign_user_ns = user_ns != 0 && user_ns != self_user_ns;
  if (target.foreign_user_ns) {
    target.ids.uid_map = ReadIdMap(target.dir_fd, "uid_map");
    target.ids.gid_map = ReadIdMap(target.dir_fd, "gid_map");
    target.ids.overflow_uid = ReadOverflowId("/proc/sys/kernel/overflowuid");
    target.ids.overflow_gid = ReadOverflowId("/proc/sys/kernel/overflowgid");
  }
  return true;
}

// Makes sure that nothing the join thread calls reads configuration from
// the container's files: glibc loads the time zone (for localtime_r) and
// locales (for the UTF-8 escaping) on first use, from paths that would
// resolve inside the container.
void LoadHostConfiguration() {
  tzset();
  format::PrepareEscaping();
}

HostIdMaps SelfIdMaps() {
  HostIdMaps maps;
  maps.uid_map = ReadIdMap(AT_FDCWD, "/proc/self/uid_map");
  maps.gid_map = ReadIdMap(AT_FDCWD, "/proc/self/gid_map");
  return maps;
}

// Returns the inode of the PID namespace that the /proc at the thread's
// root belongs to: that of its pid 1, the namespace's init. Falls back to
// `fallback` when pid 1's ns/pid cannot be read or is not a namespace
// (a file planted over the link).
std::uint64_t ProcPidNamespace(std::uint64_t fallback, dev_t nsfs_dev) {
  struct stat st;
  if (stat("/proc/1/ns/pid", &st) != 0 || st.st_dev != nsfs_dev) return fallback;
  return st.st_ino;
}

// Lists the processes of `target`'s container into `result`, unless the
// /proc found there belongs to a PID namespace already in `listed`. The
// key is the /proc's namespace, not the target's: unshare(1) moves itself
// into the new mount namespace but stays in the outer PID namespace, so a
// target's own PID namespace can differ from that of its /proc.
void ListTarget(const JoinRequest& request, const Target& target, const core::HostIndex* host,
                dev_t nsfs_dev, std::set<std::uint64_t>& listed, core::ListResult& result) {
  core::ListRequest list = request.list;
  list.all_processes = true;

  JoinStatus status = RunInMountNamespace(target.mnt_fd, target.root_fd, [&] {
    std::uint64_t proc_pid_ns = ProcPidNamespace(target.pid_ns, nsfs_dev);
    if (!listed.insert(proc_pid_ns).second) return;

    std::string passwd, group;
    proc::ReadRegularFile("/etc/passwd", kMaxNameFileBytes, passwd);
    proc::ReadRegularFile("/etc/group", kMaxNameFileBytes, group);
    format::FileNames names(passwd, group);

    core::ListSource source;
    source.names = &names;
    source.host = host;
    source.ids = target.foreign_user_ns ? &target.ids : nullptr;
    source.proc_pid_ns = proc_pid_ns;
    source.guard_mounts = true;
    source.nsfs_dev = nsfs_dev;
    core::ListFromSource(list, source, result);
  });
  if (status.error != 0) {
    result.error = {status.error, status.syscall,
                    "/proc/" + std::to_string(target.pid) + "/ns/mnt", target.pid};
  } else if (result.error.error != 0) {
    result.error.pid = target.pid;
  }
}

}  // namespace

core::ListResult ListContainers(const JoinRequest& request) {
  core::ListResult result;
  int proc_fd = core::OpenProc("/proc", result.error);
  if (proc_fd < 0) return result;
  LoadHostConfiguration();
  std::uint64_t self_user_ns = InodeAt(AT_FDCWD, "/proc/self/ns/user");
  // nsfs is one file system: every namespace link leads to its device.
  struct stat own_ns;
  dev_t nsfs_dev = stat("/proc/self/ns/pid", &own_ns) == 0 ? own_ns.st_dev : 0;

  core::HostIndex host;
  bool wants_host = core::NeededSources(request.list) & core::kSourceHost;
  if (wants_host) {
    host = BuildHostIndex(request.fill_mappings ? SelfIdMaps() : request.host_maps,
                          request.list.format);
  }

  // The PID namespaces whose /proc has been listed, so that targets which
  // share one (the containers of a pod) list it once.
  std::set<std::uint64_t> listed;
  for (int pid : request.targets) {
    if (request.list.Cancelled()) {
      result.error = {ECANCELED, "", "/proc", 0};
      break;
    }
    Target target;
    target.pid = pid;
    if (!OpenTarget(proc_fd, self_user_ns, target, result.error)) {
      if (result.error.error != 0) break;
      continue;
    }
    ListTarget(request, target, wants_host ? &host : nullptr, nsfs_dev, listed, result);
    if (result.error.error != 0) break;
  }

  close(proc_fd);
  if (result.error.error != 0) {
    result.Clear();
  }
  return result;
}

}  // namespace psnode::ns
