// Server-side apply and managedFields: kubectl apply --server-side creating and then updating an
// object (KUBECTL-WIRE §5 row 21), conflicts with another manager worded as Kubernetes words them,
// forced applies, pruning of fields the applier dropped, the client-side-apply migration that kubectl
// relies on, and the Update entries every other write records.
#include "api/fieldset.h"
#include "api/serversideapply.h"
#include "patchfixtures.h"

#include <QTest>

using namespace tugboat::api;
using tugboat::test::json;
using tugboat::test::object;
using tugboat::test::show;

namespace {

const QString T0 = QStringLiteral("2025-05-01T10:00:00Z");
const QString T1 = QStringLiteral("2025-05-01T11:00:00Z");
const QString T2 = QStringLiteral("2025-05-01T12:00:00Z");

// What kubectl apply --server-side sends for the web Deployment (namespace filled in).
QJsonObject manifest(int replicas = 3, const char *image = "nginx:1.25")
{
    QJsonObject m = object(R"({'apiVersion':'apps/v1','kind':'Deployment',
      'metadata':{'name':'web','namespace':'default','labels':{'app':'web'}},
      'spec':{'replicas':0,'selector':{'matchLabels':{'app':'web'}},
        'template':{'metadata':{'labels':{'app':'web'}},
          'spec':{'containers':[{'name':'web','image':'IMAGE','ports':[{'containerPort':80}]}]}}}})");
    QJsonObject spec = m.value(QLatin1String("spec")).toObject();
    spec.insert(QStringLiteral("replicas"), replicas);
    QJsonObject pod =
        json(QByteArray("{'containers':[{'name':'web','image':'") + image + "','ports':[{'containerPort':80}]}]}")
            .toObject();
    QJsonObject tmpl = spec.value(QLatin1String("template")).toObject();
    tmpl.insert(QStringLiteral("spec"), pod);
    spec.insert(QStringLiteral("template"), tmpl);
    m.insert(QStringLiteral("spec"), spec);
    return m;
}

// The stored object after the API server created `m` (server-set metadata added).
QJsonObject stored(QJsonObject m)
{
    QJsonObject metadata = m.value(QLatin1String("metadata")).toObject();
    metadata.insert(QStringLiteral("uid"), QStringLiteral("6f1c"));
    metadata.insert(QStringLiteral("resourceVersion"), QStringLiteral("812"));
    metadata.insert(QStringLiteral("creationTimestamp"), T0);
    m.insert(QStringLiteral("metadata"), metadata);
    return m;
}

QJsonObject with(QJsonObject o, const QString &dotted, const QJsonValue &value)
{
    const QStringList parts = dotted.split(QLatin1Char('.'));
    if (parts.size() == 1) {
        o.insert(dotted, value);
        return o;
    }
    o.insert(parts.first(), with(o.value(parts.first()).toObject(), parts.mid(1).join(QLatin1Char('.')), value));
    return o;
}

QJsonValue at(const QJsonObject &o, const QString &dotted)
{
    QJsonValue node = o;
    for (const QString &part : dotted.split(QLatin1Char('.'))) {
        bool index = false;
        const int i = part.toInt(&index);
        node = index ? node.toArray().at(i) : node.toObject().value(part);
    }
    return node;
}

QJsonArray entries(const QJsonObject &o)
{
    return at(o, QStringLiteral("metadata.managedFields")).toArray();
}

// The entry of `manager` with `operation`, or an empty object.
QJsonObject entry(const QJsonObject &o, const QString &manager, const QString &operation = QStringLiteral("Apply"))
{
    for (const QJsonValue &e : entries(o))
        if (e.toObject().value(QLatin1String("manager")) == manager &&
            e.toObject().value(QLatin1String("operation")) == operation)
            return e.toObject();
    return {};
}

