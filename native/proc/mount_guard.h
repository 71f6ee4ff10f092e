// Checks that files read under a container's /proc come from that procfs
// mount, not from something the container bind-mounted over a part of it.
#pragma once

#include <cstdint>
#include <sys/stat.h>
#include <sys/types.h>

namespace psnode::proc {

// The identity of one procfs mount. A bind mount over /proc/PID or
// /proc/PID/stat is a mount of its own, with another mount id (statx's
// stx_mnt_id, Linux 5.8 and later) and, for a file from another file
// system, another device; either shows that the file is not procfs's.
struct MountGuard {
  std::uint64_t mount_id = 0;
  bool by_mount_id = false;  // false on kernels without STATX_MNT_ID: check the device
  dev_t dev = 0;
  dev_t nsfs_dev = 0;        // device of nsfs, where /proc/PID/ns/* links lead

  // Returns true when the open file `fd` lies on the guarded mount.
  bool Accepts(int fd) const;

  // Returns true when `st`, from following a /proc/PID/ns/* link, is a
  // namespace inode rather than a file planted over the link.
  bool AcceptsNamespace(const struct stat& st) const;
};

// Fills `out` for the procfs open at `proc_fd`; `nsfs_dev` is the device
// of a namespace link followed on the host (nsfs is one file system).
// Returns false when the identity cannot be read.
bool MakeMountGuard(int proc_fd, dev_t nsfs_dev, MountGuard& out);

}  // namespace psnode::proc
