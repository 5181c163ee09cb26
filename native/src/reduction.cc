// Reductions placeholder (filled below once profiled).
#include "common.h"
namespace gf {
void InitReduction(Napi::Env, Napi::Object) {}
}  // namespace gf