QString fieldsOf(const QJsonObject &o, const QString &manager, const QString &operation = QStringLiteral("Apply"))
{
    return show(entry(o, manager, operation).value(QLatin1String("fieldsV1")));
}

QJsonObject applied(const Result<QJsonObject> &r)
{
    if (!r.ok())
        qFatal("apply failed: %s", qPrintable(r.errorMessage()));
    return *r;
}

} // namespace

class ServerSideApplyTest : public QObject {
    Q_OBJECT

private slots:
    void apply_createsTheObjectAndOwnsExactlyTheAppliedFields();
    void apply_twiceWithTheSameConfigurationChangesNothing();
    void apply_secondApplyWithNewImageUpdatesObjectAndTime();
    void apply_conflictsWithClientSideApplyManager();
    void apply_forceTakesTheFieldFromTheOtherManager();
    void apply_listsEveryConflictGroupedByManager();
    void apply_agreeingValuesShareOwnership();
    void apply_removesWhatTheApplierDroppedUnlessOthersOwnIt();
    void apply_kubectlTakesOverFieldsThatStillMatchLastApplied();
    void apply_objectWithoutManagedFieldsIsOwnedBeforeFirstApply();
    void apply_mergesKeyedListsAndKeepsLiveOrder();
    void apply_ignoresStatusAndServerSetMetadata();
    void apply_rejectsBadConfigurations_data();
    void apply_rejectsBadConfigurations();
    void recordUpdate_createRecordsEveryFieldWithNewParents();
    void recordUpdate_scaleTakesReplicasAndLaterApplyConflicts();
    void recordUpdate_keepsUntrackedObjectsUntrackedAndHonoursReset();
    void recordUpdate_foldsOldestUpdatesPastTen();
    void fieldSet_encodesAndDescribesPathsAsKubernetes();
};

void ServerSideApplyTest::apply_createsTheObjectAndOwnsExactlyTheAppliedFields()
{
    const QJsonObject result = applied(serverSideApply(nullptr, manifest(), QStringLiteral("kubectl"), false, T0));
    const QJsonObject withoutFields = with(result, QStringLiteral("metadata.managedFields"), QJsonValue::Undefined);
    QCOMPARE(show(withoutFields), show(manifest()));

    QCOMPARE(entries(result).size(), 1);
    const QJsonObject e = entry(result, QStringLiteral("kubectl"));
    QCOMPARE(e.value(QLatin1String("apiVersion")).toString(), QStringLiteral("apps/v1"));
    QCOMPARE(e.value(QLatin1String("time")).toString(), T0);
    QCOMPARE(e.value(QLatin1String("fieldsType")).toString(), QStringLiteral("FieldsV1"));
    QCOMPARE(fieldsOf(result, QStringLiteral("kubectl")), show(json(R"({'f:metadata':{'f:labels':{'f:app':{}}},
               'f:spec':{'f:replicas':{},'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},
                 'f:spec':{'f:containers':{'k:{\'name\':\'web\'}':{'.':{},'f:image':{},'f:name':{},
                   'f:ports':{'k:{\'containerPort\':80,\'protocol\':\'TCP\'}':{'.':{},'f:containerPort':{}}}}}}}}})")));
}

void ServerSideApplyTest::apply_twiceWithTheSameConfigurationChangesNothing()
{
    const QJsonObject first =
        stored(applied(serverSideApply(nullptr, manifest(), QStringLiteral("kubectl"), false, T0)));
    const QJsonObject second = applied(serverSideApply(&first, manifest(), QStringLiteral("kubectl"), false, T1));
    QCOMPARE(show(second), show(first));
}

