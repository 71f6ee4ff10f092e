// Finds the host process of a row of a joined container's listing.
#pragma once

#include "core/context.h"
#include "core/host.h"
#include "core/process.h"

namespace psnode::core {

// Returns the host process of a container process, or nullptr when the
// listing did not join a container or no host process matches.
const HostProcess* FindHostProcess(const ProcessRecord& record,
                                   const FormatContext& context);

}  // namespace psnode::core
