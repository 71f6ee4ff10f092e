#include "addon/list_worker.h"

#include <cstring>
#include <utility>

#include "addon/to_js.h"

namespace psnode::addon {

ListWorker::ListWorker(Napi::Env env, Job job, bool typed, Napi::Value cancel)
    : Napi::AsyncWorker(env, "psnode:list"),
      deferred_(Napi::Promise::Deferred::New(env)),
      job_(std::move(job)),
      typed_(typed) {
  if (cancel.IsObject()) cancel_ = Napi::Persistent(cancel.As<Napi::Object>());
}

void ListWorker::Execute() {
  result_ = job_();
  if (result_.error.error != 0) {
    SetError(std::strerror(result_.error.error));
    return;
  }
  ascii_ = IsAscii(result_.text);
}

Napi::Array ListWorker::Rows(Napi::Env env) {
  // [rowCount, strings of every cell, each ended by NUL], that lib/
  // splits: that costs the event loop a fraction of creating a string and
  // an array element per cell through Node-API. Most listings are ASCII,
  // which V8 copies as Latin-1 without the UTF-8 decoder's pass.
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::Number::New(env, static_cast<double>(result_.row_count)));
  out.Set(1u, CellsToJs(env, result_.text, ascii_));
  return out;
}

Napi::Value ListWorker::Records(Napi::Env env) {
  // [rowCount, strings, kinds, numbers], which lib/packed.ts turns into
  // objects: building them in JavaScript costs the event loop a fraction
  // of a Node-API call per field.
  Napi::Array out = Rows(env);
  out.Set(2u, BytesToJs(env, std::move(result_.kinds)));
  out.Set(3u, NumbersToJs(env, std::move(result_.numbers)));
  return out;
}

void ListWorker::OnOK() {
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  Napi::Value value = typed_ ? Records(env) : Rows(env);
  result_ = {};
  deferred_.Resolve(value);
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