void ServerSideApplyTest::apply_secondApplyWithNewImageUpdatesObjectAndTime()
{
    const QJsonObject first =
        stored(applied(serverSideApply(nullptr, manifest(), QStringLiteral("kubectl"), false, T0)));
    const QJsonObject second =
        applied(serverSideApply(&first, manifest(3, "nginx:1.27"), QStringLiteral("kubectl"), false, T1));
    QCOMPARE(at(second, QStringLiteral("spec.template.spec.containers.0.image")).toString(),
             QStringLiteral("nginx:1.27"));
    QCOMPARE(at(second, QStringLiteral("metadata.uid")).toString(), QStringLiteral("6f1c"));
    QCOMPARE(entry(second, QStringLiteral("kubectl")).value(QLatin1String("time")).toString(), T1);
    QCOMPARE(fieldsOf(second, QStringLiteral("kubectl")), fieldsOf(first, QStringLiteral("kubectl")));
}

void ServerSideApplyTest::apply_conflictsWithClientSideApplyManager()
{
    // kubectl apply -f created it (client-side), then a CI job applies server-side with its own manager.
    const QJsonObject live =
        stored(recordUpdate(nullptr, manifest(3), QStringLiteral("kubectl-client-side-apply"), T0));
    auto result = serverSideApply(&live, manifest(5), QStringLiteral("ci"), false, T1);
    QVERIFY(!result.ok());
    const Error &error = result.error();
    QCOMPARE(error.code(), ErrorCode::Conflict);
    QCOMPARE(error.httpStatus(), 409);
    QCOMPARE(error.message(), QStringLiteral("Apply failed with 1 conflict: conflict with "
                                             "\"kubectl-client-side-apply\" using apps/v1: .spec.replicas"));
    QCOMPARE(error.causes().size(), 1);
    QCOMPARE(error.causes().first().field, QStringLiteral(".spec.replicas"));
    QCOMPARE(error.causes().first().detail,
             QStringLiteral("conflict with \"kubectl-client-side-apply\" using apps/v1"));

    // The same values are no conflict: ci then shares them.
    QVERIFY(serverSideApply(&live, manifest(3), QStringLiteral("ci"), false, T1).ok());
}

void ServerSideApplyTest::apply_forceTakesTheFieldFromTheOtherManager()
{
    const QJsonObject live =
        stored(recordUpdate(nullptr, manifest(3), QStringLiteral("kubectl-client-side-apply"), T0));
    const QJsonObject result = applied(serverSideApply(&live, manifest(5), QStringLiteral("ci"), true, T1));
    QCOMPARE(at(result, QStringLiteral("spec.replicas")).toInt(), 5);
    QVERIFY(!fieldsOf(result, QStringLiteral("kubectl-client-side-apply"), QStringLiteral("Update"))
                 .contains(QLatin1String("f:replicas")));
    QVERIFY(fieldsOf(result, QStringLiteral("kubectl-client-side-apply"), QStringLiteral("Update"))
                .contains(QLatin1String("f:selector")));
    QVERIFY(fieldsOf(result, QStringLiteral("ci")).contains(QLatin1String("f:replicas")));
    // Apply entries sort before Update entries.
    QCOMPARE(entries(result).at(0).toObject().value(QLatin1String("operation")).toString(), QStringLiteral("Apply"));

    // Now ci owns replicas: the old manager's next (client-side) write takes it back without asking.
    const QJsonObject back = recordUpdate(&result, with(result, QStringLiteral("spec.replicas"), 2),
                                          QStringLiteral("kubectl-client-side-apply"), T2);
    QVERIFY(!fieldsOf(back, QStringLiteral("ci")).contains(QLatin1String("f:replicas")));
}

