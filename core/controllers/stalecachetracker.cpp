#include "stalecachetracker.h"

#include "client/informer.h"

#include <algorithm>

namespace tugboat::controllers {

bool StaleCacheTracker::met(const Expectation &e, const api::ObjectPtr &cached)
{
    switch (e.kind) {
    case Kind::Created:
        return cached != nullptr; // seen (a later state or another object of that name is newer still)
    case Kind::Updated:
        return !cached || cached->resourceVersion() != e.replacedRv;
    case Kind::Deleted:
        return !cached || cached->uid() != e.uid;
    }
    return true;
}

void StaleCacheTracker::expect(const QString &owner, const QString &objectKey, Expectation e, const CacheLookup &cache)
{
    if (met(e, cache(objectKey))) {
        // Its event came before the answer. An older expectation for the object is met too.
        const auto it = m_expected.find(owner);
        if (it != m_expected.end()) {
            it->remove(objectKey);
            if (it->isEmpty())
                m_expected.erase(it);
        }
        return;
    }
    e.sinceMs = m_clock.nowMs();
    m_expected[owner].insert(objectKey, std::move(e));
}

void StaleCacheTracker::created(const QString &owner, const api::Object &stored, const CacheLookup &cache)
{
    expect(owner, client::Informer::keyOf(stored), Expectation{Kind::Created, stored.uid(), {}, 0}, cache);
}

void StaleCacheTracker::updated(const QString &owner, const api::Object &stored, const QString &replacedRv,
                                const CacheLookup &cache)
{
    if (stored.resourceVersion() == replacedRv)
        return; // a no-op update: nothing new to wait for
    expect(owner, client::Informer::keyOf(stored), Expectation{Kind::Updated, {}, replacedRv, 0}, cache);
}

void StaleCacheTracker::deleted(const QString &owner, const api::Object &last, const CacheLookup &cache)
{
    expect(owner, client::Informer::keyOf(last), Expectation{Kind::Deleted, last.uid(), {}, 0}, cache);
}

bool StaleCacheTracker::isStale(const QString &owner, const CacheLookup &cache, std::chrono::milliseconds *expiresIn)
{
    const auto it = m_expected.find(owner);
    if (it == m_expected.end())
        return false;
    const qint64 now = m_clock.nowMs();
    qint64 oldest = now;
    for (auto e = it->begin(); e != it->end();) {
        if (now - e->sinceMs >= Timeout.count() || met(*e, cache(e.key()))) {
            e = it->erase(e);
            continue;
        }
        oldest = std::min(oldest, e->sinceMs);
        ++e;
    }
    if (it->isEmpty()) {
        m_expected.erase(it);
        return false;
    }
    if (expiresIn)
        *expiresIn = std::chrono::milliseconds(oldest + Timeout.count() - now);
    return true;
}

} // namespace tugboat::controllers
