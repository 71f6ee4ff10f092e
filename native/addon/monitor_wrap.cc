#include "addon/monitor_wrap.h"

#include <algorithm>
#include <cstring>
#include <sys/resource.h>
#include <utility>

#include "addon/to_js.h"

namespace psnode::addon {
namespace {

// Numbers packed per process; lib/monitor.ts reads them in the same order.
constexpr std::size_t kNumbersPerProcess = 8;
// Bits of the flags number: which texts follow for the process.
constexpr double kHasStatic = 1;
constexpr double kHasComm = 2;

// A quarter of the soft limit on open files, which leaves the rest to the
// application, and at most 4096, past which few machines have processes.
std::size_t DefaultMaxOpenFiles() {
  constexpr std::size_t kMaxDefault = 4096;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return kMaxDefault;
  return std::min<std::size_t>(kMaxDefault, static_cast<std::size_t>(limit.rlim_cur / 4));
}

class SampleWorker : public Napi::AsyncWorker {
 public:
  SampleWorker(Napi::Env env, std::shared_ptr<monitor::Monitor> monitor,
               std::unique_ptr<std::vector<int>> pids, Napi::Value cancel,
               const std::int32_t* cancel_flag)
      : Napi::AsyncWorker(env, "psnode:sample"),
        deferred_(Napi::Promise::Deferred::New(env)),
        monitor_(std::move(monitor)),
        pids_(std::move(pids)),
        cancel_flag_(cancel_flag) {
    if (cancel.IsObject()) cancel_ = Napi::Persistent(cancel.As<Napi::Object>());
  }

  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
    sample_ = monitor_->Take(pids_.get(), cancel_flag_);
    if (sample_.error != 0) {
      SetError(std::strerror(sample_.error));
      return;
    }
    Pack();
    // Freed here rather than with the worker on the main thread.
    std::vector<monitor::ProcessSample>().swap(sample_.processes);
  }

  // Packs the processes on the pool thread into numbers and one string of
  // NUL-ended texts, which lib/monitor.ts turns into objects: building
  // them in JavaScript costs the event loop far less than an object and
  // its properties per process through Node-API. Texts go out only when
  // lib/monitor.ts does not have them yet: comm when it changed, args and
  // user in the first sample that has the process.
  void Pack() {
    numbers_.reserve(sample_.processes.size() * kNumbersPerProcess);
    for (const monitor::ProcessSample& p : sample_.processes) {
      double flags = (p.has_static ? kHasStatic : 0) + (p.has_comm ? kHasComm : 0);
      numbers_.insert(numbers_.end(),
                      {static_cast<double>(p.pid), static_cast<double>(p.ppid), p.cpu,
                       static_cast<double>(p.cpu_ticks), static_cast<double>(p.rss_kib),
                       p.start_ms, static_cast<double>(static_cast<unsigned char>(p.state)),
                       flags});
      if (p.has_comm) {
        text_ += p.comm;
        text_ += '\0';
      }
      if (p.has_static) {
        text_ += p.args;
        text_ += '\0';
        text_ += p.user;
        text_ += '\0';
      }
    }
    ascii_ = IsAscii(text_);
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    // An array rather than an object: setting named properties from C++
    // looks up each name in V8's string table, every sample.
    Napi::Array out = Napi::Array::New(env, 6);
    out.Set(0u, sample_.timestamp_ms);
    out.Set(1u, sample_.interval_ms);
    out.Set(2u, sample_.machine_cpu < 0 ? env.Null() : Napi::Number::New(env, sample_.machine_cpu));
    out.Set(3u, sample_.cpu_count);
    out.Set(4u, NumbersToJs(env, std::move(numbers_)));
    out.Set(5u, TextToJs(env, text_, ascii_));
    deferred_.Resolve(out);
  }

  void OnError(const Napi::Error& error) override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    Napi::Object value = error.Value();
    value.Set("errno", Napi::Number::New(env, sample_.error));
    value.Set("syscall", Napi::String::New(env, "open"));
    value.Set("path", Napi::String::New(env, "/proc"));
    deferred_.Reject(value);
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::shared_ptr<monitor::Monitor> monitor_;
  std::unique_ptr<std::vector<int>> pids_;
  Napi::ObjectReference cancel_;
  const std::int32_t* cancel_flag_;
  monitor::Sample sample_;
  // Per process: pid, ppid, cpu, cpuTicks, rss, startTime, state (a
  // character code), flags (kHasStatic, kHasComm).
  std::vector<double> numbers_;
  // Per process: comm with kHasComm, then args and user with kHasStatic,
  // each ended by NUL.
  std::string text_;
  bool ascii_ = false;  // text_ has no byte above 0x7f
};

}  // namespace

Napi::Function MonitorWrap::Define(Napi::Env env) {
  return DefineClass(env, "Monitor",
                     {InstanceMethod<&MonitorWrap::Sample>("sample"),
                      InstanceMethod<&MonitorWrap::Close>("close"),
                      InstanceAccessor<&MonitorWrap::OpenFiles>("openFiles")});
}

MonitorWrap::MonitorWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<MonitorWrap>(info) {
  std::size_t max_open = DefaultMaxOpenFiles();
  if (info[0].IsNumber()) {
    double n = info[0].As<Napi::Number>().DoubleValue();
    max_open = n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  monitor_ = std::make_shared<monitor::Monitor>(max_open);
}

Napi::Value MonitorWrap::Sample(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::unique_ptr<std::vector<int>> pids;
  if (info[0].IsArray()) {
    Napi::Array array = info[0].As<Napi::Array>();
    pids = std::make_unique<std::vector<int>>();
    for (uint32_t i = 0; i < array.Length(); ++i) {
      pids->push_back(array.Get(i).As<Napi::Number>().Int32Value());
    }
    std::sort(pids->begin(), pids->end());
    pids->erase(std::unique(pids->begin(), pids->end()), pids->end());
  }

  const std::int32_t* cancel_flag = nullptr;
  if (info[1].IsTypedArray()) {
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env, info[1], &type, &length, &data, nullptr, nullptr) ==
            napi_ok &&
        type == napi_int32_array && length >= 1) {
      cancel_flag = static_cast<const std::int32_t*>(data);
    }
  }

  auto* worker = new SampleWorker(env, monitor_, std::move(pids), info[1], cancel_flag);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

Napi::Value MonitorWrap::Close(const Napi::CallbackInfo& info) {
  monitor_->Close();
  return info.Env().Undefined();
}

Napi::Value MonitorWrap::OpenFiles(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(monitor_->open_files()));
}

}  // namespace psnode::addon
