// 2-D convolution on oneDNN: forward (optionally with bias and a fused activation),
// backward-data (also tfjs's transposed convolution) and backward-weights.
// Every call passes one `dims` array:
//   [N, H, W, C, KH, KW, CO, OH, OW, strideH, strideW, dilationH, dilationW,
//    padTop, padLeft, padBottom, padRight, channelsLast]
// Filters are tfjs's HWIO; activations NHWC (channelsLast = 1) or NCHW.
// In bf16 precision (SetBf16) the primitives read bf16 copies of their inputs (made by the reorders
// that stage them) and write f32, accumulating in f32 (oneDNN's bf16 kernels always do).
#include <map>
#include <memory>
#include "staged.h"

namespace gf {
namespace {

using dnnl::algorithm;
using dnnl::memory;
using tag = dnnl::memory::format_tag;

struct ConvGeometry {
  memory::desc src, weights, dst, bias;   // the user's (tfjs's) layouts
  memory::desc srcAny, weightsAny, dstAny; // what the primitive may choose from
  memory::dims strides, dilates, padL, padR;

  explicit ConvGeometry(const std::vector<int64_t>& d, bool bf16) {
    const int64_t N = d[0], H = d[1], W = d[2], C = d[3], KH = d[4], KW = d[5], CO = d[6], OH = d[7],
                  OW = d[8];
    const tag act = d[17] ? tag::nhwc : tag::nchw;
    src = memory::desc({N, C, H, W}, memory::data_type::f32, act);
    weights = memory::desc({CO, C, KH, KW}, memory::data_type::f32, tag::hwio);
    dst = memory::desc({N, CO, OH, OW}, memory::data_type::f32, act);
    bias = memory::desc({CO}, memory::data_type::f32, tag::x);
    // Activations stay in tfjs's layout (a reorder per call costs more than it saves at the
    // sizes GANs use); weights go to whatever blocked layout the fastest kernel wants.
    // In bf16 the operand each primitive reads is bf16 and the one it writes f32.
    const auto in = bf16 ? memory::data_type::bf16 : memory::data_type::f32;
    srcAny = memory::desc({N, C, H, W}, in, act);
    dstAny = memory::desc({N, CO, OH, OW}, in, act);
    weightsAny = memory::desc({CO, C, KH, KW}, in, tag::any);
    strides = {d[9], d[10]};
    dilates = {d[11] - 1, d[12] - 1};  // oneDNN counts dilation from 0
    padL = {d[13], d[14]};
    padR = {d[15], d[16]};
  }

