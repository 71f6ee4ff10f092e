#include "proc/file.h"

#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace psnode::proc {
namespace {

ReadResult FailedOpen() {
  ReadResult result;
  result.error = errno;
  result.status = StatusFromErrno(result.error);
  return result;
}

// Reads `fd` to its end, at most `max_bytes`, and closes it.
ReadResult ReadAndClose(int fd, std::size_t max_bytes, std::string& out) {
  ReadResult result;

  // procfs files report size 0, so the buffer grows as the reads return
  // data. Each read of a seq_file returns at most one page.
  constexpr std::size_t kChunk = 4096;
  for (;;) {
    std::size_t room = max_bytes - out.size();
    if (room == 0) {
      char probe;
      result.truncated = read(fd, &probe, 1) > 0;
      break;
    }
    std::size_t want = room < kChunk ? room : kChunk;
    std::size_t old_size = out.size();
    out.resize(old_size + want);
    ssize_t got = read(fd, &out[old_size], want);
    if (got < 0) {
      out.resize(old_size);
      if (errno == EINTR) continue;
      result.error = errno;
      result.status = StatusFromErrno(result.error);
      break;
    }
    out.resize(old_size + static_cast<std::size_t>(got));
    if (got == 0) break;
  }

  close(fd);
  return result;
}

}  // namespace

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
                      std::string& out, const MountGuard* guard) {
  out.clear();
  int fd = openat(dir_fd, name,
                  O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return FailedOpen();
  if (guard != nullptr && !guard->Accepts(fd)) {
    close(fd);
    ReadResult result;
    result.error = EXDEV;
    result.status = ReadStatus::kFailed;
    return result;
  }
  return ReadAndClose(fd, max_bytes, out);
}

ReadResult ReadRegularFile(const char* path, std::size_t max_bytes,
                           std::string& out) {
  out.clear();
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return FailedOpen();

  ReadResult result;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    result.error = EINVAL;
  } else if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    result.error = EFBIG;
  }
  if (result.error != 0) {
    close(fd);
    result.status = ReadStatus::kFailed;
    return result;
  }

  // The byte limit also stops a file that grows while it is read.
  result = ReadAndClose(fd, max_bytes, out);
  if (result.status == ReadStatus::kOk && result.truncated) {
    result.status = ReadStatus::kFailed;
    result.error = EFBIG;
  }
  return result;
}

}  // namespace psnode::proc
