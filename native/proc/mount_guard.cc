#include "proc/mount_guard.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace psnode::proc {
namespace {

bool MountOf(int fd, std::uint64_t& mount_id, dev_t& dev, bool& by_mount_id) {
  struct statx stx;
  if (statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) != 0) return false;
  dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
  by_mount_id = (stx.stx_mask & STATX_MNT_ID) != 0;
  mount_id = by_mount_id ? stx.stx_mnt_id : 0;
  return true;
}

}  // namespace

bool MountGuard::Accepts(int fd) const {
  std::uint64_t id = 0;
  dev_t file_dev = 0;
  bool has_id = false;
  if (!MountOf(fd, id, file_dev, has_id)) return false;
  if (by_mount_id && has_id) return id == mount_id;
  return file_dev == dev;
}

bool MountGuard::AcceptsNamespace(const struct stat& st) const {
  return st.st_dev == nsfs_dev;
}

bool MakeMountGuard(int proc_fd, dev_t nsfs_dev, MountGuard& out) {
  if (!MountOf(proc_fd, out.mount_id, out.dev, out.by_mount_id)) return false;
  out.nsfs_dev = nsfs_dev;
  return true;
}

}  // namespace psnode::proc
