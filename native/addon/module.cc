// The Node-API surface of psnode: the only file that registers functions.
// Arguments arrive already checked by the TypeScript layer (lib/), so the
// checks here only guard against misuse of the raw binding.

#include <napi.h>

#include "addon/list_worker.h"
#include "addon/monitor_wrap.h"
#include "addon/testing.h"
#include "core/descriptors.h"
#include "ns/container.h"

namespace psnode::addon {
namespace {

Napi::Value Descriptors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto& table = core::Descriptors();
  Napi::Array out = Napi::Array::New(env, table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    const core::Descriptor& d = table[i];
    Napi::Object entry = Napi::Object::New(env);
    entry.Set("name", d.name);
    entry.Set("code", d.code ? Napi::Value(Napi::String::New(env, d.code))
                             : env.Null());
    entry.Set("header", d.header);
    out.Set(static_cast<uint32_t>(i), entry);
  }
  return out;
}

Napi::Error CodedTypeError(Napi::Env env, const std::string& message,
                           const char* code) {
  Napi::Error error = Napi::TypeError::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  return error;
}

std::vector<const core::Descriptor*> ColumnsArgument(Napi::Env env,
                                                     Napi::Value value) {
  if (!value.IsArray()) {
    throw CodedTypeError(env, "descriptors must be an array of strings",
                         "ERR_INVALID_ARG_TYPE");
  }
  Napi::Array names = value.As<Napi::Array>();
  std::vector<const core::Descriptor*> columns;
  for (uint32_t i = 0; i < names.Length(); ++i) {
    Napi::Value name = names.Get(i);
    const core::Descriptor* d =
        name.IsString() ? core::FindDescriptor(name.As<Napi::String>().Utf8Value())
                        : nullptr;
    if (d == nullptr) {
      throw CodedTypeError(env, "unknown descriptor at index " + std::to_string(i),
                           "ERR_UNKNOWN_DESCRIPTOR");
    }
    columns.push_back(d);
  }
  return columns;
}

std::vector<int> PidsArgument(Napi::Env env, Napi::Array array) {
  std::vector<int> pids;
  pids.reserve(array.Length());
  for (uint32_t i = 0; i < array.Length(); ++i) {
    Napi::Value pid = array.Get(i);
    if (!pid.IsNumber()) {
      throw CodedTypeError(env, "pids must be numbers", "ERR_INVALID_ARG_TYPE");
    }
    pids.push_back(pid.As<Napi::Number>().Int32Value());
  }
  return pids;
}

// The options object of list() and join(): format, threads, typed, and
// cancel (an Int32Array over a SharedArrayBuffer whose first element the
// caller sets to 1 to stop the listing).
struct CommonOptions {
  Napi::Value cancel;
  bool typed = false;
};

CommonOptions ReadOptions(Napi::Env env, Napi::Value value, core::ListRequest& request) {
  CommonOptions common;
  if (!value.IsObject()) return common;
  Napi::Object options = value.As<Napi::Object>();

  Napi::Value format = options.Get("format");
  bool psgo = format.IsString() && format.As<Napi::String>().Utf8Value() == "psgo";
  request.format = psgo ? core::OutputFormat::kPsgo : core::OutputFormat::kPs;
  request.threads = options.Get("threads").ToBoolean().Value();
  common.typed = options.Get("typed").ToBoolean().Value();
  request.typed = common.typed;

  Napi::Value cancel = options.Get("cancel");
  if (cancel.IsTypedArray()) {
    // Napi::TypedArray::ArrayBuffer() fails for a SharedArrayBuffer, but
    // napi_get_typedarray_info returns the data pointer of either kind.
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    napi_status status = napi_get_typedarray_info(env, cancel, &type, &length, &data,
                                                  nullptr, nullptr);
    if (status != napi_ok || type != napi_int32_array || length < 1 || data == nullptr) {
      throw CodedTypeError(env, "cancel must be an Int32Array of at least one element",
                           "ERR_INVALID_ARG_TYPE");
    }
    request.cancel_flag = static_cast<std::int32_t*>(data);
    common.cancel = cancel;
  }
  return common;
}

Napi::Value Queue(Napi::Env env, ListWorker::Job job, bool typed, Napi::Value cancel) {
  auto* worker = new ListWorker(env, std::move(job), typed, cancel);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

// list(descriptors: string[], pids: number[] | null, options)
Napi::Value List(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  core::ListRequest request;
  request.columns = ColumnsArgument(env, info[0]);
  if (info[1].IsArray()) {
    request.all_processes = false;
    request.pids = PidsArgument(env, info[1].As<Napi::Array>());
  }
  CommonOptions common = ReadOptions(env, info[2], request);
  return Queue(env, [request] { return core::ListProcesses(request); }, common.typed,
               common.cancel);
}

// Reads [[containerID, hostID, size], ...] into an id map.
proc::IdMap IdMapArgument(Napi::Env env, Napi::Value value) {
  proc::IdMap map;
  if (!value.IsArray()) return map;
  Napi::Array ranges = value.As<Napi::Array>();
  for (uint32_t i = 0; i < ranges.Length(); ++i) {
    Napi::Value entry = ranges.Get(i);
    if (!entry.IsArray() || entry.As<Napi::Array>().Length() != 3) {
      throw CodedTypeError(env, "id map entries must be [containerID, hostID, size]",
                           "ERR_INVALID_ARG_TYPE");
    }
    Napi::Array triple = entry.As<Napi::Array>();
    auto at = [&](uint32_t k) {
      return static_cast<std::uint32_t>(triple.Get(k).As<Napi::Number>().Int64Value());
    };
    map.push_back({at(0), at(1), at(2)});
  }
  return map;
}

// join(descriptors, targets: number[], options), where options adds
// uidMap, gidMap and fillMappings to those of list().
Napi::Value Join(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ns::JoinRequest request;
  request.list.columns = ColumnsArgument(env, info[0]);
  if (!info[1].IsArray()) {
    throw CodedTypeError(env, "targets must be an array of pids", "ERR_INVALID_ARG_TYPE");
  }
  request.targets = PidsArgument(env, info[1].As<Napi::Array>());
  CommonOptions common = ReadOptions(env, info[2], request.list);
  if (info[2].IsObject()) {
    Napi::Object options = info[2].As<Napi::Object>();
    request.host_maps.uid_map = IdMapArgument(env, options.Get("uidMap"));
    request.host_maps.gid_map = IdMapArgument(env, options.Get("gidMap"));
    request.fill_mappings = options.Get("fillMappings").ToBoolean().Value();
  }
  return Queue(env, [request] { return ns::ListContainers(request); }, common.typed,
               common.cancel);
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("descriptors", Napi::Function::New(env, Descriptors, "descriptors"));
  exports.Set("list", Napi::Function::New(env, List, "list"));
  exports.Set("join", Napi::Function::New(env, Join, "join"));
  exports.Set("Monitor", MonitorWrap::Define(env));
  exports.Set("testing", TestingExports(env));
  return exports;
}

}  // namespace psnode::addon

static Napi::Object InitPsnode(Napi::Env env, Napi::Object exports) {
  return psnode::addon::Init(env, exports);
}

NODE_API_MODULE(psnode, InitPsnode)