  dnnl::convolution_forward::desc ForwardDesc(bool withBias) const {
    const auto kind = dnnl::prop_kind::forward_training;
    if (withBias)
      return {kind, algorithm::convolution_direct, srcAny, weightsAny, bias, dst, strides, dilates, padL, padR};
    return {kind, algorithm::convolution_direct, srcAny, weightsAny, dst, strides, dilates, padL, padR};
  }
};

dnnl::post_ops ActivationPostOps(int activation, float alpha) {
  dnnl::post_ops ops;
  switch (activation) {
    case kLinear: break;
    case kRelu: ops.append_eltwise(1.f, algorithm::eltwise_relu, 0.f, 0.f); break;
    case kRelu6: ops.append_eltwise(1.f, algorithm::eltwise_clip, 0.f, 6.f); break;
    case kLeakyRelu: ops.append_eltwise(1.f, algorithm::eltwise_relu, alpha, 0.f); break;
    case kSigmoid: ops.append_eltwise(1.f, algorithm::eltwise_logistic, 0.f, 0.f); break;
    case kElu: ops.append_eltwise(1.f, algorithm::eltwise_elu, 1.f, 0.f); break;
    case kTanh: ops.append_eltwise(1.f, algorithm::eltwise_tanh, 0.f, 0.f); break;
    default: throw std::runtime_error("unknown activation " + std::to_string(activation));
  }
  return ops;
}

struct Forward {
  dnnl::convolution_forward prim;
  Staged src, weights, dst;
  memory::desc bias;
};

struct BackwardData {
  dnnl::convolution_backward_data prim;
  Staged diffDst, weights, diffSrc;
};

struct BackwardWeights {
  dnnl::convolution_backward_weights prim;
  Staged src, diffDst, diffWeights;
};

std::map<std::string, std::unique_ptr<Forward>> forwardCache;
std::map<std::string, std::unique_ptr<BackwardData>> backwardDataCache;
std::map<std::string, std::unique_ptr<BackwardWeights>> backwardWeightsCache;

dnnl::convolution_forward::primitive_desc HintPd(const ConvGeometry& g) {
  return {g.ForwardDesc(false), Engine()};
}

Forward& GetForward(const std::vector<int64_t>& dims, bool withBias, int activation, float alpha) {
  std::vector<int64_t> keyInts(dims);
  keyInts.push_back(Bf16());
  keyInts.push_back(withBias);
  keyInts.push_back(activation);
  keyInts.push_back(static_cast<int64_t>(alpha * 1e6f));
  auto& slot = forwardCache[CacheKey(keyInts)];
  if (!slot) {
    ConvGeometry g(dims, Bf16());
    dnnl::primitive_attr attr;
    attr.set_post_ops(ActivationPostOps(activation, alpha));
    dnnl::convolution_forward::primitive_desc pd(g.ForwardDesc(withBias), attr, Engine());
    slot.reset(new Forward{dnnl::convolution_forward(pd), Staged(g.src, pd.src_desc(), true),
                           Staged(g.weights, pd.weights_desc(), true), Staged(g.dst, pd.dst_desc(), false),
                           g.bias});
  }
  return *slot;
}

BackwardData& GetBackwardData(const std::vector<int64_t>& dims) {
  std::vector<int64_t> keyInts(dims);
  keyInts.push_back(Bf16());
  auto& slot = backwardDataCache[CacheKey(keyInts)];
  if (!slot) {
    ConvGeometry g(dims, Bf16());
    dnnl::convolution_backward_data::desc desc(algorithm::convolution_direct, g.src, g.weightsAny, g.dstAny,
                                               g.strides, g.dilates, g.padL, g.padR);
    dnnl::convolution_backward_data::primitive_desc pd(desc, Engine(), HintPd(g));
    slot.reset(new BackwardData{dnnl::convolution_backward_data(pd), Staged(g.dst, pd.diff_dst_desc(), true),
                                Staged(g.weights, pd.weights_desc(), true),
                                Staged(g.src, pd.diff_src_desc(), false)});
  }
  return *slot;
}

BackwardWeights& GetBackwardWeights(const std::vector<int64_t>& dims) {
  std::vector<int64_t> keyInts(dims);
  keyInts.push_back(Bf16());
  auto& slot = backwardWeightsCache[CacheKey(keyInts)];
  if (!slot) {
    ConvGeometry g(dims, Bf16());
    const memory::desc diffWeightsAny(g.weights.dims(), memory::data_type::f32, tag::any);
    dnnl::convolution_backward_weights::desc desc(algorithm::convolution_direct, g.srcAny, diffWeightsAny, g.dstAny,
                                                  g.strides, g.dilates, g.padL, g.padR);
    dnnl::convolution_backward_weights::primitive_desc pd(desc, Engine(), HintPd(g));
    slot.reset(new BackwardWeights{dnnl::convolution_backward_weights(pd), Staged(g.src, pd.src_desc(), true),
                                   Staged(g.dst, pd.diff_dst_desc(), true),
                                   Staged(g.weights, pd.diff_weights_desc(), false)});
  }
  return *slot;
}

// conv2dForward(x, filter, bias | null, y, dims, activation, alpha)
Napi::Value Conv2DForward(const Napi::CallbackInfo& info) {
  return Guarded(info, "conv2dForward", [&]() -> Napi::Value {
    float* x = F32(info[0]);
    float* w = F32(info[1]);
    float* b = F32(info[2]);
    float* y = F32(info[3]);
    Forward& f = GetForward(Ints(info[4]), b != nullptr, static_cast<int>(Int(info[5])), Float(info[6]));
    std::unordered_map<int, dnnl::memory> args{
        {DNNL_ARG_SRC, f.src.In(x)}, {DNNL_ARG_WEIGHTS, f.weights.In(w)}, {DNNL_ARG_DST, f.dst.Out(y)}};
    if (b) args[DNNL_ARG_BIAS] = dnnl::memory(f.bias, Engine(), b);
    f.prim.execute(Stream(), args);
    f.dst.Finish(y);
    Stream().wait();
    return info.Env().Undefined();
  });
}

// conv2dBackwardData(dy, filter, dx, dims)
Napi::Value Conv2DBackwardData(const Napi::CallbackInfo& info) {
  return Guarded(info, "conv2dBackwardData", [&]() -> Napi::Value {
    float* dy = F32(info[0]);
    float* w = F32(info[1]);
    float* dx = F32(info[2]);
    BackwardData& p = GetBackwardData(Ints(info[3]));
    p.prim.execute(Stream(), {{DNNL_ARG_DIFF_DST, p.diffDst.In(dy)},
                              {DNNL_ARG_WEIGHTS, p.weights.In(w)},
                              {DNNL_ARG_DIFF_SRC, p.diffSrc.Out(dx)}});
    p.diffSrc.Finish(dx);
    Stream().wait();
    return info.Env().Undefined();
  });
}

// conv2dBackwardFilter(x, dy, dw, dims)
Napi::Value Conv2DBackwardFilter(const Napi::CallbackInfo& info) {
  return Guarded(info, "conv2dBackwardFilter", [&]() -> Napi::Value {
    float* x = F32(info[0]);
    float* dy = F32(info[1]);
    float* dw = F32(info[2]);
    BackwardWeights& p = GetBackwardWeights(Ints(info[3]));
    p.prim.execute(Stream(), {{DNNL_ARG_SRC, p.src.In(x)},
                              {DNNL_ARG_DIFF_DST, p.diffDst.In(dy)},
                              {DNNL_ARG_DIFF_WEIGHTS, p.diffWeights.Out(dw)}});
    p.diffWeights.Finish(dw);
    Stream().wait();
    return info.Env().Undefined();
  });
}

}  // namespace

void InitConvolution(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2dForward", Napi::Function::New(env, Conv2DForward));
  exports.Set("conv2dBackwardData", Napi::Function::New(env, Conv2DBackwardData));
  exports.Set("conv2dBackwardFilter", Napi::Function::New(env, Conv2DBackwardFilter));
}

}  // namespace gf
