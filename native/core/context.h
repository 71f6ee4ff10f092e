// Per-listing state shared by the formatters of every row.
#pragma once

#include "core/host.h"
#include "format/names.h"
#include "proc/idmap.h"
#include "format/tty.h"
#include "proc/system.h"

namespace psnode::core {

enum class OutputFormat {
  kPs,    // procps-ng ps 4.0.2 strings
  kPsgo,  // psgo's strings where they differ from ps's
};

// The ids of a container's user namespace, for a listing that joined a
// container whose user namespace differs from the caller's.
struct IdView {
  proc::IdMap uid_map;  // the target's /proc/PID/uid_map, read from the host
  proc::IdMap gid_map;
  std::uint32_t overflow_uid = 65534;
  std::uint32_t overflow_gid = 65534;
};

struct FormatContext {
  proc::SystemFacts facts;
  std::int64_t now_ns = 0;  // CLOCK_REALTIME at listing start, for psgo's etime
  format::NameResolver* names = nullptr;
  format::TtyNamer* ttys = nullptr;
  OutputFormat format = OutputFormat::kPs;
  const HostIndex* host = nullptr;  // set when listing a joined container
  const IdView* ids = nullptr;      // set when the container's user ns differs
  std::uint64_t proc_pid_ns = 0;    // inode of the PID namespace of the /proc read

  // Returns a uid or gid from /proc as the listed processes see it.
  std::uint32_t ViewUid(std::uint32_t uid) const {
    return ids ? proc::MapToInside(ids->uid_map, uid, ids->overflow_uid) : uid;
  }
  std::uint32_t ViewGid(std::uint32_t gid) const {
    return ids ? proc::MapToInside(ids->gid_map, gid, ids->overflow_gid) : gid;
  }
};

}  // namespace psnode::core
