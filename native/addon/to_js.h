// Conversions of the addon's packed results to JavaScript values, made on
// the main thread where every microsecond counts against the event loop.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <napi.h>

namespace psnode::addon {

// Returns true when `text` has no byte above 0x7f. Call it on a pool
// thread and pass the result to TextToJs.
bool IsAscii(const std::string& text);

// Creates a string from UTF-8 `text`. ASCII text is copied as Latin-1,
// which skips V8's UTF-8 decoder.
Napi::Value TextToJs(Napi::Env env, const std::string& text, bool ascii);

// Creates an array of strings that together hold `cells`, NUL-ended cells,
// each string cut after a NUL once it passes 32 KiB. V8 allocates a
// string of 128 KiB or more in fresh pages of its own. The page faults of
// a 1 MB listing cost the main thread about 0.9 ms per call, while smaller
// strings come from memory that V8 reuses.
Napi::Value CellsToJs(Napi::Env env, const std::string& cells, bool ascii);

// Creates a Float64Array or Uint8Array that takes over `values` without a
// copy where the runtime allows external buffers (Electron's V8 sandbox
// does not), else with one.
Napi::Value NumbersToJs(Napi::Env env, std::vector<double>&& values);
Napi::Value BytesToJs(Napi::Env env, std::vector<std::uint8_t>&& values);

}  // namespace psnode::addon
