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

// oneDNN's ISA values are bit sets: an ISA includes another when it has all of its bits.
static bool HasIsa(dnnl::cpu_isa isa) {
  const auto have = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
  return (have & static_cast<unsigned>(isa)) == static_cast<unsigned>(isa);
}

// "amx" (AMX-BF16 tiles), "avx512_bf16" (AVX512_BF16 dot products) or "" when the processor lacks
// native bf16 arithmetic (oneDNN would then emulate it, slower than fp32).
static Napi::Value Bf16Isa(const Napi::CallbackInfo& info) {
  const char* isa = HasIsa(dnnl::cpu_isa::avx512_core_amx) ? "amx"
                    : HasIsa(dnnl::cpu_isa::avx512_core_bf16) ? "avx512_bf16" : "";
  return Napi::String::New(info.Env(), isa);
}

static bool bf16 = false;
bool Bf16() { return bf16; }

static Napi::Value SetBf16(const Napi::CallbackInfo& info) {
  bf16 = Bool(info[0]);
  return info.Env().Undefined();
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
  exports.Set("bf16Isa", Napi::Function::New(env, Bf16Isa));
  exports.Set("setBf16", Napi::Function::New(env, SetBf16));
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
