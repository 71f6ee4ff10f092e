#include "proc/status.h"

#include "proc/lines.h"
#include "proc/numbers.h"

namespace psnode::proc {
namespace {

// A status line has the form "Key:\tvalue". Supplementary groups are
// capped at NGROUPS_MAX (65536) by the kernel; more did not come from one.
constexpr std::size_t kMaxListEntries = 65536;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls `fn` on each whitespace-separated token of `value`; stops and
// returns false when `fn` does.
template <typename Fn>
bool ForEachToken(std::string_view value, Fn fn) {
  std::size_t pos = 0;
  while (pos < value.size()) {
    if (value[pos] == ' ' || value[pos] == '\t') {
      ++pos;
      continue;
    }
    std::size_t end = value.find_first_of(" \t", pos);
    if (end == std::string_view::npos) end = value.size();
    if (!fn(value.substr(pos, end - pos))) return false;
    pos = end;
  }
  return true;
}

bool ParseIdQuad(std::string_view value, std::uint32_t (&ids)[4]) {
  int n = 0;
  bool ok = ForEachToken(value, [&](std::string_view token) {
    if (n >= 4) return false;
    return ParseDecimal(token, ids[n++]);
  });
  return ok && n == 4;
}

template <typename T>
void ParseList(std::string_view value, std::vector<T>& out) {
  out.clear();
  bool ok = ForEachToken(value, [&](std::string_view token) {
    T id;
    if (out.size() >= kMaxListEntries || !ParseDecimal(token, id)) return false;
    out.push_back(id);
    return true;
  });
  if (!ok) out.clear();
}

// Parses "   1234 kB" into KiB.
bool ParseKib(std::string_view value, std::uint64_t& out) {
  value = Trim(value);
  if (value.size() > 3 && value.substr(value.size() - 3) == " kB") {
    value.remove_suffix(3);
  }
  return ParseDecimal(Trim(value), out);
}

void ParseLine(std::string_view key, std::string_view value, Status& out,
               bool& uid_ok, bool& gid_ok) {
  if (key == "Uid") {
    uid_ok = ParseIdQuad(value, out.uid);
  } else if (key == "Gid") {
    gid_ok = ParseIdQuad(value, out.gid);
  } else if (key == "Tgid") {
    ParseDecimal(Trim(value), out.tgid);
  } else if (key == "Groups") {
    ParseList(value, out.groups);
  } else if (key == "NSpid") {
    ParseList(value, out.nspid);
  } else if (key == "VmSize") {
    out.has_vm_size = ParseKib(value, out.vm_size_kib);
  } else if (key == "VmLck") {
    ParseKib(value, out.vm_lck_kib);
  } else if (key == "VmRSS") {
    out.has_vm_rss = ParseKib(value, out.vm_rss_kib);
  } else if (key == "Threads") {
    ParseDecimal(Trim(value), out.threads);
  } else if (key == "CapInh") {
    out.has_caps = ParseHex(Trim(value), out.cap_inh);
  } else if (key == "CapPrm") {
    ParseHex(Trim(value), out.cap_prm);
  } else if (key == "CapEff") {
    ParseHex(Trim(value), out.cap_eff);
  } else if (key == "CapBnd") {
    ParseHex(Trim(value), out.cap_bnd);
  } else if (key == "CapAmb") {
    out.has_cap_amb = ParseHex(Trim(value), out.cap_amb);
  } else if (key == "Seccomp") {
    int mode = -1;
    if (ParseDecimal(Trim(value), mode) && mode >= 0 && mode <= 2) {
      out.seccomp = mode;
    }
  }
}

}  // namespace

bool ParseStatus(std::string_view text, Status& out) {
  bool uid_ok = false;
  bool gid_ok = false;
  ForEachLine(text, [&](std::string_view line) {
    std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      ParseLine(line.substr(0, colon), line.substr(colon + 1), out, uid_ok, gid_ok);
    }
    return true;
  });
  out.has_ids = uid_ok && gid_ok;
  return out.has_ids;
}

}  // namespace psnode::proc