void ServerSideApplyTest::apply_listsEveryConflictGroupedByManager()
{
    QJsonObject live = stored(applied(serverSideApply(nullptr, manifest(3), QStringLiteral("team-a"), false, T0)));
    live = recordUpdate(&live, with(live, QStringLiteral("metadata.labels.tier"), QStringLiteral("web")),
                        QStringLiteral("labeller"), T1);
    QJsonObject config =
        with(manifest(4, "nginx:1.27"), QStringLiteral("metadata.labels.tier"), QStringLiteral("edge"));
    auto result = serverSideApply(&live, config, QStringLiteral("team-b"), false, T2);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().message(),
             QStringLiteral("Apply failed with 3 conflicts: conflicts with \"labeller\" using apps/v1:\n"
                            "- .metadata.labels.tier\n"
                            "conflicts with \"team-a\":\n"
                            "- .spec.replicas\n"
                            "- .spec.template.spec.containers[name=\"web\"].image"));
    QCOMPARE(result.error().causes().size(), 3);
    QCOMPARE(result.error().causes().at(2).field, QStringLiteral(".spec.template.spec.containers[name=\"web\"].image"));
    QCOMPARE(result.error().causes().at(2).detail, QStringLiteral("conflict with \"team-a\""));
}

void ServerSideApplyTest::apply_agreeingValuesShareOwnership()
{
    QJsonObject live = stored(applied(serverSideApply(nullptr, manifest(3), QStringLiteral("team-a"), false, T0)));
    live = applied(serverSideApply(&live, manifest(3), QStringLiteral("team-b"), false, T1));
    QCOMPARE(fieldsOf(live, QStringLiteral("team-a")), fieldsOf(live, QStringLiteral("team-b")));
    // team-a drops replicas: team-b still owns it, so it stays.
    QJsonObject withoutReplicas = manifest();
    withoutReplicas = with(withoutReplicas, QStringLiteral("spec.replicas"), QJsonValue::Null);
    live = applied(serverSideApply(&live, withoutReplicas, QStringLiteral("team-a"), false, T2));
    QCOMPARE(at(live, QStringLiteral("spec.replicas")).toInt(), 3);
    QVERIFY(!fieldsOf(live, QStringLiteral("team-a")).contains(QLatin1String("f:replicas")));
    // team-b drops it too: nobody owns it any more, so it goes (the API server defaults it again).
    live = applied(serverSideApply(&live, withoutReplicas, QStringLiteral("team-b"), false, T2));
    QVERIFY(at(live, QStringLiteral("spec.replicas")).isUndefined());
}

void ServerSideApplyTest::apply_removesWhatTheApplierDroppedUnlessOthersOwnIt()
{
    QJsonObject config = manifest();
    config = with(config, QStringLiteral("metadata.labels.tier"), QStringLiteral("frontend"));
    QJsonObject pod = at(config, QStringLiteral("spec.template.spec")).toObject();
    QJsonArray containers = pod.value(QLatin1String("containers")).toArray();
    containers.append(object("{'name':'log','image':'busybox:1.36'}"));
    config = with(config, QStringLiteral("spec.template.spec.containers"), containers);
    QJsonObject live = stored(applied(serverSideApply(nullptr, config, QStringLiteral("kubectl"), false, T0)));
    // Another writer adds a label of its own.
    live = recordUpdate(&live, with(live, QStringLiteral("metadata.labels.team"), QStringLiteral("payments")),
                        QStringLiteral("labeller"), T1);

    // The applier drops its tier label and the log container.
    const QJsonObject result = applied(serverSideApply(&live, manifest(), QStringLiteral("kubectl"), false, T2));
    QCOMPARE(show(at(result, QStringLiteral("metadata.labels"))), show(json("{'app':'web','team':'payments'}")));
    QCOMPARE(at(result, QStringLiteral("spec.template.spec.containers")).toArray().size(), 1);
    QCOMPARE(fieldsOf(result, QStringLiteral("kubectl")),
             fieldsOf(applied(serverSideApply(nullptr, manifest(), QStringLiteral("kubectl"), false, T0)),
                      QStringLiteral("kubectl")));
    // Dropping the last annotation removes the emptied map instead of storing "annotations: {}".
    QJsonObject annotated = stored(applied(
        serverSideApply(nullptr, with(manifest(), QStringLiteral("metadata.annotations"), object("{'owner':'ops'}")),
                        QStringLiteral("kubectl"), false, T0)));
    const QJsonObject dropped = applied(serverSideApply(&annotated, manifest(), QStringLiteral("kubectl"), false, T1));
    QVERIFY(at(dropped, QStringLiteral("metadata.annotations")).isUndefined());
}

