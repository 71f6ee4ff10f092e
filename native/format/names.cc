#include "format/names.h"

#include <cerrno>
#include <cstring>
#include <grp.h>
#include <pwd.h>
#include <vector>

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
  auto it = users_.find(uid);
  if (it != users_.end()) return it->second;
  std::string name = Resolve<passwd>(
      uid, LookupUser, [](const passwd& p) { return p.pw_name; });
  users_.emplace(uid, name);
  return name;
}

std::string SystemNames::Group(std::uint32_t gid) {
  auto it = groups_.find(gid);
  if (it != groups_.end()) return it->second;
  std::string name = Resolve<group>(
      gid, LookupGroup, [](const group& g) { return g.gr_name; });
  groups_.emplace(gid, name);
  return name;
}

}  // namespace psnode::format
