// Element-wise kernels: unary maps, broadcasting binary ops (arithmetic and comparisons), select.
// Semantics follow tfjs's cpu backend exactly, NaN propagation included (JavaScript's Math.max
// returns NaN for a NaN argument, std::max does not).
#include <cmath>
#include "common.h"

namespace gf {
namespace {

constexpr int64_t kParallelMin = 1 << 15;  // below this a thread team costs more than it saves

inline float JsMax(float a, float b) { return (std::isnan(a) || std::isnan(b)) ? NAN : (a > b ? a : b); }
inline float JsMin(float a, float b) { return (std::isnan(a) || std::isnan(b)) ? NAN : (a < b ? a : b); }

// Unary op codes; 0-6 are the fused activations of common.h.
enum Unary {
  kExp = 10, kLog, kSqrt, kRsqrt, kSquare, kNeg, kAbs, kReciprocal, kSoftplus, kLog1p, kStep, kClip, kSign,
  kExpm1, kFloor, kCeil, kRound, kSin, kCos, kErf, kSelu,
};

inline float Softplus(float x) {
  // tf.nn.softplus: exact for large |x| where exp would overflow or underflow.
  const float threshold = std::log(1.1920928955078125e-7f) + 2.0f;
  if (x > -threshold) return x;
  if (x < threshold) return std::exp(x);
  return std::log(std::exp(x) + 1.f);
}

inline float RoundHalfEven(float x) {
  const float base = std::floor(x);
  const float frac = x - base;
  if (frac < 0.5f) return base;
  if (frac > 0.5f) return base + 1.f;
  return std::fmod(base, 2.f) == 0.f ? base : base + 1.f;
}

template <typename F>
void Map(const float* x, float* out, int64_t n, F f) {
#pragma omp parallel for simd if (n > kParallelMin)
  for (int64_t i = 0; i < n; ++i) out[i] = f(x[i]);
}

void UnaryOp(int op, const float* x, float* out, int64_t n, float alpha, float beta) {
  switch (op) {
    case kLinear: if (x != out) Map(x, out, n, [](float v) { return v; }); break;
    case kRelu: Map(x, out, n, [](float v) { return JsMax(0.f, v); }); break;
    case kRelu6: Map(x, out, n, [](float v) { return JsMin(JsMax(0.f, v), 6.f); }); break;
    case kLeakyRelu: Map(x, out, n, [alpha](float v) { return v < 0 ? alpha * v : v; }); break;
    case kSigmoid: Map(x, out, n, [](float v) { return 1.f / (1.f + std::exp(-v)); }); break;
    case kElu: Map(x, out, n, [](float v) { return v >= 0 ? v : std::expm1(v); }); break;
    case kTanh: Map(x, out, n, [](float v) { return std::tanh(v); }); break;
    case kExp: Map(x, out, n, [](float v) { return std::exp(v); }); break;
    case kLog: Map(x, out, n, [](float v) { return std::log(v); }); break;
    case kSqrt: Map(x, out, n, [](float v) { return std::sqrt(v); }); break;
    case kRsqrt: Map(x, out, n, [](float v) { return 1.f / std::sqrt(v); }); break;
    case kSquare: Map(x, out, n, [](float v) { return v * v; }); break;
    case kNeg: Map(x, out, n, [](float v) { return -v; }); break;
    case kAbs: Map(x, out, n, [](float v) { return std::fabs(v); }); break;
    case kReciprocal: Map(x, out, n, [](float v) { return 1.f / v; }); break;
    case kSoftplus: Map(x, out, n, Softplus); break;
    case kLog1p: Map(x, out, n, [](float v) { return std::log1p(v); }); break;
    case kStep: Map(x, out, n, [alpha](float v) { return std::isnan(v) ? v : (v > 0 ? 1.f : alpha); }); break;
    case kClip: Map(x, out, n, [alpha, beta](float v) { return v > beta ? beta : (v < alpha ? alpha : v); }); break;
    case kSign: Map(x, out, n, [](float v) { return v < 0 ? -1.f : (v > 0 ? 1.f : 0.f); }); break;
    case kExpm1: Map(x, out, n, [](float v) { return std::expm1(v); }); break;
    case kFloor: Map(x, out, n, [](float v) { return std::floor(v); }); break;
    case kCeil: Map(x, out, n, [](float v) { return std::ceil(v); }); break;
    case kRound: Map(x, out, n, RoundHalfEven); break;
    case kSin: Map(x, out, n, [](float v) { return std::sin(v); }); break;
    case kCos: Map(x, out, n, [](float v) { return std::cos(v); }); break;
    case kErf: Map(x, out, n, [](float v) { return std::erf(v); }); break;
    case kSelu:
      Map(x, out, n, [](float v) {
        const float scale = 1.0507009873554804934193349852946f, a = 1.6732632423543772848170429916717f;
        return v >= 0 ? scale * v : scale * a * std::expm1(v);
      });
      break;
    default: throw std::runtime_error("unknown unary op " + std::to_string(op));
  }
}

// Binary op codes.
enum Binary { kAdd = 0, kSub, kMul, kDiv, kMax, kMin, kSquaredDifference, kPow, kFloorDiv,
              kGreater = 20, kGreaterEqual, kLess, kLessEqual, kEqual, kNotEqual };

// A broadcast reduced to its essentials: collapsed output dims, and each operand's strides
// over them (0 where it broadcasts).
struct BroadcastPlan {
  std::vector<int64_t> dims, aStrides, bStrides;
  int64_t total = 1;

