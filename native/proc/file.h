// Bounded reads of files under an open directory descriptor.
#pragma once

#include <cstddef>
#include <string>

#include "proc/mount_guard.h"

namespace psnode::proc {

enum class ReadStatus {
  kOk,
  kGone,      // ENOENT or ESRCH: the process exited meanwhile.
  kDenied,    // EACCES or EPERM.
  kFailed,    // Any other error, kept in `error`.
};

struct ReadResult {
  ReadStatus status = ReadStatus::kOk;
  int error = 0;           // errno of the failed call, 0 on success.
  bool truncated = false;  // The file held more than the byte limit.
};

// Reads the file `name` relative to `dir_fd` into `out`, at most
// `max_bytes` bytes. The file is opened with O_NONBLOCK and O_NOFOLLOW,
// so a FIFO or a symbolic link planted where a /proc file should be
// neither blocks nor redirects the read.
// With `guard`, a file that is not on the guarded procfs mount (one that
// a container bind-mounted there) fails with EXDEV.
ReadResult ReadFileAt(int dir_fd, const char* name, std::size_t max_bytes,
                      std::string& out, const MountGuard* guard = nullptr);

// Reads the regular file at `path` into `out` when it is at most
// `max_bytes`. The open neither blocks (O_NONBLOCK: a FIFO returns at
// once) nor takes a controlling terminal, and anything but a regular file
// (a device such as /dev/zero, a directory, a FIFO) fails with EINVAL, as
// does a file over the limit with EFBIG. For files that a container
// controls, such as its /etc/passwd.
ReadResult ReadRegularFile(const char* path, std::size_t max_bytes,
                           std::string& out);

// Maps an errno value from open or read to a ReadStatus.
ReadStatus StatusFromErrno(int error);

}  // namespace psnode::proc
