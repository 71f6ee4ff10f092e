#include "format/names.h"

#include <cerrno>
#include <cstring>
#include <grp.h>
#include <pwd.h>
#include <vector>

#include "proc/lines.h"
#include "proc/numbers.h"

namespace psnode::format {
namespace {

// procps-ng keeps names in a 33-byte buffer (P_G_SZ) and prints the id
// for a name that does not fit.
constexpr std::size_t kMaxNameBytes = 32;

// getpwuid_r and getgrgid_r return ERANGE while the buffer is too small;
// a group with many members needs a large one. 1 MiB bounds the growth.
constexpr std::size_t kMaxBuffer = 1 << 20;

template <typename Entry, typename Lookup, typename NameOf>
std::string Resolve(std::uint32_t id, Lookup lookup, NameOf name_of) {
  std::vector<char> buffer(4096);
  for (;;) {
    Entry entry;
    Entry* result = nullptr;
    int error = lookup(id, &entry, buffer.data(), buffer.size(), &result);
    if (error == ERANGE && buffer.size() < kMaxBuffer) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (error != 0 || result == nullptr) return std::to_string(id);
    return NameOrId(name_of(*result), id);
  }
}

int LookupUser(std::uint32_t uid, passwd* entry, char* buffer, std::size_t size,
               passwd** result) {
  return getpwuid_r(uid, entry, buffer, size, result);
}

int LookupGroup(std::uint32_t gid, group* entry, char* buffer, std::size_t size,
                group** result) {
  return getgrgid_r(gid, entry, buffer, size, result);
}

}  // namespace

std::string NameOrId(const char* name, std::uint32_t id) {
  if (name == nullptr || std::strlen(name) > kMaxNameBytes) {
    return std::to_string(id);
  }
  return name;
}

std::string SystemNames::User(std::uint32_t uid) {
  // Held across the lookup too: NSS lookups are slow, and one thread
  // resolving an id saves the others from resolving it again.
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = users_.find(uid);
  if (it != users_.end()) return it->second;
  std::string name = Resolve<passwd>(
      uid, LookupUser, [](const passwd& p) { return p.pw_name; });
  users_.emplace(uid, name);
  return name;
}

std::string SystemNames::Group(std::uint32_t gid) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = groups_.find(gid);
  if (it != groups_.end()) return it->second;
  std::string name = Resolve<group>(
      gid, LookupGroup, [](const group& g) { return g.gr_name; });
  groups_.emplace(gid, name);
  return name;
}

void ParseNameFile(std::string_view text,
                   std::unordered_map<std::uint32_t, std::string>& out) {
  proc::ForEachLine(text, [&](std::string_view line) {
    std::size_t first = line.find(':');
    if (first == 0 || first == std::string_view::npos) return true;
    std::size_t second = line.find(':', first + 1);
    if (second == std::string_view::npos) return true;
    std::size_t third = line.find(':', second + 1);
    std::string_view id_text = line.substr(
        second + 1, third == std::string_view::npos ? std::string_view::npos
                                                     : third - second - 1);
    std::uint32_t id = 0;
    if (proc::ParseDecimal(id_text, id)) {
      std::string name(line.substr(0, first));
      out.emplace(id, NameOrId(name.c_str(), id));
    }
    return true;
  });
}

FileNames::FileNames(std::string_view passwd, std::string_view group) {
  ParseNameFile(passwd, users_);
  ParseNameFile(group, groups_);
}

std::string FileNames::User(std::uint32_t uid) {
  auto it = users_.find(uid);
  return it == users_.end() ? std::to_string(uid) : it->second;
}

std::string FileNames::Group(std::uint32_t gid) {
  auto it = groups_.find(gid);
  return it == groups_.end() ? std::to_string(gid) : it->second;
}

}  // namespace psnode::format
