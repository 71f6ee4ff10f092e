// Entry points that expose the pure parsers and formatters to the jest
// unit tests, which feed them recorded /proc contents.
#pragma once

#include <napi.h>

namespace psnode::addon {

// Returns an object of test functions; module.cc exports it as `testing`.
Napi::Object TestingExports(Napi::Env env);

}  // namespace psnode::addon
