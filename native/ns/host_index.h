// The host side of a container listing: every host process, keyed so
// that a container's /proc can find it.
#pragma once

#include "core/context.h"
#include "core/host.h"
#include "proc/idmap.h"

namespace psnode::ns {

// Maps that psgo's callers pass for a caller that itself runs in a user
// namespace: the host ids are the caller's ids mapped through them
// (inside = the caller's id, outside = the host id). Empty means identity.
struct HostIdMaps {
  proc::IdMap uid_map;
  proc::IdMap gid_map;
};

// Reads the caller's /proc (the host's) and indexes each process by its
// PID namespace inode and its pid inside that namespace, with its host
// descriptors formatted. Names come from the C library, so this must run
// before any thread joins a container. Processes that vanish are skipped.
core::HostIndex BuildHostIndex(const HostIdMaps& maps, core::OutputFormat format);

}  // namespace psnode::ns
