#include "addon/testing.h"

#include <fcntl.h>
#include <string>
#include <vector>

#include "core/pid_feed.h"
#include "format/caps.h"
#include "format/names.h"
#include "format/command.h"
#include "format/time.h"
#include "format/tty.h"
#include "proc/idmap.h"
#include "proc/stat.h"
#include "proc/status.h"
#include "proc/system.h"

namespace psnode::addon {
namespace {

// Accepts a Buffer (any bytes) or a string (as UTF-8).
std::string Bytes(const Napi::Value& value) {
  if (value.IsBuffer()) {
    auto buffer = value.As<Napi::Buffer<char>>();
    return std::string(buffer.Data(), buffer.Length());
  }
  return value.As<Napi::String>().Utf8Value();
}

// comm comes back as a Buffer, since its bytes need not be UTF-8.
Napi::Value ParseStat(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  proc::Stat s;
  if (!proc::ParseStat(Bytes(info[0]), s)) return env.Null();
  Napi::Object out = Napi::Object::New(env);
  out.Set("pid", s.pid);
  out.Set("comm", Napi::Buffer<char>::Copy(env, s.comm.data(), s.comm.size()));
  out.Set("state", std::string(1, s.state));
  out.Set("ppid", s.ppid);
  out.Set("pgrp", s.pgrp);
  out.Set("session", s.session);
  out.Set("ttyNr", static_cast<double>(s.tty_nr));
  out.Set("tpgid", s.tpgid);
  out.Set("utime", static_cast<double>(s.utime));
  out.Set("stime", static_cast<double>(s.stime));
  out.Set("priority", static_cast<double>(s.priority));
  out.Set("nice", static_cast<double>(s.nice));
  out.Set("numThreads", static_cast<double>(s.num_threads));
  out.Set("starttime", static_cast<double>(s.starttime));
  out.Set("vsize", static_cast<double>(s.vsize));
  out.Set("rss", static_cast<double>(s.rss));
  out.Set("processor", s.processor);
  out.Set("rtPriority", s.rt_priority);
  out.Set("policy", s.policy);
  return out;
}

Napi::Array Numbers(Napi::Env env, const std::uint32_t* ids, std::size_t n) {
  Napi::Array out = Napi::Array::New(env, n);
  for (std::size_t i = 0; i < n; ++i) out.Set(static_cast<uint32_t>(i), ids[i]);
  return out;
}

Napi::Value ParseStatus(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  proc::Status s;
  if (!proc::ParseStatus(Bytes(info[0]), s)) return env.Null();
  Napi::Object out = Napi::Object::New(env);
  out.Set("tgid", s.tgid);
  out.Set("uid", Numbers(env, s.uid, 4));
  out.Set("gid", Numbers(env, s.gid, 4));
  out.Set("groups", Numbers(env, s.groups.data(), s.groups.size()));
  Napi::Array nspid = Napi::Array::New(env, s.nspid.size());
  for (std::size_t i = 0; i < s.nspid.size(); ++i) {
    nspid.Set(static_cast<uint32_t>(i), s.nspid[i]);
  }
  out.Set("nspid", nspid);
  out.Set("vmSizeKib", s.has_vm_size ? Napi::Value(Napi::Number::New(env, s.vm_size_kib)) : env.Null());
  out.Set("vmRssKib", s.has_vm_rss ? Napi::Value(Napi::Number::New(env, s.vm_rss_kib)) : env.Null());
  out.Set("vmLckKib", static_cast<double>(s.vm_lck_kib));
  out.Set("threads", static_cast<double>(s.threads));
  out.Set("capEff", Napi::BigInt::New(env, static_cast<uint64_t>(s.cap_eff)));
  out.Set("capAmb", s.has_cap_amb ? Napi::Value(Napi::BigInt::New(env, static_cast<uint64_t>(s.cap_amb))) : env.Null());
  out.Set("seccomp", s.seccomp);
  return out;
}

// Formatters return Buffers so a test can check escaping byte by byte.
Napi::Value FormatArgs(const Napi::CallbackInfo& info) {
  std::string state = info[2].As<Napi::String>().Utf8Value();
  std::string out = format::FormatArgs(Bytes(info[0]), Bytes(info[1]),
                                       state.empty() ? '?' : state[0]);
  return Napi::Buffer<char>::Copy(info.Env(), out.data(), out.size());
}

Napi::Value FormatComm(const Napi::CallbackInfo& info) {
  std::string out = format::FormatComm(Bytes(info[0]));
  return Napi::Buffer<char>::Copy(info.Env(), out.data(), out.size());
}

Napi::Value FormatCapabilities(const Napi::CallbackInfo& info) {
  bool lossless = false;
  uint64_t mask = info[0].As<Napi::BigInt>().Uint64Value(&lossless);
  int last = info[1].As<Napi::Number>().Int32Value();
  return Napi::String::New(info.Env(), format::FormatCapabilities(mask, last));
}

std::uint64_t Unsigned(const Napi::Value& value) {
  if (value.IsBigInt()) {
    bool lossless = false;
    return value.As<Napi::BigInt>().Uint64Value(&lossless);
  }
  return static_cast<std::uint64_t>(value.As<Napi::Number>().Int64Value());
}

Napi::Value FormatElapsed(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), format::FormatElapsed(Unsigned(info[0])));
}

