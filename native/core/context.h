// Per-listing state shared by the formatters of every row.
#pragma once

#include "format/names.h"
#include "format/tty.h"
#include "proc/system.h"

namespace psnode::core {

enum class OutputFormat {
  kPs,    // procps-ng ps 4.0.2 strings
  kPsgo,  // psgo's strings where they differ from ps's
};

struct FormatContext {
  proc::SystemFacts facts;
  std::int64_t now_ns = 0;  // CLOCK_REALTIME at listing start, for psgo's etime
  format::NameResolver* names = nullptr;
  format::TtyNamer* ttys = nullptr;
  OutputFormat format = OutputFormat::kPs;
};

}  // namespace psnode::core
