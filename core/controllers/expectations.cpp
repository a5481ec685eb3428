#include "expectations.h"

namespace tugboat::controllers {

void ControllerExpectations::setExpectations(const QString &key, int add, int del)
{
    QMutexLocker lock(&m_mutex);
    m_expectations.insert(key, Expectation{add, del, m_clock.nowMs()});
}

void ControllerExpectations::raiseExpectations(const QString &key, int add, int del)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_expectations.find(key);
    if (it == m_expectations.end())
        return;
    it->add += add;
    it->del += del;
}

void ControllerExpectations::lowerExpectations(const QString &key, int add, int del)
{
    raiseExpectations(key, -add, -del);
}

bool ControllerExpectations::satisfied(const QString &key) const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_expectations.constFind(key);
    if (it == m_expectations.cend())
        return true;
    if (it->add <= 0 && it->del <= 0)
        return true;
    return m_clock.nowMs() - it->timestampMs > Timeout.count();
}

void ControllerExpectations::deleteExpectations(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    m_expectations.remove(key);
}

std::optional<ControllerExpectations::Expectation> ControllerExpectations::get(const QString &key) const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_expectations.constFind(key);
    if (it == m_expectations.cend())
        return std::nullopt;
    return *it;
}

} // namespace tugboat::controllers
