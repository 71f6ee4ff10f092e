#include "addon/to_js.h"

#include <algorithm>
#include <utility>

namespace psnode::addon {
namespace {

// Wraps the memory of `values` in an ArrayBuffer that frees it when
// collected, or copies it into a new ArrayBuffer when external memory is
// not allowed.
template <typename T>
Napi::ArrayBuffer TakeBuffer(Napi::Env env, std::vector<T>&& values) {
  std::size_t bytes = values.size() * sizeof(T);
  if (bytes > 0) {
    auto* owned = new std::vector<T>(std::move(values));
    napi_value buffer = nullptr;
    napi_status status = napi_create_external_arraybuffer(
        env, owned->data(), bytes,
        [](napi_env, void*, void* hint) { delete static_cast<std::vector<T>*>(hint); },
        owned, &buffer);
    if (status == napi_ok) return Napi::ArrayBuffer(env, buffer);
    // NOTE: this copy runs only where V8's sandbox forbids external
    // memory (Electron); Node.js, where the tests run, allows it.
    values = std::move(*owned);
    delete owned;
  }
  Napi::ArrayBuffer copy = Napi::ArrayBuffer::New(env, bytes);
  if (bytes > 0) std::copy(values.begin(), values.end(), static_cast<T*>(copy.Data()));
  return copy;
}

}  // namespace

bool IsAscii(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

Napi::Value TextToJs(Napi::Env env, const std::string& text, bool ascii) {
  napi_value string = nullptr;
  napi_status status =
      ascii ? napi_create_string_latin1(env, text.data(), text.size(), &string)
            : napi_create_string_utf8(env, text.data(), text.size(), &string);
  NAPI_THROW_IF_FAILED(env, status, Napi::Value());
  return Napi::Value(env, string);
}

Napi::Value CellsToJs(Napi::Env env, const std::string& cells, bool ascii) {
  // 32 KiB of UTF-8 is at most 64 KiB as a two-byte string.
  constexpr std::size_t kChunkBytes = 32 * 1024;
  Napi::Array out = Napi::Array::New(env);
  std::size_t start = 0;
  uint32_t index = 0;
  while (start < cells.size()) {
    std::size_t end = cells.size();
    if (end - start > kChunkBytes) {
      std::size_t nul = cells.find('\0', start + kChunkBytes - 1);
      if (nul != std::string::npos) end = nul + 1;
    }
    napi_value string = nullptr;
    napi_status status =
        ascii ? napi_create_string_latin1(env, cells.data() + start, end - start, &string)
              : napi_create_string_utf8(env, cells.data() + start, end - start, &string);
    NAPI_THROW_IF_FAILED(env, status, Napi::Value());
    out.Set(index++, Napi::Value(env, string));
    start = end;
  }
  return out;
}

Napi::Value NumbersToJs(Napi::Env env, std::vector<double>&& values) {
  std::size_t length = values.size();
  Napi::ArrayBuffer buffer = TakeBuffer(env, std::move(values));
  return Napi::Float64Array::New(env, length, buffer, 0);
}

Napi::Value BytesToJs(Napi::Env env, std::vector<std::uint8_t>&& values) {
  std::size_t length = values.size();
  Napi::ArrayBuffer buffer = TakeBuffer(env, std::move(values));
  return Napi::Uint8Array::New(env, length, buffer, 0);
}

}  // namespace psnode::addon
