// Names of controlling terminals from their device numbers, resolved as
// procps-ng ps 4.0.2 resolves them.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace psnode::format {

// One line of /proc/tty/drivers: a device path prefix and the device
// numbers it serves.
struct TtyDriver {
  std::string name;  // path below /dev, e.g. "pts" or "ttyS"
  bool numbered = false;  // the path ended in "%d" (old devfs names)
  unsigned major = 0;
  unsigned minor_first = 0;
  unsigned minor_last = 0;
};

// Parses /proc/tty/drivers. Lines that do not parse are skipped.
std::vector<TtyDriver> ParseTtyDrivers(std::string_view text);

// Splits a device number as the kernel encodes it in stat field 7:
// 12 bits of major, 20 bits of minor.
unsigned TtyMajor(std::uint32_t device);
unsigned TtyMinor(std::uint32_t device);

// Resolves device numbers to names such as "pts/3", "tty1" or "ttyS0".
// One instance serves one listing, shared by its threads: it caches each
// device number it has resolved, so /dev is looked at once per terminal,
// not once per process.
class TtyNamer {
 public:
  // `dev_dir` is the /dev to check names against (a container's own /dev
  // once its mount namespace is joined).
  TtyNamer(std::vector<TtyDriver> drivers, std::string dev_dir = "/dev");

  // Returns the name of `device`, or "?" for no terminal or an unknown one.
  // `pid_fd`, an open /proc/PID directory, lets the name come from the
  // process's standard error or bash's fd 255 when no driver names it.
  std::string Name(std::uint32_t device, int pid_fd);

 private:
  bool FromDrivers(unsigned major, unsigned minor, std::string& path) const;
  bool FromLink(unsigned major, unsigned minor, int pid_fd, const char* fd,
                std::string& path) const;
  bool FromGuess(unsigned major, unsigned minor, std::string& path) const;
  bool IsDevice(const std::string& path, unsigned major, unsigned minor) const;

  std::vector<TtyDriver> drivers_;
  std::string dev_dir_;
  std::mutex mutex_;
  std::unordered_map<std::uint32_t, std::string> cache_;
};

}  // namespace psnode::format
