// ControllerExpectations with a FakeClock: a key is unsatisfied until every expected create and
// delete was observed, satisfied without expectations, and satisfied once its expectations are more
// than five minutes old.
#include "controllers/expectations.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::controllers;

class ExpectationsTest : public QObject {
    Q_OBJECT

private slots:
    void aKeyWithoutExpectationsIsSatisfied()
    {
        api::FakeClock clock;
        ControllerExpectations e(clock);
        QVERIFY(e.satisfied("default/web"));
        QVERIFY(!e.get("default/web"));
    }

    void creationsMustAllBeObserved()
    {
        api::FakeClock clock;
        ControllerExpectations e(clock);
        e.expectCreations("default/web", 3);
        QVERIFY(!e.satisfied("default/web"));
        e.creationObserved("default/web");
        e.creationObserved("default/web");
        QVERIFY(!e.satisfied("default/web"));
        QCOMPARE(e.get("default/web")->add, 1);
        e.creationObserved("default/web");
        QVERIFY(e.satisfied("default/web"));
        QVERIFY(e.satisfied("default/other")); // keys are independent
    }

    void deletionsMustAllBeObserved()
    {
        api::FakeClock clock;
        ControllerExpectations e(clock);
        e.expectDeletions("k", 2);
        e.creationObserved("k"); // not what it waits for
        QVERIFY(!e.satisfied("k"));
        e.deletionObserved("k");
        e.deletionObserved("k");
        QVERIFY(e.satisfied("k"));
    }

    void expectationsExpireAfterFiveMinutes()
    {
        api::FakeClock clock;
        ControllerExpectations e(clock);
        e.expectCreations("k", 1);
        clock.advanceMs(5 * 60 * 1000);
        QVERIFY(!e.satisfied("k")); // exactly five minutes: still waiting
        clock.advanceMs(1);
        QVERIFY(e.satisfied("k"));
        e.expectCreations("k", 1); // setting again restarts the timer
        QVERIFY(!e.satisfied("k"));
    }

    void raiseAndLowerAdjustExistingExpectationsOnly()
    {
        api::FakeClock clock;
        ControllerExpectations e(clock);
        e.raiseExpectations("k", 2, 0);
        QVERIFY(!e.get("k"));
        e.expectCreations("k", 1);
        e.raiseExpectations("k", 1, 1);
        QCOMPARE(e.get("k")->add, 2);
        QCOMPARE(e.get("k")->del, 1);
        e.lowerExpectations("k", 2, 1);
        QVERIFY(e.satisfied("k"));
    }

    void deleteExpectationsForgetsTheKey()
    {
        api::FakeClock clock;
        ControllerExpectations e(clock);
        e.expectCreations("k", 5);
        e.deleteExpectations("k");
        QVERIFY(e.satisfied("k"));
        QVERIFY(!e.get("k"));
    }
};

QTEST_GUILESS_MAIN(ExpectationsTest)
#include "tst_expectations.moc"
