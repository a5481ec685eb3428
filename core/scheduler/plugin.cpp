#include "plugin.h"

#include <algorithm>

namespace tugboat::scheduler {

void defaultNormalizeScore(qint64 maxPriority, bool reverse, std::vector<qint64> &scores)
{
    const qint64 maxCount = scores.empty() ? 0 : *std::max_element(scores.begin(), scores.end());
    for (qint64 &s : scores) {
        if (maxCount == 0)
            s = reverse ? maxPriority : 0;
        else if (reverse)
            s = maxPriority - maxPriority * s / maxCount;
        else
            s = maxPriority * s / maxCount;
    }
}

} // namespace tugboat::scheduler
