#include "proc/file.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace psnode::proc {

ReadStatus StatusFromErrno(int error) {
  switch (error) {
    case ENOENT:
    case ESRCH:
      return ReadStatus::kGone;
    case EACCES:
    case EPERM:
      return ReadStatus::kDenied;
    default:
      return ReadStatus::kFailed;
  }
}

ReadResult ReadFileAt(int dir_fd, const char* name, std::size_t max_bytes,
                      std::string& out) {
  ReadResult result;
  out.clear();

  int fd = openat(dir_fd, name,
                  O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    result.error = errno;
    result.status = StatusFromErrno(result.error);
    return result;
  }

  // procfs files report size 0, so the buffer grows as the reads return
  // data. Each read of a seq_file returns at most one page.
  constexpr std::size_t kChunk = 4096;
  for (;;) {
    std::size_t room = max_bytes - out.size();
    if (room == 0) {
      char probe;
      ssize_t extra = read(fd, &probe, 1);
      result.truncated = extra > 0;
      break;
    }
    std::size_t want = room < kChunk ? room : kChunk;
    std::size_t old_size = out.size();
    out.resize(old_size + want);
    ssize_t got = read(fd, &out[old_size], want);
    if (got < 0) {
      if (errno == EINTR) {
        out.resize(old_size);
        continue;
      }
      result.error = errno;
      result.status = StatusFromErrno(result.error);
      out.resize(old_size);
      break;
    }
    out.resize(old_size + static_cast<std::size_t>(got));
    if (got == 0) break;
  }

  close(fd);
  return result;
}

}  // namespace psnode::proc
