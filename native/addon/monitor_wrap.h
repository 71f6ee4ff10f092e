// The Node-API face of monitor::Monitor: a class whose sample() runs on
// the libuv thread pool.
#pragma once

#include <memory>

#include <napi.h>

#include "monitor/monitor.h"

namespace psnode::addon {

class MonitorWrap : public Napi::ObjectWrap<MonitorWrap> {
 public:
  // Returns the JavaScript class; each Node.js environment (main thread,
  // worker thread) defines its own, so nothing is shared in static storage.
  static Napi::Function Define(Napi::Env env);

  // new Monitor(maxOpenFiles: number)
  explicit MonitorWrap(const Napi::CallbackInfo& info);

 private:
  // sample(pids: number[] | null, cancel: Int32Array | undefined): Promise<object>
  Napi::Value Sample(const Napi::CallbackInfo& info);
  // close(): void
  Napi::Value Close(const Napi::CallbackInfo& info);
  // openFiles: number
  Napi::Value OpenFiles(const Napi::CallbackInfo& info);

  // Shared with running sample workers, so a monitor collected by the
  // garbage collector mid-sample stays alive until the sample ends.
  std::shared_ptr<monitor::Monitor> monitor_;
};

}  // namespace psnode::addon
