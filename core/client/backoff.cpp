#include "backoff.h"

#include <QRandomGenerator>
#include <algorithm>
#include <cmath>

namespace tugboat::client {

Backoff::Backoff(Ms initial, Ms max, double factor, double jitter)
    : m_initial(std::max(initial, Ms(1)))
    , m_max(std::max(max, m_initial))
    , m_factor(std::max(factor, 1.0))
    , m_jitter(std::clamp(jitter, 0.0, 1.0))
{}

Backoff::Ms Backoff::next()
{
    // Capping the exponent keeps pow() finite however long a caller keeps failing.
    const double grown = double(m_initial.count()) * std::pow(m_factor, std::min(m_attempts, 62));
    const double base = std::min(grown, double(m_max.count()));
    ++m_attempts;
    const double reduced = base * (1.0 - m_jitter * QRandomGenerator::global()->generateDouble());
    return Ms(std::max<qint64>(1, qint64(std::llround(reduced))));
}

} // namespace tugboat::client
