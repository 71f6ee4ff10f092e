// The AsyncWorker that runs one listing on the libuv thread pool.
#pragma once

#include <napi.h>

#include "core/listing.h"

namespace psnode::addon {

// Runs ListProcesses off the main thread and settles a Promise with the
// rows. Execute touches no JavaScript value; OnOK and OnError run on the
// main thread and build the result there.
class ListWorker : public Napi::AsyncWorker {
 public:
  ListWorker(Napi::Env env, core::ListRequest request);

  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override;
  void OnOK() override;
  void OnError(const Napi::Error& error) override;

 private:
  Napi::Promise::Deferred deferred_;
  core::ListRequest request_;
  core::ListResult result_;
};

}  // namespace psnode::addon