void ServerSideApplyTest::apply_kubectlTakesOverFieldsThatStillMatchLastApplied()
{
    // kubectl apply -f (client side) left the last-applied annotation; kubectl apply --server-side with a
    // new replica count migrates without a conflict, and the annotation follows the new configuration.
    QJsonObject csa = manifest(3);
    csa = with(csa, QStringLiteral("metadata.annotations"),
               QJsonObject{
                   {QStringLiteral("kubectl.kubernetes.io/last-applied-configuration"),
                    QString::fromUtf8(QJsonDocument(manifest(3)).toJson(QJsonDocument::Compact)) + QLatin1Char('\n')}});
    const QJsonObject live = stored(recordUpdate(nullptr, csa, QStringLiteral("kubectl-client-side-apply"), T0));
    const QJsonObject result = applied(serverSideApply(&live, manifest(5), QStringLiteral("kubectl"), false, T1));
    QCOMPARE(at(result, QStringLiteral("spec.replicas")).toInt(), 5);
    QCOMPARE(at(result, QStringLiteral("metadata.annotations"))
                 .toObject()
                 .value(QStringLiteral("kubectl.kubernetes.io/last-applied-configuration"))
                 .toString(),
             QString::fromUtf8(QJsonDocument(manifest(5)).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));

    // Once someone else changed the field (kubectl scale), the same apply is a conflict with them.
    const QJsonObject scaled = recordUpdate(&live, with(live, QStringLiteral("spec.replicas"), 4),
                                            QStringLiteral("kubectl"), T1, QStringLiteral("scale"));
    auto conflict = serverSideApply(&scaled, manifest(5), QStringLiteral("kubectl"), false, T2);
    QVERIFY(!conflict.ok());
    QCOMPARE(conflict.error().message(),
             QStringLiteral("Apply failed with 1 conflict: conflict with \"kubectl\" with subresource "
                            "\"scale\" using apps/v1: .spec.replicas"));
    // Other managers get no such allowance.
    QVERIFY(!serverSideApply(&live, manifest(5), QStringLiteral("ci"), false, T1).ok());
}

void ServerSideApplyTest::apply_objectWithoutManagedFieldsIsOwnedBeforeFirstApply()
{
    const QJsonObject live = stored(manifest(3)); // written before field tracking
    auto result = serverSideApply(&live, manifest(5), QStringLiteral("ci"), false, T1);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().message(),
             QStringLiteral("Apply failed with 1 conflict: conflict with \"before-first-apply\" using "
                            "apps/v1: .spec.replicas"));
    const QJsonObject forced = applied(serverSideApply(&live, manifest(5), QStringLiteral("ci"), true, T1));
    QVERIFY(fieldsOf(forced, QStringLiteral("before-first-apply"), QStringLiteral("Update"))
                .contains(QLatin1String("f:selector")));
}

