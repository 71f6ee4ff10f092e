#include "core/host_lookup.h"

namespace psnode::core {

const HostProcess* FindHostProcess(const ProcessRecord& record,
                                   const FormatContext& context) {
  if (context.host == nullptr || record.status.nspid.empty()) return nullptr;
  std::uint64_t pid_ns = record.ns_inodes[kPidNs];
  // ns/pid of a task that the kernel's ptrace check protects cannot be
  // read even by root. NSpid has one entry for a process of the PID
  // namespace that the /proc being read belongs to, so that one serves.
  if (pid_ns == 0 && record.status.nspid.size() == 1) pid_ns = context.proc_pid_ns;
  if (pid_ns == 0) return nullptr;
  auto it = context.host->find({pid_ns, record.status.nspid.back()});
  return it == context.host->end() ? nullptr : &it->second;
}

}  // namespace psnode::core
