// Reductions over any set of axes (sum, mean, max, min) without the transpose tfjs's cpu backend
// does first: the axes are collapsed into [outer kept, reduced, inner kept] when they fall that
// way (every case a network produces), and walked generically otherwise.
#include <cmath>
#include "common.h"

namespace gf {
namespace {

enum Reduce { kSum = 0, kMean, kMax, kMin };

// tfjs's cpu max/min: NaN wins, otherwise the larger (smaller) value.
inline float PickMax(float acc, float v) { return (std::isnan(v) || v > acc) ? v : acc; }
inline float PickMin(float acc, float v) { return (std::isnan(v) || v < acc) ? v : acc; }

// x viewed as [outer, reduced, inner]; out as [outer, inner].
void ReduceMiddle(int op, const float* x, float* out, int64_t outer, int64_t reduced, int64_t inner) {
  const int64_t total = outer * reduced * inner;
  if (inner == 1) {
#pragma omp parallel for if (total > (1 << 15))
    for (int64_t o = 0; o < outer; ++o) {
      const float* row = x + o * reduced;
      if (op == kSum || op == kMean) {
        double acc = 0;
#pragma omp simd reduction(+ : acc)
        for (int64_t r = 0; r < reduced; ++r) acc += row[r];
        out[o] = static_cast<float>(op == kMean ? acc / reduced : acc);
      } else {
        float acc = row[0];
        for (int64_t r = 0; r < reduced; ++r) acc = op == kMax ? PickMax(acc, row[r]) : PickMin(acc, row[r]);
        out[o] = acc;
      }
    }
    return;
  }
  // Column reductions: each thread owns a slice of the inner dim and sweeps the reduced rows.
#pragma omp parallel if (total > (1 << 15))
  {
    std::vector<double> acc;
#pragma omp for collapse(2)
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t block = 0; block < (inner + 255) / 256; ++block) {
        const int64_t begin = block * 256, end = std::min(inner, begin + 256), width = end - begin;
        const float* base = x + o * reduced * inner + begin;
        float* dst = out + o * inner + begin;
        if (op == kSum || op == kMean) {
          acc.assign(width, 0.0);
          for (int64_t r = 0; r < reduced; ++r) {
            const float* row = base + r * inner;
#pragma omp simd
            for (int64_t i = 0; i < width; ++i) acc[i] += row[i];
          }
          for (int64_t i = 0; i < width; ++i) dst[i] = static_cast<float>(op == kMean ? acc[i] / reduced : acc[i]);
        } else {
          for (int64_t i = 0; i < width; ++i) dst[i] = base[i];
          for (int64_t r = 0; r < reduced; ++r) {
            const float* row = base + r * inner;
            for (int64_t i = 0; i < width; ++i) dst[i] = op == kMax ? PickMax(dst[i], row[i]) : PickMin(dst[i], row[i]);
          }
        }
      }
    }
  }
}

// Any other pattern: for each output, walk the reduced positions with an odometer.
void ReduceGeneric(int op, const float* x, float* out, const std::vector<int64_t>& dims,
                   const std::vector<bool>& reduced) {
  const size_t rank = dims.size();
  std::vector<int64_t> strides(rank);
  for (int64_t s = 1, i = rank; i-- > 0;) { strides[i] = s; s *= dims[i]; }
  std::vector<size_t> keptAxes, reducedAxes;
  int64_t outSize = 1, reduceSize = 1;
  for (size_t i = 0; i < rank; ++i) {
    if (reduced[i]) { reducedAxes.push_back(i); reduceSize *= dims[i]; }
    else { keptAxes.push_back(i); outSize *= dims[i]; }
  }
  for (int64_t o = 0; o < outSize; ++o) {
    int64_t base = 0, rem = o;
    for (size_t k = keptAxes.size(); k-- > 0;) {
      base += (rem % dims[keptAxes[k]]) * strides[keptAxes[k]];
      rem /= dims[keptAxes[k]];
    }
    double sum = 0;
    float pick = NAN;
    for (int64_t r = 0; r < reduceSize; ++r) {
      int64_t off = base;
      rem = r;
      for (size_t k = reducedAxes.size(); k-- > 0;) {
        off += (rem % dims[reducedAxes[k]]) * strides[reducedAxes[k]];
        rem /= dims[reducedAxes[k]];
      }
      const float v = x[off];
      if (op == kSum || op == kMean) sum += v;
      else pick = r == 0 ? v : (op == kMax ? PickMax(pick, v) : PickMin(pick, v));
    }
    out[o] = (op == kSum) ? static_cast<float>(sum) : (op == kMean ? static_cast<float>(sum / reduceSize) : pick);
  }
}

// reduce(op, x, shape, axes, out)
Napi::Value ReduceFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "reduce", [&]() -> Napi::Value {
    const int op = static_cast<int>(Int(info[0]));
    const float* x = F32(info[1]);
    const std::vector<int64_t> shape = Ints(info[2]);
    std::vector<bool> isReduced(shape.size(), false);
    for (int64_t a : Ints(info[3])) isReduced[a] = true;
    float* out = F32(info[4]);
    // Collapse runs of dims with the same status; drop size-1 dims.
    std::vector<int64_t> dims;
    std::vector<bool> flags;
    for (size_t i = 0; i < shape.size(); ++i) {
      if (shape[i] == 1) continue;
      if (!dims.empty() && flags.back() == isReduced[i]) dims.back() *= shape[i];
      else { dims.push_back(shape[i]); flags.push_back(isReduced[i]); }
    }
    int64_t outer = 1, reduced = 1, inner = 1;
    size_t i = 0;
    if (i < dims.size() && !flags[i]) outer = dims[i++];
    if (i < dims.size() && flags[i]) reduced = dims[i++];
    if (i < dims.size() && !flags[i]) inner = dims[i++];
    if (i == dims.size()) ReduceMiddle(op, x, out, outer, reduced, inner);
    else ReduceGeneric(op, x, out, dims, flags);
    return info.Env().Undefined();
  });
}

}  // namespace

void InitReduction(Napi::Env env, Napi::Object exports) {
  exports.Set("reduce", Napi::Function::New(env, ReduceFn));
}

}  // namespace gf
