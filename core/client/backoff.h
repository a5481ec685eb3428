// Exponential back-off with jitter, for retrying requests and re-listing informers.
//
// The n-th delay is min(max, initial * factor^n), reduced by a random fraction of up to `jitter` of
// itself, so that many clients failing together (a restarted API server) do not come back in step.
// With initial 200 ms, factor 2, max 5 s and jitter 0.5 the delays fall in
//   [100, 200], [200, 400], [400, 800], ... [2500, 5000], [2500, 5000] ms.
//
// Value type, not thread-safe; the random source is Qt's global generator (thread-safe).
#pragma once

#include <chrono>

namespace tugboat::client {

class Backoff {
public:
    using Ms = std::chrono::milliseconds;

    explicit Backoff(Ms initial = Ms(200), Ms max = Ms(5000), double factor = 2.0, double jitter = 0.5);

    // The delay before the next attempt; each call grows the following one.
    Ms next();
    // After a success: the next delay starts from `initial` again.
    void reset() { m_attempts = 0; }
    // Delays handed out since the last reset.
    int attempts() const { return m_attempts; }

    Ms initial() const { return m_initial; }
    Ms max() const { return m_max; }

private:
    Ms m_initial;
    Ms m_max;
    double m_factor;
    double m_jitter;
    int m_attempts = 0;
};

} // namespace tugboat::client
