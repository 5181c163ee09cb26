// Inference-form batch normalisation (tfjs's FusedBatchNorm kernel):
//   y = offset + (x - mean) * scale / sqrt(variance + epsilon)
// with every parameter repeating along the flattened x with its own length (1 or `period`).
#include <cmath>
#include "common.h"

namespace gf {
namespace {

// batchNorm(x, mean, variance, offset | null, scale | null, epsilon, period, out)
Napi::Value BatchNormFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "batchNorm", [&]() -> Napi::Value {
    Napi::Float32Array xArray = info[0].As<Napi::Float32Array>();
    const float* x = xArray.Data();
    const int64_t n = xArray.ElementLength();
    auto param = [&](int idx) -> std::pair<const float*, int64_t> {
      if (info[idx].IsNull() || info[idx].IsUndefined()) return {nullptr, 0};
      Napi::Float32Array a = info[idx].As<Napi::Float32Array>();
      return {a.Data(), static_cast<int64_t>(a.ElementLength())};
    };
    auto [mean, meanLen] = param(1);
    auto [variance, varLen] = param(2);
    auto [offset, offLen] = param(3);
    auto [scale, scaleLen] = param(4);
    const float epsilon = Float(info[5]);
    const int64_t period = Int(info[6]);
    float* out = F32(info[7]);
    // Per channel: y = x * a + b with a = scale / sqrt(var + eps), b = offset - mean * a.
    std::vector<float> a(period), b(period);
    for (int64_t c = 0; c < period; ++c) {
      const float s = scale ? scale[c % scaleLen] : 1.f;
      const float o = offset ? offset[c % offLen] : 0.f;
      a[c] = s / std::sqrt(variance[c % varLen] + epsilon);
      b[c] = o - mean[c % meanLen] * a[c];
    }
    const int64_t rows = n / period;
#pragma omp parallel for if (n > (1 << 15))
    for (int64_t r = 0; r < rows; ++r) {
      const float* xr = x + r * period;
      float* yr = out + r * period;
#pragma omp simd
      for (int64_t c = 0; c < period; ++c) yr[c] = xr[c] * a[c] + b[c];
    }
    return info.Env().Undefined();
  });
}

}  // namespace

void InitBatchNorm(Napi::Env env, Napi::Object exports) {
  exports.Set("batchNorm", Napi::Function::New(env, BatchNormFn));
}

}  // namespace gf
