// Listing the processes of containers from the host: join each target's
// mount namespace and read the /proc mounted there.
#pragma once

#include <vector>

#include "core/listing.h"
#include "ns/host_index.h"

namespace psnode::ns {

struct JoinRequest {
  core::ListRequest list;     // columns and format; all_processes is ignored
  std::vector<int> targets;   // host pids whose namespaces to list, in order
  HostIdMaps host_maps;       // for the host descriptors
  bool fill_mappings = false; // take host_maps from /proc/self/{uid,gid}_map
};

// Lists every process of each target's mount namespace, as the /proc
// mounted there shows them. Targets that share a PID namespace are listed
// once, so no process appears twice. Rows come grouped by namespace in
// the order of the targets, ascending by pid within a group. A target
// that does not exist is skipped; one that cannot be joined fails the
// whole listing with its pid in the error.
core::ListResult ListContainers(const JoinRequest& request);

}  // namespace psnode::ns