  BroadcastPlan(std::vector<int64_t> a, std::vector<int64_t> b, const std::vector<int64_t>& out) {
    const size_t rank = out.size();
    a.insert(a.begin(), rank - a.size(), 1);
    b.insert(b.begin(), rank - b.size(), 1);
    std::vector<int64_t> aDims, bDims;  // collapsed, with 1 where broadcast
    for (size_t i = 0; i < rank; ++i) {
      if (out[i] == 1) continue;
      const bool aOne = a[i] == 1, bOne = b[i] == 1;
      if (!dims.empty() && (aDims.back() == 1) == aOne && (bDims.back() == 1) == bOne) {
        dims.back() *= out[i];
        aDims.back() *= a[i];
        bDims.back() *= b[i];
      } else {
        dims.push_back(out[i]);
        aDims.push_back(a[i]);
        bDims.push_back(b[i]);
      }
    }
    if (dims.empty()) { dims = {1}; aDims = {1}; bDims = {1}; }
    aStrides = Strides(aDims);
    bStrides = Strides(bDims);
    for (int64_t d : dims) total *= d;
  }

  static std::vector<int64_t> Strides(const std::vector<int64_t>& d) {
    std::vector<int64_t> s(d.size());
    int64_t acc = 1;
    for (size_t i = d.size(); i-- > 0;) {
      s[i] = d[i] == 1 ? 0 : acc;
      acc *= d[i];
    }
    return s;
  }
};

// Runs f(a, b) over the plan, inner dim contiguous; rows are spread over threads.
template <typename Out, typename F>
void Broadcast(const BroadcastPlan& p, const float* a, const float* b, Out* out, F f) {
  const int64_t inner = p.dims.back();
  const int64_t rows = p.total / inner;
  const int64_t sa = p.aStrides.back(), sb = p.bStrides.back();
  const size_t outerRank = p.dims.size() - 1;
#pragma omp parallel for if (p.total > kParallelMin)
  for (int64_t r = 0; r < rows; ++r) {
    int64_t rem = r, offA = 0, offB = 0;
    for (size_t d = outerRank; d-- > 0;) {
      const int64_t i = rem % p.dims[d];
      rem /= p.dims[d];
      offA += i * p.aStrides[d];
      offB += i * p.bStrides[d];
    }
    const float* ar = a + offA;
    const float* br = b + offB;
    Out* o = out + r * inner;
    if (sa == 1 && sb == 1) {
#pragma omp simd
      for (int64_t i = 0; i < inner; ++i) o[i] = f(ar[i], br[i]);
    } else if (sa == 1) {
      const float bv = br[0];
#pragma omp simd
      for (int64_t i = 0; i < inner; ++i) o[i] = f(ar[i], bv);
    } else if (sb == 1) {
      const float av = ar[0];
#pragma omp simd
      for (int64_t i = 0; i < inner; ++i) o[i] = f(av, br[i]);
    } else {
      for (int64_t i = 0; i < inner; ++i) o[i] = f(ar[0], br[0]);
    }
  }
}

inline float JsFloorDiv(float a, float b) { return std::floor(a / b); }

inline float JsPow(float a, float b) { return std::pow(a, b); }

void BinaryFloat(int op, const BroadcastPlan& p, const float* a, const float* b, float* out) {
  switch (op) {
    case kAdd: Broadcast(p, a, b, out, [](float x, float y) { return x + y; }); break;
    case kSub: Broadcast(p, a, b, out, [](float x, float y) { return x - y; }); break;
    case kMul: Broadcast(p, a, b, out, [](float x, float y) { return x * y; }); break;
    case kDiv: Broadcast(p, a, b, out, [](float x, float y) { return x / y; }); break;
    case kMax: Broadcast(p, a, b, out, JsMax); break;
    case kMin: Broadcast(p, a, b, out, JsMin); break;
    case kSquaredDifference: Broadcast(p, a, b, out, [](float x, float y) { return (x - y) * (x - y); }); break;
    case kPow: Broadcast(p, a, b, out, JsPow); break;
    case kFloorDiv: Broadcast(p, a, b, out, JsFloorDiv); break;
    default: throw std::runtime_error("unknown binary op " + std::to_string(op));
  }
}

void BinaryCompare(int op, const BroadcastPlan& p, const float* a, const float* b, uint8_t* out) {
  switch (op) {
    case kGreater: Broadcast(p, a, b, out, [](float x, float y) -> uint8_t { return x > y; }); break;
    case kGreaterEqual: Broadcast(p, a, b, out, [](float x, float y) -> uint8_t { return x >= y; }); break;
    case kLess: Broadcast(p, a, b, out, [](float x, float y) -> uint8_t { return x < y; }); break;
    case kLessEqual: Broadcast(p, a, b, out, [](float x, float y) -> uint8_t { return x <= y; }); break;
    case kEqual: Broadcast(p, a, b, out, [](float x, float y) -> uint8_t { return x == y; }); break;
    case kNotEqual: Broadcast(p, a, b, out, [](float x, float y) -> uint8_t { return x != y; }); break;
    default: throw std::runtime_error("unknown comparison " + std::to_string(op));
  }
}

uint8_t* U8(const Napi::Value& v) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    throw std::runtime_error("expected a Uint8Array");
  return v.As<Napi::Uint8Array>().Data();
}

// unary(op, x, out, alpha, beta)
Napi::Value UnaryFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "unary", [&]() -> Napi::Value {
    Napi::Float32Array x = info[1].As<Napi::Float32Array>();
    UnaryOp(static_cast<int>(Int(info[0])), x.Data(), F32(info[2]), x.ElementLength(), Float(info[3]),
            Float(info[4]));
    return info.Env().Undefined();
  });
}

