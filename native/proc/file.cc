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

// Reads `fd` to its end, at most `max_bytes`, and closes it. With
// `short_read_ends`, a read that returns less than it asked for ends the
// file, which saves the read of 0 bytes per file: procfs's seq_file and
// cmdline reads return short only at the end of the file.
ReadResult ReadAndClose(int fd, std::size_t max_bytes, std::string& out, bool short_read_ends) {
  ReadResult result;

  // procfs files report size 0, so the text is read in chunks of one page,
  // the most a seq_file read returns, into a buffer that is not
  // zero-filled first.
  constexpr std::size_t kChunk = 4096;
  char chunk[kChunk];
  for (;;) {
    std::size_t room = max_bytes - out.size();
    if (room == 0) {
      char probe;
      result.truncated = read(fd, &probe, 1) > 0;
      break;
    }
    std::size_t want = room < kChunk ? room : kChunk;
    ssize_t got = read(fd, chunk, want);
    if (got < 0) {
      if (errno == EINTR) continue;
      result.error = errno;
      result.status = StatusFromErrno(result.error);
      break;
    }
    out.append(chunk, static_cast<std::size_t>(got));
    if (got == 0 || (short_read_ends && static_cast<std::size_t>(got) < want)) break;
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
  return ReadAndClose(fd, max_bytes, out, true);
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
  result = ReadAndClose(fd, max_bytes, out, false);
  if (result.status == ReadStatus::kOk && result.truncated) {
    result.status = ReadStatus::kFailed;
    result.error = EFBIG;
  }
  return result;
}

}  // namespace psnode::proc
