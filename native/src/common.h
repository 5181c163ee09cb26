// Shared plumbing of the addon: the oneDNN engine and stream, zero-copy views of JavaScript
// typed arrays, and the one macro through which every oneDNN C call is checked.
#pragma once
#include <napi.h>
#include <pthread.h>
#include <csignal>
#include <oneapi/dnnl/dnnl.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace gf {

// Same order as NativeActivation in src/engine/native_addon.ts.
enum Activation { kLinear = 0, kRelu = 1, kRelu6 = 2, kLeakyRelu = 3, kSigmoid = 4, kElu = 5, kTanh = 6 };

dnnl::engine& Engine();
dnnl::stream& Stream();

// Whether convolutions and matrix products compute in bf16 (fp32 accumulation, fp32 outputs);
// set from JavaScript through setBf16, false until then.
bool Bf16();

// Turns a failed oneDNN C call into a JavaScript error that names the call.
#define GF_DNNL_CHECK(call)                                                                 \
  do {                                                                                      \
    dnnl_status_t gf_status_ = (call);                                                      \
    if (gf_status_ != dnnl_success)                                                         \
      throw std::runtime_error(std::string(#call) + " failed with oneDNN status " +         \
                               std::to_string(static_cast<int>(gf_status_)));               \
  } while (0)

// The asynchronous signals, which a thread may hold back (faults and traps stay deliverable).
inline sigset_t DeferrableSignals() {
  sigset_t set;
  sigfillset(&set);
  for (int s : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT}) sigdelset(&set, s);
  return set;
}

// oneDNN 2.6's JIT GEMM kernels point rsp into the heap while they run (oneDNN issue #4845, fixed
// in 3.x), so a signal handled on a thread inside one writes its frame over heap memory: Ctrl-C,
// a terminal resize or a profiler's SIGPROF at the wrong moment corrupted the heap. Signals that
// arrive while a kernel runs wait (pending) until it returns; the OpenMP workers hold them back
// for good (DeferSignalsInWorkers).
class SignalsDeferred {
 public:
  SignalsDeferred() {
    const sigset_t set = DeferrableSignals();
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
  }
  ~SignalsDeferred() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  SignalsDeferred(const SignalsDeferred&) = delete;
  SignalsDeferred& operator=(const SignalsDeferred&) = delete;

 private:
  sigset_t previous_;
};

// Wraps a kernel body: oneDNN's C++ errors and our own become JavaScript errors naming the kernel.
template <typename F>
Napi::Value Guarded(const Napi::CallbackInfo& info, const char* name, F body) {
  SignalsDeferred deferred;
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const dnnl::error& e) {
    throw Napi::Error::New(info.Env(), std::string("ganforge native ") + name + ": " + e.what() +
                                           " (oneDNN status " + std::to_string(e.status) + ")");
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), std::string("ganforge native ") + name + ": " + e.what());
  }
}

// Pointer to a Float32Array's data (shared with JavaScript, no copy); null for null/undefined.
inline float* F32(const Napi::Value& v) {
  if (v.IsNull() || v.IsUndefined()) return nullptr;
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throw std::runtime_error("expected a Float32Array");
  return v.As<Napi::Float32Array>().Data();
}

inline int64_t Int(const Napi::Value& v) { return v.As<Napi::Number>().Int64Value(); }
inline float Float(const Napi::Value& v) { return v.As<Napi::Number>().FloatValue(); }
inline bool Bool(const Napi::Value& v) { return v.ToBoolean().Value(); }

inline std::vector<int64_t> Ints(const Napi::Value& v) {
  Napi::Array a = v.As<Napi::Array>();
  std::vector<int64_t> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); ++i) out[i] = a.Get(i).As<Napi::Number>().Int64Value();
  return out;
}

// Applies an activation in place (for the fused matmul, whose GEMM has no post-ops).
void ApplyActivation(float* x, int64_t n, int activation, float alpha);

// Registration hooks, one per source file.
void InitConvolution(Napi::Env env, Napi::Object exports);
void InitMatMul(Napi::Env env, Napi::Object exports);
void InitElementwise(Napi::Env env, Napi::Object exports);
void InitReduction(Napi::Env env, Napi::Object exports);
void InitBatchNorm(Napi::Env env, Napi::Object exports);
void InitLayout(Napi::Env env, Napi::Object exports);

}  // namespace gf
