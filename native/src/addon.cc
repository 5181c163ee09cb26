// Module entry: the engine and stream singletons, and the registration of every kernel group.
#include "common.h"
#include <omp.h>

namespace gf {

dnnl::engine& Engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& Stream() {
  static dnnl::stream stream(Engine());
  return stream;
}

static Napi::Value OnednnVersion(const Napi::CallbackInfo& info) {
  const dnnl_version_t* v = dnnl_version();
  return Napi::String::New(info.Env(), std::to_string(v->major) + "." + std::to_string(v->minor) +
                                           "." + std::to_string(v->patch));
}

static Napi::Value MaxThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), omp_get_max_threads());
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("onednnVersion", Napi::Function::New(env, OnednnVersion));
  exports.Set("maxThreads", Napi::Function::New(env, MaxThreads));
  InitConvolution(env, exports);
  InitMatMul(env, exports);
  InitElementwise(env, exports);
  InitReduction(env, exports);
  InitBatchNorm(env, exports);
  return exports;
}

}  // namespace gf

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return gf::Init(env, exports); }

NODE_API_MODULE(ganforge_native, InitModule)
