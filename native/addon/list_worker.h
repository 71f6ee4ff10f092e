// The AsyncWorker that runs one listing on the libuv thread pool.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <napi.h>

#include "core/listing.h"

namespace psnode::addon {

// Runs a listing off the main thread and settles a Promise with its rows
// packed as [rowCount, strings of cells each ended by NUL] or, for a typed
// listing, [rowCount, strings, kinds, numbers] (see core::ListResult), which
// lib/packed.ts unpacks. Execute touches no JavaScript value; OnOK and
// OnError run on the main thread and build the result there.
class ListWorker : public Napi::AsyncWorker {
 public:
  using Job = std::function<core::ListResult()>;

  // `typed` requests records rather than rows. `cancel` is the
  // Int32Array whose memory the job's cancel flag points into, kept alive
  // until the worker is done; it may be empty.
  ListWorker(Napi::Env env, Job job, bool typed, Napi::Value cancel);

  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override;
  void OnOK() override;
  void OnError(const Napi::Error& error) override;

 private:
  Napi::Array Rows(Napi::Env env);
  Napi::Value Records(Napi::Env env);

  Napi::Promise::Deferred deferred_;
  Job job_;
  bool typed_;
  Napi::ObjectReference cancel_;
  core::ListResult result_;
  bool ascii_ = false;  // result_.text has no byte above 0x7f
};

}  // namespace psnode::addon
