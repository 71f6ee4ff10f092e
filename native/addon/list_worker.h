// The AsyncWorker that runs one listing on the libuv thread pool.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <napi.h>

#include "core/listing.h"

namespace psnode::addon {

// Runs a listing off the main thread and settles a Promise with its rows
// ([rowCount, cells joined with NUL], which lib/ splits) or, for a typed
// listing, its records (objects keyed by descriptor name). Execute touches no JavaScript value; OnOK and
// OnError run on the main thread and build the result there.
class ListWorker : public Napi::AsyncWorker {
 public:
  using Job = std::function<core::ListResult()>;

  // `keys` names the record fields of a typed listing. `cancel` is the
  // Int32Array whose memory the job's cancel flag points into, kept alive
  // until the worker is done; it may be empty.
  ListWorker(Napi::Env env, Job job, std::vector<std::string> keys, Napi::Value cancel);

  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override;
  void OnOK() override;
  void OnError(const Napi::Error& error) override;

 private:
  Napi::Value Rows(Napi::Env env);
  Napi::Value Records(Napi::Env env);

  Napi::Promise::Deferred deferred_;
  Job job_;
  std::vector<std::string> keys_;
  Napi::ObjectReference cancel_;
  core::ListResult result_;
  bool ascii_ = false;  // result_.text has no byte above 0x7f
};

}  // namespace psnode::addon
