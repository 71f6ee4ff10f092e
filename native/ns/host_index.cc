#include "ns/host_index.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/listing.h"
#include "core/reader.h"
#include "format/names.h"

namespace psnode::ns {
namespace {

// The kernel's default overflowuid and overflowgid, printed for an id
// that the caller's maps do not cover.
constexpr std::uint32_t kOverflowId = 65534;

std::uint32_t MapId(const proc::IdMap& map, std::uint32_t id) {
  return map.empty() ? id : proc::MapToOutside(map, id, kOverflowId);
}

core::HostProcess Describe(const core::ProcessRecord& record, const HostIdMaps& maps,
                           format::NameResolver& names, core::OutputFormat format) {
  core::HostProcess host;
  std::uint32_t uid = MapId(maps.uid_map, record.status.uid[1]);
  std::uint32_t gid = MapId(maps.gid_map, record.status.gid[1]);
  host.pid_number = record.pid;
  host.uid_number = uid;
  host.pid = std::to_string(record.pid);
  host.uid = std::to_string(uid);
  host.user = names.User(uid);
  host.group = names.Group(gid);
  for (std::uint32_t supplementary : record.status.groups) {
    host.group_names.push_back(names.Group(MapId(maps.gid_map, supplementary)));
    if (!host.groups.empty()) host.groups += ',';
    host.groups += host.group_names.back();
  }
  // As the groups descriptor prints an empty list.
  if (host.groups.empty() && format == core::OutputFormat::kPs) host.groups = "-";
  return host;
}

}  // namespace

core::HostIndex BuildHostIndex(const HostIdMaps& maps, core::OutputFormat format) {
  core::HostIndex index;
  core::ListError error;
  int proc_fd = core::OpenProc("/proc", error);
  if (proc_fd < 0) return index;

  // The PID namespace of the caller's /proc, for processes whose own ns/pid
  // cannot be read (see FindHost in core/columns_ids.cc).
  struct stat self;
  std::uint64_t own_pid_ns = fstatat(proc_fd, "self/ns/pid", &self, 0) == 0 ? self.st_ino : 0;

  std::vector<int> pids;
  if (core::ListPids(proc_fd, pids, error)) {
    format::SystemNames names;
    for (int pid : pids) {
      core::ProcessRecord record;
      if (core::ReadProcess(proc_fd, pid, 0, core::kSourceHost, false, record) !=
          core::ReadOutcome::kOk) {
        continue;
      }
      core::CloseProcess(record);
      std::uint64_t pid_ns = record.ns_inodes[core::kPidNs];
      if (pid_ns == 0 && record.status.nspid.size() <= 1) pid_ns = own_pid_ns;
      if (pid_ns == 0) continue;
      int inner_pid = record.status.nspid.empty() ? pid : record.status.nspid.back();
      index.emplace(core::HostKey{pid_ns, inner_pid},
                    Describe(record, maps, names, format));
    }
  }
  close(proc_fd);
  return index;
}

}  // namespace psnode::ns
