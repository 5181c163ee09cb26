#include "common.h"
namespace gf {
void InitBatchNorm(Napi::Env, Napi::Object) {}
}  // namespace gf
