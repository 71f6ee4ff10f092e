#include "addon/list_worker.h"

#include <cstring>

namespace psnode::addon {

ListWorker::ListWorker(Napi::Env env, Job job)
    : Napi::AsyncWorker(env, "psnode:list"),
      deferred_(Napi::Promise::Deferred::New(env)),
      job_(std::move(job)) {}

void ListWorker::Execute() {
  result_ = job_();
  if (result_.error.error != 0) {
    SetError(std::strerror(result_.error.error));
  }
}

void ListWorker::OnOK() {
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  Napi::Array rows = Napi::Array::New(env, result_.rows.size());
  for (std::size_t i = 0; i < result_.rows.size(); ++i) {
    const core::Row& row = result_.rows[i];
    Napi::Array cells = Napi::Array::New(env, row.size());
    for (std::size_t j = 0; j < row.size(); ++j) {
      cells.Set(static_cast<uint32_t>(j), Napi::String::New(env, row[j]));
    }
    rows.Set(static_cast<uint32_t>(i), cells);
  }
  result_.rows.clear();
  deferred_.Resolve(rows);
}

void ListWorker::OnError(const Napi::Error& error) {
  // The TypeScript layer turns these fields into a Node-style system
  // error (code, errno, syscall, path).
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  Napi::Object value = error.Value();
  value.Set("errno", Napi::Number::New(env, result_.error.error));
  value.Set("syscall", Napi::String::New(env, result_.error.syscall));
  value.Set("path", Napi::String::New(env, result_.error.path));
  if (result_.error.pid != 0) value.Set("pid", Napi::Number::New(env, result_.error.pid));
  deferred_.Reject(value);
}

}  // namespace psnode::addon
