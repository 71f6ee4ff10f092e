// User and group names for ids, cached for the length of one listing.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace psnode::format {

// Source of user and group names. Every implementation returns the
// decimal id when the id has no entry, or when its name is 33 bytes or
// longer, which is what procps-ng ps 4.0.2 prints in those cases.
class NameResolver {
 public:
  virtual ~NameResolver() = default;
  virtual std::string User(std::uint32_t uid) = 0;
  virtual std::string Group(std::uint32_t gid) = 0;
};

// Resolves names through the C library (getpwuid_r, getgrgid_r), so users
// that NSS modules provide resolve as they do for ps. Only for the
// caller's own mount namespace: in a container's, NSS would load the
// container's shared libraries into this process. Safe to share between
// the threads of one listing.
class SystemNames : public NameResolver {
 public:
  std::string User(std::uint32_t uid) override;
  std::string Group(std::uint32_t gid) override;

 private:
  std::mutex mutex_;
  std::unordered_map<std::uint32_t, std::string> users_;
  std::unordered_map<std::uint32_t, std::string> groups_;
};

// Resolves names from the text of a passwd and a group file, without the
// C library. For a container's /etc/passwd and /etc/group, which must be
// read as files: NSS would load the container's shared libraries. Like
// the files backend of NSS, the first line with an id wins. Read-only
// after construction, so threads may share it.
class FileNames : public NameResolver {
 public:
  FileNames(std::string_view passwd, std::string_view group);
  std::string User(std::uint32_t uid) override;
  std::string Group(std::uint32_t gid) override;

 private:
  std::unordered_map<std::uint32_t, std::string> users_;
  std::unordered_map<std::uint32_t, std::string> groups_;
};

// Parses "name:password:id:..." lines (passwd(5), group(5)) into `out`,
// keeping the first name of each id. Lines that do not parse are skipped.
void ParseNameFile(std::string_view text,
                   std::unordered_map<std::uint32_t, std::string>& out);

// Returns `name` when ps would print it, else the decimal `id`.
std::string NameOrId(const char* name, std::uint32_t id);

}  // namespace psnode::format
