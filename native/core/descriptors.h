// The descriptor table: one row per column that psnode can print.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/context.h"
#include "core/process.h"
#include "core/value.h"

namespace psnode::core {

using Formatter = std::string (*)(const ProcessRecord&, FormatContext&);
using TypedFormatter = Value (*)(const ProcessRecord&, FormatContext&);

// One column. Adding a descriptor is adding a row to the table in
// descriptors.cc.
struct Descriptor {
  const char* name;    // normal form, e.g. "pcpu"
  const char* code;    // AIX code form, e.g. "%C", or nullptr
  const char* header;  // header row text
  unsigned sources;    // Source bits: the files its value needs
  Formatter ps;        // procps-ng ps 4.0.2 string
  Formatter psgo;      // psgo's string, or nullptr when it equals ps's
  TypedFormatter typed;  // value for the records API
};

// Returns every descriptor, in table order.
const std::vector<Descriptor>& Descriptors();

// Returns the descriptor whose normal or code form is `key`, or nullptr.
const Descriptor* FindDescriptor(std::string_view key);

}  // namespace psnode::core