// binary(op, a, aShape, b, bShape, out, outShape); out is a Uint8Array for comparisons.
Napi::Value BinaryFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "binary", [&]() -> Napi::Value {
    const int op = static_cast<int>(Int(info[0]));
    BroadcastPlan plan(Ints(info[2]), Ints(info[4]), Ints(info[6]));
    if (op >= kGreater) BinaryCompare(op, plan, F32(info[1]), F32(info[3]), U8(info[5]));
    else BinaryFloat(op, plan, F32(info[1]), F32(info[3]), F32(info[5]));
    return info.Env().Undefined();
  });
}

// select(condition, t, e, out): condition has as many values as t, or one per row of t.
Napi::Value SelectFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "select", [&]() -> Napi::Value {
    Napi::Uint8Array condArray = info[0].As<Napi::Uint8Array>();
    const uint8_t* cond = condArray.Data();
    const float* t = F32(info[1]);
    const float* e = F32(info[2]);
    Napi::Float32Array outArray = info[3].As<Napi::Float32Array>();
    float* out = outArray.Data();
    const int64_t n = outArray.ElementLength(), rows = condArray.ElementLength();
    const int64_t inner = rows ? n / rows : 0;
#pragma omp parallel for if (n > kParallelMin)
    for (int64_t r = 0; r < rows; ++r) {
      const float* src = cond[r] ? t : e;
      for (int64_t i = r * inner; i < (r + 1) * inner; ++i) out[i] = src[i];
    }
    return info.Env().Undefined();
  });
}

}  // namespace

void ApplyActivation(float* x, int64_t n, int activation, float alpha) {
  if (activation != kLinear) UnaryOp(activation, x, x, n, alpha, 0.f);
}

void InitElementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("unary", Napi::Function::New(env, UnaryFn));
  exports.Set("binary", Napi::Function::New(env, BinaryFn));
  exports.Set("select", Napi::Function::New(env, SelectFn));
}

}  // namespace gf
