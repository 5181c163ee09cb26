// Module entry: the engine and stream singletons, and the registration of every kernel group.
#include "common.h"
#include <omp.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

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

// Every tfjs kernel returns a fresh Float32Array. glibc serves large ones with mmap and gives them
// back on free, so each output's pages fault in (and are zeroed by the kernel) while a kernel
// writes it: ~2 ms for a 3 MB activation, 10x the arithmetic. Keeping large blocks in the heap
// lets freed outputs be reused warm.
static void KeepLargeAllocationsWarm() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

// Every OpenMP worker blocks the deferrable signals for good, so that none is ever handled on a
// worker inside a JIT kernel (see SignalsDeferred); the main thread's mask is left as it was.
static void DeferSignalsInWorkers() {
  SignalsDeferred whileStarting;
  const sigset_t set = DeferrableSignals();
#pragma omp parallel
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  KeepLargeAllocationsWarm();
  DeferSignalsInWorkers();
  exports.Set("onednnVersion", Napi::Function::New(env, OnednnVersion));
  exports.Set("maxThreads", Napi::Function::New(env, MaxThreads));
  InitConvolution(env, exports);
  InitMatMul(env, exports);
  InitElementwise(env, exports);
  InitReduction(env, exports);
  InitBatchNorm(env, exports);
  InitLayout(env, exports);
  return exports;
}

}  // namespace gf

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return gf::Init(env, exports); }

NODE_API_MODULE(ganforge_native, InitModule)
