#include "addon/list_worker.h"

#include <cstring>

namespace psnode::addon {
namespace {

bool IsAscii(const std::string& text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

Napi::Value ToJs(Napi::Env env, const core::Value& value) {
  using Kind = core::Value::Kind;
  switch (value.kind) {
    case Kind::kNumber:
      return Napi::Number::New(env, value.number);
    case Kind::kString:
      return Napi::String::New(env, value.text);
    case Kind::kStrings: {
      Napi::Array list = Napi::Array::New(env, value.strings.size());
      for (std::size_t i = 0; i < value.strings.size(); ++i) {
        list.Set(static_cast<uint32_t>(i), Napi::String::New(env, value.strings[i]));
      }
      return list;
    }
    case Kind::kNumbers: {
      Napi::Array list = Napi::Array::New(env, value.numbers.size());
      for (std::size_t i = 0; i < value.numbers.size(); ++i) {
        list.Set(static_cast<uint32_t>(i), Napi::Number::New(env, value.numbers[i]));
      }
      return list;
    }
    case Kind::kNull:
      break;
  }
  return env.Null();
}

}  // namespace

ListWorker::ListWorker(Napi::Env env, Job job, std::vector<std::string> keys,
                       Napi::Value cancel)
    : Napi::AsyncWorker(env, "psnode:list"),
      deferred_(Napi::Promise::Deferred::New(env)),
      job_(std::move(job)),
      keys_(std::move(keys)) {
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

Napi::Value ListWorker::Rows(Napi::Env env) {
  // One string of every cell, each ended by NUL, that lib/ splits: that
  // costs the event loop a fraction of creating a string and an array
  // element per cell through Node-API. Most listings are ASCII, which V8
  // copies as Latin-1 without the UTF-8 decoder's pass over every byte.
  const std::string& text = result_.text;
  napi_value string = nullptr;
  napi_status status =
      ascii_ ? napi_create_string_latin1(env, text.data(), text.size(), &string)
             : napi_create_string_utf8(env, text.data(), text.size(), &string);
  NAPI_THROW_IF_FAILED(env, status, Napi::Value());
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::Number::New(env, static_cast<double>(result_.row_count)));
  out.Set(1u, Napi::Value(env, string));
  return out;
}

Napi::Value ListWorker::Records(Napi::Env env) {
  Napi::Array records = Napi::Array::New(env, result_.records.size());
  for (std::size_t i = 0; i < result_.records.size(); ++i) {
    const std::vector<core::Value>& values = result_.records[i];
    Napi::Object record = Napi::Object::New(env);
    for (std::size_t j = 0; j < values.size() && j < keys_.size(); ++j) {
      record.Set(keys_[j], ToJs(env, values[j]));
    }
    records.Set(static_cast<uint32_t>(i), record);
  }
  return records;
}

void ListWorker::OnOK() {
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  Napi::Value value = keys_.empty() ? Rows(env) : Records(env);
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
