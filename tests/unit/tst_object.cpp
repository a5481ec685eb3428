// The resource model's base: objects as JSON with typed accessors, errors worded as Kubernetes words
// them, and the table of served kinds.
#include "api/kinds.h"
#include "api/object.h"
#include "api/result.h"

#include <QJsonArray>
#include <QTest>

using namespace tugboat::api;

class ObjectTest : public QObject {
    Q_OBJECT

private slots:
    void accessorsReadTheFieldsAndUnknownFieldsAreKept()
    {
        auto parsed = Object::fromJson(R"({"apiVersion":"apps/v1","kind":"Deployment",
            "metadata":{"name":"web","namespace":"prod","uid":"u1","resourceVersion":"7","generation":3,
                        "labels":{"app":"web"},"annotations":{"a":"b"},"finalizers":["x"]},
            "spec":{"replicas":2},"status":{"replicas":1},"x-extra":{"kept":true}})");
        QVERIFY(parsed);
        const Object &o = *parsed;
        QCOMPARE(o.group(), QStringLiteral("apps"));
        QCOMPARE(o.name(), QStringLiteral("web"));
        QCOMPARE(o.namespaceName(), QStringLiteral("prod"));
        QCOMPARE(o.generation(), 3);
        QCOMPARE(o.labels().value("app"), QStringLiteral("web"));
        QCOMPARE(o.finalizers(), QStringList{"x"});
        QCOMPARE(o.valueAt(u"spec.replicas").toInt(), 2);
        QVERIFY(o.valueAt(u"spec.nothing.deeper").isUndefined());
        QVERIFY(Object::fromJson(o.toJson())->json().value("x-extra").toObject().value("kept").toBool());
    }

    void changesMakeNewObjects()
    {
        const Object o(QJsonObject{{"metadata", QJsonObject{{"name", "a"}}}});
        const Object changed = o.withResourceVersion("9");
        QCOMPARE(changed.resourceVersion(), QStringLiteral("9"));
        QVERIFY(o.resourceVersion().isEmpty());
        QVERIFY(changed.withMetadataField(QLatin1String("resourceVersion"), QJsonValue::Undefined)
                    .resourceVersion()
                    .isEmpty());
    }

    void badJsonIsABadRequest_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("garbage") << QByteArray("{nope");
        QTest::newRow("array") << QByteArray("[1]");
        QTest::newRow("empty") << QByteArray("");
    }
    void badJsonIsABadRequest()
    {
        QFETCH(QByteArray, json);
        auto r = Object::fromJson(json);
        QVERIFY(!r);
        QCOMPARE(r.error().code(), ErrorCode::BadRequest);
        QCOMPARE(r.error().httpStatus(), 400);
    }

    void fieldErrorsReadAsKubernetesPrintsThem_data()
    {
        QTest::addColumn<QString>("printed");
        QTest::addColumn<QString>("expected");
        QTest::newRow("required") << FieldError::required("spec.template.spec.containers[0].image").toString()
                                  << "spec.template.spec.containers[0].image: Required value";
        QTest::newRow("invalid number")
            << FieldError::invalid("spec.replicas", -1, "must be greater than or equal to 0").toString()
            << "spec.replicas: Invalid value: -1: must be greater than or equal to 0";
        QTest::newRow("invalid string") << FieldError::invalid("metadata.name", "Web", "bad").toString()
                                        << "metadata.name: Invalid value: \"Web\": bad";
        QTest::newRow("duplicate") << FieldError::duplicate("spec.containers[1].name", "web").toString()
                                   << "spec.containers[1].name: Duplicate value: \"web\"";
        QTest::newRow("unsupported")
            << FieldError::notSupported("spec.restartPolicy", "Sometimes", {"Always", "Never"}).toString()
            << "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\"";
    }
    void fieldErrorsReadAsKubernetesPrintsThem()
    {
        QFETCH(QString, printed);
        QFETCH(QString, expected);
        QCOMPARE(printed, expected);
    }

    void anInvalidErrorListsEveryField()
    {
        const Error one = Error::invalid("Deployment.apps", "web", {FieldError::required("spec.selector")});
        QCOMPARE(one.message(), QStringLiteral("Deployment.apps \"web\" is invalid: spec.selector: Required value"));
        const Error two = Error::invalid("Pod", "p", {FieldError::required("a"), FieldError::required("b")});
        QCOMPARE(two.message(), QStringLiteral("Pod \"p\" is invalid: [a: Required value, b: Required value]"));
        QCOMPARE(two.httpStatus(), 422);
        QCOMPARE(two.reason(), QStringLiteral("Invalid"));
        QCOMPARE(two.causes().size(), 2);
    }

    void errorCodesMapToStatusReasons_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("http");
        QTest::addColumn<QString>("reason");
        QTest::newRow("notfound") << int(ErrorCode::NotFound) << 404 << "NotFound";
        QTest::newRow("exists") << int(ErrorCode::AlreadyExists) << 409 << "AlreadyExists";
        QTest::newRow("conflict") << int(ErrorCode::Conflict) << 409 << "Conflict";
        QTest::newRow("gone") << int(ErrorCode::Gone) << 410 << "Expired";
        QTest::newRow("media") << int(ErrorCode::UnsupportedMediaType) << 415 << "UnsupportedMediaType";
        QTest::newRow("forbidden") << int(ErrorCode::Forbidden) << 403 << "Forbidden";
    }
    void errorCodesMapToStatusReasons()
    {
        QFETCH(int, code);
        QFETCH(int, http);
        QFETCH(QString, reason);
        const Error e(ErrorCode(code), "x");
        QCOMPARE(e.httpStatus(), http);
        QCOMPARE(e.reason(), reason);
    }

    void kindsResolveAsKubectlResolvesWhatUsersType_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("kind");
        QTest::newRow("short") << "deploy"
                               << "Deployment";
        QTest::newRow("plural") << "replicasets"
                                << "ReplicaSet";
        QTest::newRow("singular") << "pod"
                                  << "Pod";
        QTest::newRow("kind") << "ConfigMap"
                              << "ConfigMap";
        QTest::newRow("qualified") << "deployments.apps"
                                   << "Deployment";
        QTest::newRow("svc") << "svc"
                             << "Service";
    }
    void kindsResolveAsKubectlResolvesWhatUsersType()
    {
        QFETCH(QString, typed);
        QFETCH(QString, kind);
        auto info = Kinds::lookup(typed);
        QVERIFY(info);
        QCOMPARE(info->kind, kind);
    }

    void kindsKnowTheirScopeAndGroup()
    {
        QVERIFY(!Kinds::byKind("Node")->namespaced);
        QVERIFY(Kinds::byKind("Pod")->namespaced);
        QCOMPARE(Kinds::byResource("apps", "deployments")->qualifiedKind(), QStringLiteral("Deployment.apps"));
        QCOMPARE(Kinds::byKind("v1", "Pod")->listKind(), QStringLiteral("PodList"));
        QVERIFY(!Kinds::byKind("apps/v1", "Pod"));
        QVERIFY(!Kinds::lookup("widgets.example.com"));
    }
};

QTEST_APPLESS_MAIN(ObjectTest)
#include "tst_object.moc"
