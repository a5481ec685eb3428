// Per-client request limits: a token bucket on rate and a cap on requests in flight.
#include "apiserver/ratelimiter.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::apiserver;

class RateLimiterTest : public QObject {
    Q_OBJECT

private slots:
    void aBurstIsAdmittedThenTheRateApplies()
    {
        api::FakeClock clock;
        RateLimiter limiter(RateLimits{10, 5, 1000}, clock);
        const QHostAddress a(QStringLiteral("10.0.0.1"));
        for (int i = 0; i < 5; ++i)
            QVERIFY(limiter.admit(a));
        QVERIFY(!limiter.admit(a));
        clock.advanceMs(100); // one token at 10/s
        QVERIFY(limiter.admit(a));
        QVERIFY(!limiter.admit(a));
    }

    void clientsHaveTheirOwnBuckets()
    {
        api::FakeClock clock;
        RateLimiter limiter(RateLimits{1, 1, 10}, clock);
        QVERIFY(limiter.admit(QHostAddress(QStringLiteral("10.0.0.1"))));
        QVERIFY(!limiter.admit(QHostAddress(QStringLiteral("10.0.0.1"))));
        QVERIFY(limiter.admit(QHostAddress(QStringLiteral("10.0.0.2"))));
    }

    void requestsInFlightAreCapped()
    {
        api::FakeClock clock;
        RateLimiter limiter(RateLimits{1000, 1000, 2}, clock);
        const QHostAddress a(QStringLiteral("10.0.0.1"));
        QVERIFY(limiter.admit(a));
        QVERIFY(limiter.admit(a));
        QVERIFY(!limiter.admit(a));
        limiter.release(a);
        QVERIFY(limiter.admit(a));
    }
};

QTEST_APPLESS_MAIN(RateLimiterTest)
#include "tst_ratelimiter.moc"
