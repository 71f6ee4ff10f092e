// The AsyncWorker that runs one listing on the libuv thread pool.
#pragma once

#include <functional>

#include <napi.h>

#include "core/listing.h"

namespace psnode::addon {

// Runs a listing off the main thread and settles a Promise with the rows.
// Execute touches no JavaScript value; OnOK and OnError run on the main
// thread and build the result there.
class ListWorker : public Napi::AsyncWorker {
 public:
  using Job = std::function<core::ListResult()>;

  ListWorker(Napi::Env env, Job job);

  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override;
  void OnOK() override;
  void OnError(const Napi::Error& error) override;

 private:
  Napi::Promise::Deferred deferred_;
  Job job_;
  core::ListResult result_;
};

}  // namespace psnode::addon
