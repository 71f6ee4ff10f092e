// Runs work inside another mount namespace without moving any thread of
// the caller's: the work runs on a thread of its own that exits after it.
#pragma once

#include <functional>

namespace psnode::ns {

struct JoinStatus {
  int error = 0;  // errno of the failed step, 0 on success
  const char* syscall = "";
};

// Starts a thread that unshares its filesystem attributes (CLONE_FS),
// joins the mount namespace `mnt_ns_fd` (an open /proc/PID/ns/mnt),
// changes its root to `root_fd` (an open /proc/PID/root, so a container
// that chroots is read from its own root), runs `work`, and exits. Blocks
// until the thread has exited.
//
// setns(CLONE_NEWNS) fails with EINVAL in a thread that shares its
// filesystem attributes with others, which every thread of a Node.js
// process does. A thread left in a container's namespace would also read
// the container's files for the rest of its life. Hence the thread of its
// own. `work` must not call NSS or load libraries: inside the container
// they would come from the container's files.
JoinStatus RunInMountNamespace(int mnt_ns_fd, int root_fd,
                               const std::function<void()>& work);

}  // namespace psnode::ns