void ServerSideApplyTest::apply_mergesKeyedListsAndKeepsLiveOrder()
{
    // Live containers [a, b, c], applied [c, a]: b keeps its place, the applied ones follow in the
    // applied order (structured-merge-diff): [b, c, a]. A new one goes after them.
    QJsonObject live = stored(manifest());
    live = with(live, QStringLiteral("spec.template.spec.containers"),
                json("[{'name':'a','image':'x'},{'name':'b','image':'y'},{'name':'c','image':'z'}]"));
    live = recordUpdate(nullptr, live, QStringLiteral("kubectl-create"), T0);
    QJsonObject config = with(manifest(), QStringLiteral("spec.template.spec.containers"),
                              json("[{'name':'c','image':'z'},{'name':'a','image':'x2'}]"));
    QJsonObject result = applied(serverSideApply(&live, config, QStringLiteral("kubectl"), true, T1));
    QCOMPARE(show(at(result, QStringLiteral("spec.template.spec.containers"))),
             show(json("[{'name':'b','image':'y'},{'name':'c','image':'z'},{'name':'a','image':'x2'}]")));
    config = with(manifest(), QStringLiteral("spec.template.spec.containers"),
                  json("[{'name':'c','image':'z'},{'name':'a','image':'x2'},{'name':'d','image':'w'}]"));
    result = applied(serverSideApply(&result, config, QStringLiteral("kubectl"), false, T2));
    QCOMPARE(at(result, QStringLiteral("spec.template.spec.containers.3.name")).toString(), QStringLiteral("d"));
}

void ServerSideApplyTest::apply_ignoresStatusAndServerSetMetadata()
{
    const QJsonObject live =
        stored(applied(serverSideApply(nullptr, manifest(), QStringLiteral("kubectl"), false, T0)));
    QJsonObject config = manifest();
    config = with(config, QStringLiteral("status"), object("{'replicas':99}"));
    config = with(config, QStringLiteral("metadata.creationTimestamp"), QJsonValue::Null);
    config = with(config, QStringLiteral("metadata.resourceVersion"), QStringLiteral("812"));
    config = with(config, QStringLiteral("spec.template.metadata.creationTimestamp"), QJsonValue::Null);
    const QJsonObject result = applied(serverSideApply(&live, config, QStringLiteral("kubectl"), false, T1));
    QCOMPARE(show(result), show(live));
}

void ServerSideApplyTest::apply_rejectsBadConfigurations_data()
{
    QTest::addColumn<QString>("manager");
    QTest::addColumn<QByteArray>("change"); // dotted path, then JSON
    QTest::addColumn<QString>("message");
    QTest::newRow("no manager") << QString() << QByteArray()
                                << "apply: a field manager is required (the fieldManager query parameter)";
    QTest::newRow("no kind") << "kubectl" << QByteArray("kind null")
                             << "apply: the applied configuration must set apiVersion and kind";
    QTest::newRow("managedFields sent") << "kubectl" << QByteArray("metadata.managedFields [{'manager':'x'}]")
                                        << "apply: metadata.managedFields must be nil";
    QTest::newRow("other kind") << "kubectl" << QByteArray("kind 'StatefulSet'")
                                << "apply: the applied kind StatefulSet does not match the object's kind Deployment";
    QTest::newRow("container without name")
        << "kubectl" << QByteArray("spec.template.spec.containers [{'image':'nginx'}]")
        << "apply: .spec.template.spec.containers[0]: the element omits a key field (keys: name)";
    QTest::newRow("duplicate container")
        << "kubectl" << QByteArray("spec.template.spec.containers [{'name':'web'},{'name':'web','image':'x'}]")
        << "apply: .spec.template.spec.containers: duplicate entries for key [name=\"web\"]";
}

void ServerSideApplyTest::apply_rejectsBadConfigurations()
{
    QFETCH(QString, manager);
    QFETCH(QByteArray, change);
    QFETCH(QString, message);
    QJsonObject config = manifest();
    if (!change.isEmpty()) {
        const qsizetype space = change.indexOf(' ');
        const QJsonValue value = json(change.mid(space + 1));
        config = with(config, QString::fromUtf8(change.left(space)),
                      value.isNull() ? QJsonValue(QJsonValue::Undefined) : value);
        if (value.isNull())
            config.remove(QString::fromUtf8(change.left(space)));
    }
    const QJsonObject live = stored(manifest());
    auto result = serverSideApply(&live, config, manager, false, T1);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::BadRequest);
    QCOMPARE(result.error().message(), message);
}

