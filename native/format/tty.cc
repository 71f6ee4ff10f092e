#include "format/tty.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "proc/lines.h"
#include "proc/numbers.h"

namespace psnode::format {
namespace {

constexpr const char* kNoTty = "?";

std::string_view NextToken(std::string_view& line) {
  std::size_t start = line.find_first_not_of(' ');
  if (start == std::string_view::npos) {
    line = {};
    return {};
  }
  std::size_t end = line.find(' ', start);
  if (end == std::string_view::npos) end = line.size();
  std::string_view token = line.substr(start, end - start);
  line.remove_prefix(end);
  return token;
}

bool ParseDriverLine(std::string_view line, TtyDriver& driver) {
  NextToken(line);  // driver name
  std::string_view path = NextToken(line);
  std::string_view major = NextToken(line);
  std::string_view minors = NextToken(line);
  if (path.substr(0, 5) != "/dev/" || path.size() == 5) return false;
  path.remove_prefix(5);
  if (path.size() >= 3 && path.substr(path.size() - 2) == "%d") {
    path.remove_suffix(2);
    driver.numbered = true;
  }
  driver.name.assign(path);
  if (!proc::ParseDecimal(major, driver.major)) return false;

  std::size_t dash = minors.find('-');
  if (!proc::ParseDecimal(minors.substr(0, dash), driver.minor_first)) {
    return false;
  }
  driver.minor_last = driver.minor_first;
  if (dash != std::string_view::npos &&
      !proc::ParseDecimal(minors.substr(dash + 1), driver.minor_last)) {
    return false;
  }
  return true;
}

// Replaces what ps would not print as it is: bytes up to space and above
// '~' become '?'.
std::string Sanitize(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= ' ' || u > 126) c = '?';
  }
  return out;
}

}  // namespace

std::vector<TtyDriver> ParseTtyDrivers(std::string_view text) {
  std::vector<TtyDriver> drivers;
  proc::ForEachLine(text, [&](std::string_view line) {
    TtyDriver driver;
    if (ParseDriverLine(line, driver)) drivers.push_back(std::move(driver));
    return true;
  });
  return drivers;
}

unsigned TtyMajor(std::uint32_t device) { return (device >> 8) & 0xfff; }

unsigned TtyMinor(std::uint32_t device) {
  return (device & 0xff) | ((device >> 12) & 0xfff00);
}

TtyNamer::TtyNamer(std::vector<TtyDriver> drivers, std::string dev_dir)
    : drivers_(std::move(drivers)), dev_dir_(std::move(dev_dir)) {}

bool TtyNamer::IsDevice(const std::string& path, unsigned major,
                        unsigned minor) const {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return false;
  return S_ISCHR(st.st_mode) && ::major(st.st_rdev) == major &&
         ::minor(st.st_rdev) == minor;
}

bool TtyNamer::FromDrivers(unsigned major, unsigned minor,
                           std::string& path) const {
  // ps keeps the drivers in a list built by prepending, so the last
  // matching line of /proc/tty/drivers wins.
  for (auto it = drivers_.rbegin(); it != drivers_.rend(); ++it) {
    const TtyDriver& d = *it;
    if (d.major != major || minor < d.minor_first || minor > d.minor_last) {
      continue;
    }
    std::string base = dev_dir_ + "/" + d.name;
    path = base + std::to_string(minor);  // like /dev/ttyS0
    if (IsDevice(path, major, minor)) return true;
    path = base + "/" + std::to_string(minor);  // like /dev/pts/3
    if (IsDevice(path, major, minor)) return true;
    if (d.numbered) return false;
    path = base;  // like /dev/console
    return IsDevice(path, major, minor);
  }
  return false;
}

bool TtyNamer::FromLink(unsigned major, unsigned minor, int pid_fd,
                        const char* fd, std::string& path) const {
  if (pid_fd < 0) return false;
  char target[128];
  ssize_t n = readlinkat(pid_fd, fd, target, sizeof target - 1);
  if (n <= 0 || n >= static_cast<ssize_t>(sizeof target - 1)) return false;
  path.assign(target, static_cast<std::size_t>(n));
  if (path.compare(0, 5, "/dev/") != 0) return false;
  // The link names a path inside the process's mount namespace, which is
  // the one whose /dev this namer checks.
  std::string checked = dev_dir_ + path.substr(4);
  return IsDevice(checked, major, minor);
}

bool TtyNamer::FromGuess(unsigned major, unsigned minor,
                         std::string& path) const {
  // NOTE: ps also guesses names for about thirty rare serial majors; only
  // the virtual consoles, the 8250 serial ports and the Unix 98 ptys are
  // guessed here, and /proc/tty/drivers names the others on current
  // kernels.
  if (major == 4) {
    path = minor < 64 ? "/dev/tty" + std::to_string(minor)
                      : "/dev/ttyS" + std::to_string(minor - 64);
  } else if (major >= 136 && major <= 143) {
    path = "/dev/pts/" + std::to_string(minor + (major - 136) * 256);
  } else {
    return false;
  }
  return IsDevice(dev_dir_ + path.substr(4), major, minor);
}

std::string TtyNamer::Name(std::uint32_t device, int pid_fd) {
  if (device == 0) return kNoTty;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto cached = cache_.find(device);
    if (cached != cache_.end()) return cached->second;
  }

  unsigned major = TtyMajor(device);
  unsigned minor = TtyMinor(device);
  std::string path;
  bool found = FromDrivers(major, minor, path);
  if (found) {
    path = "/dev" + path.substr(dev_dir_.size());
  } else {
    found = FromLink(major, minor, pid_fd, "fd/2", path) ||
            FromGuess(major, minor, path) ||
            FromLink(major, minor, pid_fd, "fd/255", path);
  }
  if (!found) return kNoTty;  // not cached: another process may name it

  std::string_view shown = path;
  if (shown.substr(0, 5) == "/dev/" && shown.size() > 5) shown.remove_prefix(5);
  std::string name = Sanitize(shown);
  std::lock_guard<std::mutex> lock(mutex_);
  cache_.emplace(device, name);
  return name;
}

}  // namespace psnode::format
