// Node taints and pod tolerations, under the scheduler's names: the types and Kubernetes' matching
// rule live with the API types (api/taint.h), since the node lifecycle and taint eviction controllers
// and the API server read them too.
#pragma once

#include "api/taint.h"

namespace tugboat::scheduler {

using api::Taint;
using api::tolerated;
using api::Toleration;

using api::kTaintNodeNotReady;
using api::kTaintNodeUnreachable;
using api::kTaintNodeUnschedulable;

} // namespace tugboat::scheduler