Napi::Value FormatCpuTime(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), format::FormatCpuTime(Unsigned(info[0])));
}

Napi::Value FormatGoDuration(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), format::FormatGoDuration(Unsigned(info[0])));
}

Napi::Value FormatStartTime(const Napi::CallbackInfo& info) {
  return Napi::String::New(
      info.Env(), format::FormatStartTime(info[0].As<Napi::Number>().Int64Value(),
                                          info[1].As<Napi::Number>().Int64Value()));
}

Napi::Value TtyName(const Napi::CallbackInfo& info) {
  // ttyName(driversText, device, devDir)
  format::TtyNamer namer(format::ParseTtyDrivers(Bytes(info[0])),
                         info[2].As<Napi::String>().Utf8Value());
  uint32_t device = info[1].As<Napi::Number>().Uint32Value();
  return Napi::String::New(info.Env(), namer.Name(device, -1));
}

Napi::Value ParseUptimeTicks(const Napi::CallbackInfo& info) {
  std::uint64_t ticks = 0;
  if (!proc::ParseUptimeTicks(Bytes(info[0]), info[1].As<Napi::Number>().Int64Value(), ticks)) {
    return info.Env().Null();
  }
  return Napi::Number::New(info.Env(), static_cast<double>(ticks));
}

// fileNames(passwd, group, uid, gid) -> [user, group], as a container's
// files resolve them.
Napi::Value FileNames(const Napi::CallbackInfo& info) {
  format::FileNames names(Bytes(info[0]), Bytes(info[1]));
  Napi::Array out = Napi::Array::New(info.Env(), 2);
  out.Set(0u, names.User(info[2].As<Napi::Number>().Uint32Value()));
  out.Set(1u, names.Group(info[3].As<Napi::Number>().Uint32Value()));
  return out;
}

// parseIdMap(text) -> [[inside, outside, count], ...]
Napi::Value ParseIdMap(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  proc::IdMap map = proc::ParseIdMap(Bytes(info[0]));
  Napi::Array out = Napi::Array::New(env, map.size());
  for (std::size_t i = 0; i < map.size(); ++i) {
    Napi::Array range = Napi::Array::New(env, 3);
    range.Set(0u, map[i].inside);
    range.Set(1u, map[i].outside);
    range.Set(2u, map[i].count);
    out.Set(static_cast<uint32_t>(i), range);
  }
  return out;
}

Napi::Value ToArray(Napi::Env env, const std::vector<int>& values) {
  Napi::Array out = Napi::Array::New(env, values.size());
  for (std::size_t i = 0; i < values.size(); ++i) out.Set(static_cast<uint32_t>(i), values[i]);
  return out;
}

Napi::Value ReadPidFeed(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = info[0].As<Napi::String>().Utf8Value();
  core::PidFeed feed(info[1].As<Napi::Number>().Uint32Value());
  if (!feed.Fill(open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC))) return env.Null();
  std::vector<int> pids;
  for (std::size_t i = 0; i < feed.size(); ++i) pids.push_back(feed[i]);
  Napi::Object out = Napi::Object::New(env);
  out.Set("pids", ToArray(env, pids));
  out.Set("overflow", ToArray(env, feed.overflow()));
  out.Set("ascending", feed.ascending());
  return out;
}

}  // namespace

Napi::Object TestingExports(Napi::Env env) {
  Napi::Object t = Napi::Object::New(env);
  t.Set("parseStat", Napi::Function::New(env, ParseStat));
  t.Set("parseStatus", Napi::Function::New(env, ParseStatus));
  t.Set("formatArgs", Napi::Function::New(env, FormatArgs));
  t.Set("formatComm", Napi::Function::New(env, FormatComm));
  t.Set("formatCapabilities", Napi::Function::New(env, FormatCapabilities));
  t.Set("formatElapsed", Napi::Function::New(env, FormatElapsed));
  t.Set("formatCpuTime", Napi::Function::New(env, FormatCpuTime));
  t.Set("formatGoDuration", Napi::Function::New(env, FormatGoDuration));
  t.Set("formatStartTime", Napi::Function::New(env, FormatStartTime));
  t.Set("ttyName", Napi::Function::New(env, TtyName));
  t.Set("parseUptimeTicks", Napi::Function::New(env, ParseUptimeTicks));
  t.Set("fileNames", Napi::Function::New(env, FileNames));
  t.Set("parseIdMap", Napi::Function::New(env, ParseIdMap));
  t.Set("readPidFeed", Napi::Function::New(env, ReadPidFeed));
  return t;
}

}  // namespace psnode::addon