void ServerSideApplyTest::recordUpdate_createRecordsEveryFieldWithNewParents()
{
    QJsonObject created = tugboat::test::deployment();
    created.remove(QStringLiteral("status"));
    const QJsonObject result = recordUpdate(nullptr, created, QStringLiteral("kubectl-create"), T0);
    const QJsonObject e = entry(result, QStringLiteral("kubectl-create"), QStringLiteral("Update"));
    QCOMPARE(e.value(QLatin1String("apiVersion")).toString(), QStringLiteral("apps/v1"));
    QCOMPARE(e.value(QLatin1String("time")).toString(), T0);
    const QJsonObject fields = e.value(QLatin1String("fieldsV1")).toObject();
    // Maps and lists the write created carry "."; objects every Deployment has do not.
    QCOMPARE(show(at(fields, QStringLiteral("f:metadata"))),
             show(json("{'f:annotations':{'.':{},'f:deployment.kubernetes.io/"
                       "revision':{}},'f:labels':{'.':{},'f:app':{}}}")));
    const QJsonObject spec = fields.value(QLatin1String("f:spec")).toObject();
    QVERIFY(!spec.contains(QLatin1String(".")));
    QCOMPARE(show(spec.value(QLatin1String("f:strategy"))),
             show(json("{'f:rollingUpdate':{'.':{},'f:maxSurge':{},'f:maxUnavailable':{}},'f:type':{}}")));
    const QJsonObject container = at(spec, QStringLiteral("f:template.f:spec.f:containers"))
                                      .toObject()
                                      .value(QLatin1String("k:{\"name\":\"web\"}"))
                                      .toObject();
    QCOMPARE(show(container.value(QLatin1String("f:ports"))),
             show(json("{'.':{},'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:"
                       "containerPort':{},'f:protocol':{}}}")));
    QVERIFY(container.contains(QLatin1String(".")));
    QVERIFY(at(spec, QStringLiteral("f:template.f:spec.f:volumes"))
                .toObject()
                .contains(QLatin1String("k:{\"name\":\"cache\"}")));
}

void ServerSideApplyTest::recordUpdate_scaleTakesReplicasAndLaterApplyConflicts()
{
    const QJsonObject live = stored(applied(serverSideApply(nullptr, manifest(3), QStringLiteral("ci"), false, T0)));
    const QJsonObject scaled = recordUpdate(&live, with(live, QStringLiteral("spec.replicas"), 5),
                                            QStringLiteral("kubectl"), T1, QStringLiteral("scale"));
    const QJsonObject e = entry(scaled, QStringLiteral("kubectl"), QStringLiteral("Update"));
    QCOMPARE(e.value(QLatin1String("subresource")).toString(), QStringLiteral("scale"));
    QCOMPARE(show(e.value(QLatin1String("fieldsV1"))), show(json("{'f:spec':{'f:replicas':{}}}")));
    QVERIFY(!fieldsOf(scaled, QStringLiteral("ci")).contains(QLatin1String("f:replicas")));
    // A write that changes nothing leaves managedFields (and times) alone.
    QCOMPARE(show(recordUpdate(&scaled, scaled, QStringLiteral("kubectl-edit"), T2)), show(scaled));
    auto again = serverSideApply(&scaled, manifest(3), QStringLiteral("ci"), false, T2);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().message(),
             QStringLiteral("Apply failed with 1 conflict: conflict with \"kubectl\" with subresource "
                            "\"scale\" using apps/v1: .spec.replicas"));
}

void ServerSideApplyTest::recordUpdate_keepsUntrackedObjectsUntrackedAndHonoursReset()
{
    const QJsonObject untracked = stored(manifest());
    const QJsonObject updated =
        recordUpdate(&untracked, with(untracked, QStringLiteral("spec.replicas"), 4), QStringLiteral("x"), T1);
    QVERIFY(entries(updated).isEmpty());

    const QJsonObject tracked = recordUpdate(nullptr, stored(manifest()), QStringLiteral("kubectl-create"), T0);
    QCOMPARE(entries(tracked).size(), 1);
    const QJsonObject reset =
        recordUpdate(&tracked, with(tracked, QStringLiteral("metadata.managedFields"), QJsonArray{QJsonObject()}),
                     QStringLiteral("x"), T1);
    QVERIFY(!at(reset, QStringLiteral("metadata")).toObject().contains(QLatin1String("managedFields")));
}

void ServerSideApplyTest::recordUpdate_foldsOldestUpdatesPastTen()
{
    QJsonObject live =
        recordUpdate(nullptr, stored(manifest()), QStringLiteral("creator"), QStringLiteral("2025-05-01T00:00:00Z"));
    for (int i = 1; i <= 11; ++i) {
        const QString time = QStringLiteral("2025-05-01T%1:00:00Z").arg(i, 2, 10, QLatin1Char('0'));
        live = recordUpdate(&live, with(live, QStringLiteral("metadata.labels.l%1").arg(i), QStringLiteral("v")),
                            QStringLiteral("writer-%1").arg(i, 2, 10, QLatin1Char('0')), time);
    }
    const QJsonArray all = entries(live);
    QCOMPARE(all.size(), 10);
    const QJsonObject ancient = entry(live, QStringLiteral("ancient-changes"), QStringLiteral("Update"));
    QVERIFY(!ancient.isEmpty());
    QVERIFY(show(ancient.value(QLatin1String("fieldsV1"))).contains(QLatin1String("f:l1")));
    QVERIFY(entry(live, QStringLiteral("creator"), QStringLiteral("Update")).isEmpty());
    QCOMPARE(all.last().toObject().value(QLatin1String("manager")).toString(), QStringLiteral("writer-11"));
}

void ServerSideApplyTest::fieldSet_encodesAndDescribesPathsAsKubernetes()
{
    FieldSet set;
    const QString spec = FieldSet::fieldElement(QStringLiteral("spec"));
    set.insert({spec, QStringLiteral("f:ports"), QStringLiteral("k:{\"port\":443,\"protocol\":\"TCP\"}")});
    set.insert({spec, QStringLiteral("f:ports"), QStringLiteral("k:{\"port\":443,\"protocol\":\"TCP\"}"),
                QStringLiteral("f:name")});
    set.insert({spec, QStringLiteral("f:replicas")});
    set.insert({QStringLiteral("f:metadata"), QStringLiteral("f:finalizers"), QStringLiteral("v:\"example.com/x\"")});
    QVERIFY(set.has({spec, QStringLiteral("f:replicas")}));
    QVERIFY(!set.has({spec})); // only a parent of members, not a member itself
    const QJsonObject encoded = set.toFieldsV1();
    FieldSet decoded;
    QVERIFY(decoded.readFieldsV1(encoded));
    QVERIFY(decoded == set);
    // Keys written in another order read back canonically.
    FieldSet reordered;
    QVERIFY(reordered.readFieldsV1(
        object("{'f:spec':{'f:ports':{'k:{\\'protocol\\':\\'TCP\\',\\'port\\':443}':{'.':{},'f:name':{}}},"
               "'f:replicas':{}},'f:metadata':{'f:finalizers':{'v:\\'example.com/x\\'':{}}}}")));
    QVERIFY(reordered == set);
    QVERIFY(!FieldSet().readFieldsV1(object("{'x:oops':{}}")));

    QStringList described;
    for (const FieldSet::Path &path : set.paths())
        described << FieldSet::describe(path);
    QCOMPARE(described,
             (QStringList{".metadata.finalizers[=\"example.com/x\"]", ".spec.replicas",
                          ".spec.ports[port=443,protocol=\"TCP\"]", ".spec.ports[port=443,protocol=\"TCP\"].name"}));
}

QTEST_APPLESS_MAIN(ServerSideApplyTest)
#include "tst_serversideapply.moc"
