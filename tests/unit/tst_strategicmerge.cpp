// Strategic merge patch: apimachinery's own test cases (pkg/util/strategicpatch/patch_test.go, on its
// MergeItem type), every SMP body kubectl sends (KUBECTL-WIRE §5 rows 7, 14, 15, 18, 22) applied to
// realistic objects, the merge keys of the built-in kinds, and the errors for malformed directives.
#include "api/kinds.h"
#include "api/strategicmerge.h"
#include "patchfixtures.h"

#include <QSet>
#include <QTest>

using namespace tugboat::api;
using tugboat::test::json;
using tugboat::test::object;
using tugboat::test::show;

namespace {

// apimachinery's MergeItem test type: mergingList merges by name, mergingIntList merges as a set,
// nonMergingList / nonMergingIntList are replaced, simpleMap merges, retainKeysMap and
// retainKeysMergingList carry the retainKeys strategy.
const SchemaNode *mergeItemSchema()
{
    static SchemaNode item, retainKeysMap, mergingList, mergingIntList;
    static const bool built = [] {
        mergingList.shape = SchemaNode::Shape::List;
        mergingList.patchMerge = true;
        mergingList.patchMergeKey = QStringLiteral("name");
        mergingList.element = &item;
        mergingIntList.shape = SchemaNode::Shape::List;
        mergingIntList.patchMerge = true;
        retainKeysMap.fields = {{QStringLiteral("mergingList"), &mergingList},
                                {QStringLiteral("mergingIntList"), &mergingIntList}};
        item.fields = {{QStringLiteral("mergingList"), &mergingList},
                       {QStringLiteral("mergingIntList"), &mergingIntList},
                       {QStringLiteral("retainKeysMap"), &retainKeysMap},
                       {QStringLiteral("retainKeysMergingList"), &mergingList}};
        return true;
    }();
    Q_UNUSED(built);
    return &item;
}

// Fails the test when a directive survived anywhere in `value`.
bool directiveFree(const QJsonValue &value, QString *where)
{
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key().startsWith(QLatin1Char('$')) || !directiveFree(it.value(), where)) {
                *where = it.key() + QLatin1Char('/') + *where;
                return false;
            }
        }
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            if (!directiveFree(item, where))
                return false;
    }
    return true;
}

QJsonValue member(const QJsonValue &root, const QString &dotted)
{
    QJsonValue node = root;
    for (const QString &part : dotted.split(QLatin1Char('.'))) {
        bool isIndex = false;
        const int index = part.toInt(&isIndex);
        node = isIndex ? node.toArray().at(index) : node.toObject().value(part);
    }
    return node;
}

} // namespace

class StrategicMergeTest : public QObject {
    Q_OBJECT

private slots:
    void apply_reproducesApimachineryTestData_data();
    void apply_reproducesApimachineryTestData();
    void apply_kubectlBodiesOnRealisticObjects_data();
    void apply_kubectlBodiesOnRealisticObjects();
    void apply_kubectlApplyThreeWayPatchUpdatesImageAndAnnotation();
    void apply_mergesBuiltInListsByKubernetesKeys_data();
    void apply_mergesBuiltInListsByKubernetesKeys();
    void apply_rejectsMalformedPatches_data();
    void apply_rejectsMalformedPatches();
    void supportsStrategicMerge_onlyForKindsWithGoTypes();
    void apply_refusesKindsWithoutPatchMetadataWith415();
};

void StrategicMergeTest::apply_reproducesApimachineryTestData_data()
{
    QTest::addColumn<QByteArray>("original");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QByteArray>("expected");
    auto row = [](const char *name, const char *original, const char *patch, const char *expected) {
        QTest::newRow(name) << QByteArray(original) << QByteArray(patch) << QByteArray(expected);
    };
    // customStrategicMergePatchTestCaseData
    row("unique scalars when merging lists", "{'mergingIntList':[1,2]}", "{'mergingIntList':[2,3]}",
        "{'mergingIntList':[1,2,3]}");
    row("delete map from nested map", "{'simpleMap':{'key1':1,'key2':1}}", "{'simpleMap':{'$patch':'delete'}}",
        "{'simpleMap':{}}");
    row("delete all items from merging list", "{'mergingList':[{'name':1},{'name':2}]}",
        "{'mergingList':[{'$patch':'replace'}]}", "{'mergingList':[]}");
    row("merge empty merging lists", "{'mergingList':[]}", "{'mergingList':[]}", "{'mergingList':[]}");
    row("delete all keys from map", "{'name':1,'value':1}", "{'$patch':'replace'}", "{}");
    row("add key and delete all keys from map", "{'name':1,'value':1}", "{'other':'a','$patch':'replace'}",
        "{'other':'a'}");
    row("delete all duplicate entries in a merging list",
        "{'mergingList':[{'name':1},{'name':1},{'name':2,'value':'a'},{'name':3},{'name':3}]}",
        "{'mergingList':[{'name':1,'$patch':'delete'},{'name':3,'$patch':'delete'}]}",
        "{'mergingList':[{'name':2,'value':'a'}]}");
    row("retainKeys map can add a field when no retainKeys directive present", "{'retainKeysMap':{'name':'foo'}}",
        "{'retainKeysMap':{'value':'bar'}}", "{'retainKeysMap':{'name':'foo','value':'bar'}}");
    row("retainKeys map can delete a field when no retainKeys directive present",
        "{'retainKeysMap':{'name':'foo','value':'a'}}", "{'retainKeysMap':{'value':null}}",
        "{'retainKeysMap':{'name':'foo'}}");
    row("retainKeys map merge an empty map", "{'retainKeysMap':{'name':'foo','value':'a'}}", "{'retainKeysMap':{}}",
        "{'retainKeysMap':{'name':'foo','value':'a'}}");
    row("retainKeys list can change a field", "{'retainKeysMergingList':[{'name':'bar'},{'name':'foo','value':'a'}]}",
        "{'retainKeysMergingList':[{'name':'foo','value':'b'}]}",
        "{'retainKeysMergingList':[{'name':'bar'},{'name':'foo','value':'b'}]}");
    row("retainKeys directive clears unlisted fields", "{'retainKeysMap':{'name':'foo','value':'a','other':'c'}}",
        "{'retainKeysMap':{'$retainKeys':['name','value'],'value':'b'}}",
        "{'retainKeysMap':{'name':'foo','value':'b'}}");
    row("preserve the order from the patch in a merging list",
        "{'mergingList':[{'name':1},{'name':2,'value':'b'},{'name':3}]}",
        "{'mergingList':[{'name':3,'value':'c'},{'name':1,'value':'a'},{'name':2,'other':'x'}]}",
        "{'mergingList':[{'name':3,'value':'c'},{'name':1,'value':'a'},{'name':2,'value':'b','other':'x'}]}");
    row("preserve the order from the patch in a merging list 2",
        "{'mergingList':[{'name':1},{'name':2,'value':'b'},{'name':3}]}",
        "{'mergingList':[{'name':3,'value':'c'},{'name':1,'value':'a'}]}",
        "{'mergingList':[{'name':2,'value':'b'},{'name':3,'value':'c'},{'name':1,'value':'a'}]}");
    row("preserve the order from the patch in a merging int list", "{'mergingIntList':[1,2,3]}",
        "{'mergingIntList':[3,1,2]}", "{'mergingIntList':[3,1,2]}");
    row("preserve the order from the patch in a merging int list 2", "{'mergingIntList':[1,2,3]}",
        "{'mergingIntList':[3,1]}", "{'mergingIntList':[2,3,1]}");
    row("$setElementOrder names an item the list lacks", "{'mergingList':[{'name':1},{'name':3}]}",
        "{'$setElementOrder/"
        "mergingList':[{'name':3},{'name':2},{'name':1}],'mergingList':[{'name':3,'value':3},{'name':1,'"
        "value':1}]}",
        "{'mergingList':[{'name':3,'value':3},{'name':1,'value':1}]}");
    row("$setElementOrder alone reorders an int list", "{'mergingIntList':[1,3]}",
        "{'$setElementOrder/mergingIntList':[3,2,1]}", "{'mergingIntList':[3,1]}");
    row("$deleteFromPrimitiveList of a missing item", "{'mergingIntList':[1,2]}",
        "{'$deleteFromPrimitiveList/mergingIntList':[3]}", "{'mergingIntList':[1,2]}");
    row("$deleteFromPrimitiveList on a missing list adds nothing", "{'foo':['bar']}",
        "{'$deleteFromPrimitiveList/mergingIntList':[3]}", "{'foo':['bar']}");
    row("$deleteFromPrimitiveList from a merging list", "{'mergingIntList':[1,2,3]}",
        "{'$deleteFromPrimitiveList/mergingIntList':[2]}", "{'mergingIntList':[1,3]}");
    row("$deleteFromPrimitiveList from a non-merging list", "{'nonMergingIntList':[1,2,3]}",
        "{'$deleteFromPrimitiveList/nonMergingIntList':[2]}", "{'nonMergingIntList':[1,3]}");
    // createStrategicMergePatchTestCaseData and strategicMergePatchRawTestCases: three-way patches
    // applied to the current object.
    row("add field and delete field from map", "{'name':1,'other':'a'}", "{'name':null,'value':1}",
        "{'value':1,'other':'a'}");
    row("delete field from nested map", "{'simpleMap':{'key1':1,'key2':1,'other':'a'}}", "{'simpleMap':{'key2':null}}",
        "{'simpleMap':{'key1':1,'other':'a'}}");
    row("replace list of scalars", "{'nonMergingIntList':[1,4]}", "{'nonMergingIntList':[2,3]}",
        "{'nonMergingIntList':[2,3]}");
    row("delete all maps from merging list", "{'mergingList':[{'name':1,'other':'a'},{'name':2,'other':'b'}]}",
        "{'mergingList':[{'name':1,'$patch':'delete'},{'name':2,'$patch':'delete'}]}", "{'mergingList':[]}");
    row("defined null values remove current fields", "{'name':'a','other':'a'}", "{'name':1,'value':1,'other':null}",
        "{'name':1,'value':1}");
    row("nested patch merge with empty list, two-way", "{'name':'hi'}",
        "{'mergingList':[{'name':'hello'},{'$patch':'delete','name':'doesntexist'}]}",
        "{'name':'hi','mergingList':[{'name':'hello'}]}");
    row("nested patch merge with empty list, three-way", "{'name':'hi','mergingList':[{'name':'hello2'}]}",
        "{'$setElementOrder/mergingList':[{'name':'hello'},{'name':'doesntexist'}],"
        "'mergingList':[{'name':'hello'},{'$patch':'delete','name':'doesntexist'}]}",
        "{'name':'hi','mergingList':[{'name':'hello'},{'name':'hello2'}]}");
    row("delete items in lists of scalars", "{'mergingIntList':[1,2,3,4]}",
        "{'$setElementOrder/mergingIntList':[1,2],'$deleteFromPrimitiveList/mergingIntList':[3]}",
        "{'mergingIntList':[1,2,4]}");
    row("delete all duplicate items in lists of scalars", "{'mergingIntList':[1,2,3,3,4]}",
        "{'$setElementOrder/mergingIntList':[1,2],'$deleteFromPrimitiveList/mergingIntList':[3]}",
        "{'mergingIntList':[1,2,4]}");
    row("merge lists of maps", "{'mergingList':[{'name':1,'other':'a'},{'name':2,'value':2,'other':'b'}]}",
        "{'$setElementOrder/mergingList':[{'name':4},{'name':1},{'name':2},{'name':3}],"
        "'mergingList':[{'name':4,'value':4},{'name':3,'value':3}]}",
        "{'mergingList':[{'name':4,'value':4},{'name':1,'other':'a'},{'name':2,'value':2,'other':'b'},{'name'"
        ":3,'value':3}]}");
    row("merge lists of maps with conflict",
        "{'mergingList':[{'name':1,'other':'a'},{'name':2,'value':3,'other':'b'}]}",
        "{'$setElementOrder/"
        "mergingList':[{'name':1},{'name':2},{'name':3}],'mergingList':[{'name':2,'value':2},{'name':3,'"
        "value':3}]}",
        "{'mergingList':[{'name':1,'other':'a'},{'name':2,'value':2,'other':'b'},{'name':3,'value':3}]}");
    row("add field to map in merging list with conflict",
        "{'mergingList':[{'name':1,'other':'a'},{'name':3,'value':2,'other':'b'}]}",
        "{'$setElementOrder/"
        "mergingList':[{'name':1},{'name':2}],'mergingList':[{'name':1,'value':1},{'name':2,'value':2}]}",
        "{'mergingList':[{'name':1,'value':1,'other':'a'},{'name':2,'value':2},{'name':3,'value':2,'other':'"
        "b'}]}");
    row("delete map from merging list", "{'mergingList':[{'name':1},{'name':2,'other':'b'}]}",
        "{'$setElementOrder/mergingList':[{'name':2}],'mergingList':[{'name':1,'$patch':'delete'}]}",
        "{'mergingList':[{'name':2,'other':'b'}]}");
    row("delete missing map from merging list with conflict", "{'mergingList':[{'name':3,'other':'a'}]}",
        "{'$setElementOrder/"
        "mergingList':[{'name':2}],'mergingList':[{'name':2},{'name':1,'$patch':'delete'}]}",
        "{'mergingList':[{'name':2},{'name':3,'other':'a'}]}");
    row("add map and delete map from merging list",
        "{'mergingList':[{'name':1},{'name':2,'other':'b'},{'name':4,'other':'c'}]}",
        "{'$setElementOrder/"
        "mergingList':[{'name':2},{'name':3}],'mergingList':[{'name':3},{'name':1,'$patch':'delete'}]}",
        "{'mergingList':[{'name':2,'other':'b'},{'name':4,'other':'c'},{'name':3}]}");
    row("add map and delete map from merging list with conflict",
        "{'mergingList':[{'name':1,'other':'a'},{'name':4,'other':'c'}]}",
        "{'$setElementOrder/mergingList':[{'name':2},{'name':3}],"
        "'mergingList':[{'name':2},{'name':3},{'name':1,'$patch':'delete'}]}",
        "{'mergingList':[{'name':4,'other':'c'},{'name':2},{'name':3}]}");
    row("delete field from map in merging list",
        "{'mergingList':[{'name':1,'value':1,'other':'a'},{'name':2,'value':2,'other':'b'}]}",
        "{'$setElementOrder/mergingList':[{'name':1},{'name':2}],'mergingList':[{'name':1,'value':null}]}",
        "{'mergingList':[{'name':1,'other':'a'},{'name':2,'value':2,'other':'b'}]}");
    row("replace non merging list nested in merging list",
        "{'mergingList':[{'name':1,'other':'a','nonMergingList':[{'name':1},{'name':2,'value':2}]},{'name':2,"
        "'other':'b'}]}",
        "{'$setElementOrder/"
        "mergingList':[{'name':1},{'name':2}],'mergingList':[{'name':1,'nonMergingList':[{'name':1,'value':1}"
        "]}]}",
        "{'mergingList':[{'name':1,'other':'a','nonMergingList':[{'name':1,'value':1}]},{'name':2,'other':'b'"
        "}]}");
    row("a new element without an order goes first", "{'mergingList':[{'name':'a'},{'name':'b'}]}",
        "{'mergingList':[{'name':'c'}]}", "{'mergingList':[{'name':'c'},{'name':'a'},{'name':'b'}]}");
}

void StrategicMergeTest::apply_reproducesApimachineryTestData()
{
    QFETCH(QByteArray, original);
    QFETCH(QByteArray, patch);
    QFETCH(QByteArray, expected);
    auto result = applyStrategicMergePatch(object(original), object(patch), mergeItemSchema());
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    QCOMPARE(show(*result), show(object(expected)));
}

void StrategicMergeTest::apply_kubectlBodiesOnRealisticObjects_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("patch");
    // Members of the result to check ("dotted.path.0" -> expected JSON); everything else must be untouched.
    QTest::addColumn<QStringList>("paths");
    QTest::addColumn<QByteArrayList>("values");

    QTest::newRow("set image (row 15)")
        << "Deployment"
        << QByteArray(
               R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"image":"nginx:1.26","name":"web"}]}}}})")
        << QStringList{"spec.template.spec.containers"}
        << QByteArrayList{"[{'name':'web','image':'nginx:1.26','ports':[{'containerPort':80,'protocol':'TCP'}],"
                          "'env':[{'name':'MODE','value':'prod'}],'volumeMounts':[{'name':'cache','mountPath':'/"
                          "cache'}]},"
                          "{'name':'log','image':'busybox:1.36','args':['tail','-f','/cache/access.log']}]"};
    QTest::newRow("rollout restart (row 14)")
        << "Deployment"
        << QByteArray(
               R"({"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-05-02T09:30:00Z"}}}}})")
        << QStringList{"spec.template.metadata"}
        << QByteArrayList{"{'labels':{'app':'web'},'annotations':{'kubectl.kubernetes.io/"
                          "restartedAt':'2025-05-02T09:30:00Z'}}"};
    QTest::newRow("apply, container removed, env changed")
        << "Deployment"
        << QByteArray(
               R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"$setElementOrder/env":[{"name":"MODE"},{"name":"LEVEL"}],"env":[{"name":"LEVEL","value":"debug"}],"name":"web"},{"$patch":"delete","name":"log"}]}}}})")
        << QStringList{"spec.template.spec.containers.0.env", "spec.template.spec.containers.1"}
        << QByteArrayList{"[{'name':'MODE','value':'prod'},{'name':'LEVEL','value':'debug'}]", "null"};
    QTest::newRow("apply, strategy switched with $retainKeys")
        << "Deployment"
        << QByteArray(R"({"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}})")
        << QStringList{"spec.strategy"} << QByteArrayList{"{'type':'Recreate'}"};
    QTest::newRow("apply, volume source switched with $retainKeys")
        << "Deployment"
        << QByteArray(
               R"({"spec":{"template":{"spec":{"volumes":[{"$retainKeys":["configMap","name"],"configMap":{"name":"web-cache"},"name":"cache"}]}}}})")
        << QStringList{"spec.template.spec.volumes"}
        << QByteArrayList{"[{'name':'cache','configMap':{'name':'web-cache'}}]"};
    QTest::newRow("diff, with resourceVersion precondition (row 22)")
        << "Deployment" << QByteArray(R"({"metadata":{"resourceVersion":"812"},"spec":{"replicas":4}})")
        << QStringList{"metadata.resourceVersion", "spec.replicas"} << QByteArrayList{"'812'", "4"};
    QTest::newRow("cordon (row 18)")
        << "Node" << QByteArray(R"({"spec":{"unschedulable":true}})") << QStringList{"spec"}
        << QByteArrayList{"{'podCIDR':'10.244.1.0/24','podCIDRs':['10.244.1.0/24'],'unschedulable':true}"};
    QTest::newRow("uncordon") << "Node" << QByteArray(R"({"spec":{"unschedulable":null}})")
                              << QStringList{"spec.unschedulable"} << QByteArrayList{"null"};
    QTest::newRow("kubelet status: conditions by type")
        << "Node"
        << QByteArray(
               R"({"status":{"$setElementOrder/conditions":[{"type":"Ready"},{"type":"MemoryPressure"}],"conditions":[{"type":"Ready","status":"False","reason":"KubeletNotReady"}]}})")
        << QStringList{"status.conditions"}
        << QByteArrayList{"[{'type':'Ready','status':'False','reason':'KubeletNotReady'},"
                          "{'type':'MemoryPressure','status':'False','reason':'KubeletHasSufficientMemory'}]"};
    QTest::newRow("finalizer added and another removed")
        << "Deployment"
        << QByteArray(
               R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/a"],"$setElementOrder/finalizers":["example.com/b","example.com/c"],"finalizers":["example.com/c"]}})")
        << QStringList{"metadata.finalizers"} << QByteArrayList{"['example.com/c']"};
}

void StrategicMergeTest::apply_kubectlBodiesOnRealisticObjects()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, patch);
    QFETCH(QStringList, paths);
    QFETCH(QByteArrayList, values);
    const QJsonObject original = kind == QLatin1String("Node") ? tugboat::test::node() : tugboat::test::deployment();
    auto result = applyStrategicMergePatch(original, patch, kind);
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    QString where;
    QVERIFY2(directiveFree(*result, &where), qPrintable(where));
    QSet<QString> touched;
    for (qsizetype i = 0; i < paths.size(); ++i) {
        const QJsonValue value = json(values[i]);
        const QJsonValue actual = member(*result, paths[i]);
        if (value.isNull())
            QVERIFY2(actual.isUndefined(), qPrintable(paths[i] + QStringLiteral(" is still ") + show(actual)));
        else
            QCOMPARE(show(actual), show(value));
        touched.insert(paths[i].section(QLatin1Char('.'), 0, 1));
    }
    // Everything outside the patched members is untouched.
    for (const QString &top : original.keys() + result->keys()) {
        if (touched.contains(top))
            continue;
        const QJsonObject before = original.value(top).toObject(), after = result->value(top).toObject();
        if (before.isEmpty() && after.isEmpty()) {
            QCOMPARE(show(result->value(top)), show(original.value(top)));
            continue;
        }
        for (const QString &key : before.keys() + after.keys())
            if (!touched.contains(top + QLatin1Char('.') + key))
                QCOMPARE(show(after.value(key)), show(before.value(key)));
    }
}

void StrategicMergeTest::apply_kubectlApplyThreeWayPatchUpdatesImageAndAnnotation()
{
    // kubectl apply -f with a changed image (KUBECTL-WIRE §5 row 7), byte for byte as kubectl sends it.
    const QString lastApplied = QStringLiteral(
        R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"web","namespace":"default"},)"
        R"("spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},)"
        R"("spec":{"containers":[{"image":"nginx:1.27","name":"web"},{"image":"busybox:1.36","name":"log"}]}}}})"
        "\n");
    QJsonObject annotations{{QStringLiteral("kubectl.kubernetes.io/last-applied-configuration"), lastApplied}};
    QJsonObject patch =
        object(R"({'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'log'}],
        'containers':[{'image':'nginx:1.27','name':'web'}]}}}})");
    patch.insert(QStringLiteral("metadata"), QJsonObject{{QStringLiteral("annotations"), annotations}});
    auto result = applyStrategicMergePatch(
        tugboat::test::deployment(), QJsonDocument(patch).toJson(QJsonDocument::Compact), QStringLiteral("Deployment"));
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    QCOMPARE(member(*result, QStringLiteral("metadata.annotations"))
                 .toObject()
                 .value(QStringLiteral("kubectl.kubernetes.io/last-applied-configuration"))
                 .toString(),
             lastApplied);
    QCOMPARE(member(*result, QStringLiteral("metadata.annotations")).toObject().size(), 2);
    QCOMPARE(member(*result, QStringLiteral("spec.template.spec.containers.0.image")).toString(),
             QStringLiteral("nginx:1.27"));
    QCOMPARE(member(*result, QStringLiteral("spec.template.spec.containers.0.env.0.value")).toString(),
             QStringLiteral("prod"));
    QCOMPARE(member(*result, QStringLiteral("spec.template.spec.containers.1.name")).toString(), QStringLiteral("log"));
}

void StrategicMergeTest::apply_mergesBuiltInListsByKubernetesKeys_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("original");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("volumeMounts merge by mountPath, not name")
        << "Pod"
        << QByteArray("{'spec':{'containers':[{'name':'a','volumeMounts':[{'name':'cache','mountPath':'/"
                      "cache'}]}]}}")
        << QByteArray("{'spec':{'containers':[{'name':'a','volumeMounts':[{'name':'cache','mountPath':'/data'}]}]}}")
        << QByteArray("{'spec':{'containers':[{'name':'a','volumeMounts':[{'name':'cache','mountPath':'/data'},"
                      "{'name':'cache','mountPath':'/cache'}]}]}}");
    QTest::newRow("container ports merge by containerPort")
        << "Pod" << QByteArray("{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}")
        << QByteArray("{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'http'}]}]}}")
        << QByteArray("{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP','"
                      "name':'http'}]}]}}");
    QTest::newRow("init and ephemeral containers by name")
        << "Pod"
        << QByteArray("{'spec':{'initContainers':[{'name':'i','image':'a'}],'ephemeralContainers':[{'name':'"
                      "d','image':'b'}]}}")
        << QByteArray("{'spec':{'initContainers':[{'name':'i','image':'c'}],'ephemeralContainers':[{'name':'"
                      "e','image':'f'}]}}")
        << QByteArray("{'spec':{'initContainers':[{'name':'i','image':'c'}],'ephemeralContainers':[{'name':'"
                      "e','image':'f'},"
                      "{'name':'d','image':'b'}]}}");
    QTest::newRow("imagePullSecrets by name, hostAliases by ip")
        << "Pod"
        << QByteArray("{'spec':{'imagePullSecrets':[{'name':'r1'}],'hostAliases':[{'ip':'10.0.0.1','"
                      "hostnames':['a']}]}}")
        << QByteArray("{'spec':{'imagePullSecrets':[{'name':'r1','$patch':'delete'}],'hostAliases':[{'ip':'"
                      "10.0.0.1','hostnames':['b']}]}}")
        << QByteArray("{'spec':{'imagePullSecrets':[],'hostAliases':[{'ip':'10.0.0.1','hostnames':['b']}]}}");
    QTest::newRow("tolerations are replaced")
        << "Pod" << QByteArray("{'spec':{'tolerations':[{'key':'a','operator':'Exists'}]}}")
        << QByteArray("{'spec':{'tolerations':[{'key':'b','operator':'Exists'}]}}")
        << QByteArray("{'spec':{'tolerations':[{'key':'b','operator':'Exists'}]}}");
    QTest::newRow("pod conditions by type")
        << "Pod" << QByteArray("{'status':{'conditions':[{'type':'Ready','status':'False'}]}}")
        << QByteArray("{'status':{'conditions':[{'type':'Ready','status':'True'},"
                      "{'type':'PodScheduled','status':'True'}]}}")
        << QByteArray("{'status':{'conditions':[{'type':'Ready','status':'True'},"
                      "{'type':'PodScheduled','status':'True'}]}}");
    QTest::newRow("ownerReferences by uid")
        << "Pod"
        << QByteArray("{'metadata':{'ownerReferences':[{'uid':'u1','kind':'ReplicaSet','name':'web-1','"
                      "controller':true}]}}")
        << QByteArray("{'metadata':{'ownerReferences':[{'uid':'u1','blockOwnerDeletion':true}]}}")
        << QByteArray("{'metadata':{'ownerReferences':[{'uid':'u1','kind':'ReplicaSet','name':'web-1','"
                      "controller':true,"
                      "'blockOwnerDeletion':true}]}}");
    QTest::newRow("finalizers merge as a set") << "ConfigMap" << QByteArray("{'metadata':{'finalizers':['a','b']}}")
                                               << QByteArray("{'metadata':{'finalizers':['b','c']}}")
                                               << QByteArray("{'metadata':{'finalizers':['a','b','c']}}");
    QTest::newRow("service ports by port") << "Service"
                                           << QByteArray("{'spec':{'ports':[{'port':80,'targetPort':8080,'"
                                                         "protocol':'TCP'},{'port':443,'protocol':'TCP'}]}}")
                                           << QByteArray("{'spec':{'ports':[{'port':80,'targetPort':9090}]}}")
                                           << QByteArray("{'spec':{'ports':[{'port':80,'targetPort':9090,'"
                                                         "protocol':'TCP'},{'port':443,'protocol':'TCP'}]}}");
    QTest::newRow("node taints are replaced")
        << "Node" << QByteArray("{'spec':{'taints':[{'key':'a','effect':'NoSchedule'}]}}")
        << QByteArray("{'spec':{'taints':[{'key':'b','effect':'NoExecute'}]}}")
        << QByteArray("{'spec':{'taints':[{'key':'b','effect':'NoExecute'}]}}");
    QTest::newRow("node addresses by type")
        << "Node"
        << QByteArray("{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.1'},{'type':'Hostname',"
                      "'address':'n'}]}}")
        << QByteArray("{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'}]}}")
        << QByteArray("{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'},{'type':'Hostname',"
                      "'address':'n'}]}}");
    QTest::newRow("endpoints subsets are replaced")
        << "Endpoints" << QByteArray("{'subsets':[{'addresses':[{'ip':'1.1.1.1'}]}]}")
        << QByteArray("{'subsets':[{'addresses':[{'ip':'2.2.2.2'}]}]}")
        << QByteArray("{'subsets':[{'addresses':[{'ip':'2.2.2.2'}]}]}");
    QTest::newRow("configmap data merges, null deletes")
        << "ConfigMap" << QByteArray("{'data':{'a':'1','b':'2'}}") << QByteArray("{'data':{'b':null,'c':'3'}}")
        << QByteArray("{'data':{'a':'1','c':'3'}}");
    QTest::newRow("lease spec merges")
        << "Lease" << QByteArray("{'spec':{'holderIdentity':'a','leaseDurationSeconds':15}}")
        << QByteArray("{'spec':{'holderIdentity':'b','renewTime':'2025-05-02T09:30:00.000000Z'}}")
        << QByteArray("{'spec':{'holderIdentity':'b','leaseDurationSeconds':15,"
                      "'renewTime':'2025-05-02T09:30:00.000000Z'}}");
    QTest::newRow("deployment status conditions by type")
        << "Deployment" << QByteArray("{'status':{'conditions':[{'type':'Available','status':'True'}]}}")
        << QByteArray("{'status':{'conditions':[{'type':'Progressing','status':'True'}]}}")
        << QByteArray("{'status':{'conditions':[{'type':'Progressing','status':'True'},{'type':'Available','"
                      "status':'True'}]}}");
    QTest::newRow("namespace status conditions by type")
        << "Namespace" << QByteArray("{'status':{'phase':'Active'}}")
        << QByteArray("{'status':{'conditions':[{'type':'NamespaceDeletionContentFailure','status':'False'}]}}")
        << QByteArray("{'status':{'phase':'Active','conditions':[{'type':'NamespaceDeletionContentFailure','"
                      "status':'False'}]}}");
}

void StrategicMergeTest::apply_mergesBuiltInListsByKubernetesKeys()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, original);
    QFETCH(QByteArray, patch);
    QFETCH(QByteArray, expected);
    auto result = applyStrategicMergePatch(object(original), object(patch), kind);
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    QCOMPARE(show(*result), show(object(expected)));
}

void StrategicMergeTest::apply_rejectsMalformedPatches_data()
{
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const int bad = int(ErrorCode::BadRequest);
    QTest::newRow("element without merge key")
        << QByteArray("{'spec':{'template':{'spec':{'containers':[{'image':'nginx'}]}}}}") << bad
        << "strategic merge patch: spec.template.spec.containers: map: {\"image\":\"nginx\"} does not "
           "contain declared merge key: name";
    QTest::newRow("unknown $patch in map") << QByteArray("{'spec':{'$patch':'remove'}}") << bad
                                           << "strategic merge patch: spec: unknown patch type: \"remove\" in map: "
                                              "{\"$patch\":\"remove\"}";
    QTest::newRow("$patch merge in a list")
        << QByteArray("{'spec':{'template':{'spec':{'containers':[{'$patch':'merge'}]}}}}") << bad
        << "strategic merge patch: spec.template.spec.containers: merging lists cannot yet "
           "be specified in the patch";
    QTest::newRow("$retainKeys not a list")
        << QByteArray("{'spec':{'strategy':{'$retainKeys':'type'}}}") << bad
        << "strategic merge patch: spec.strategy: invalid patch format of retainKeys";
    QTest::newRow("member missing from $retainKeys")
        << QByteArray("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':{}}}}") << bad
        << "strategic merge patch: spec.strategy: invalid patch format of retainKeys: rollingUpdate is in "
           "the patch but not "
           "in $retainKeys";
    QTest::newRow("$setElementOrder not a list")
        << QByteArray("{'spec':{'template':{'spec':{'$setElementOrder/containers':{'name':'web'}}}}}") << bad
        << "strategic merge patch: spec.template.spec.containers: invalid patch format of setElementOrder "
           "list";
    QTest::newRow("$setElementOrder disagrees with the list")
        << QByteArray("{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'log'},{'name':'web'}],"
                      "'containers':[{'name':'web','image':'a'},{'name':'log','image':'b'}]}}}}")
        << bad
        << "strategic merge patch: spec.template.spec.containers: the order in patch list "
           "[{\"image\":\"a\",\"name\":\"web\"},{\"image\":\"b\",\"name\":\"log\"}] doesn't match "
           "$setElementOrder list "
           "[{\"name\":\"log\"},{\"name\":\"web\"}]";
    QTest::newRow("$deleteFromPrimitiveList not a list")
        << QByteArray("{'metadata':{'$deleteFromPrimitiveList/finalizers':'a'}}") << bad
        << "strategic merge patch: metadata.finalizers: invalid patch format "
           "of primitive list";
    QTest::newRow("unknown directive") << QByteArray("{'metadata':{'$replace':true}}") << bad
                                       << "strategic merge patch: metadata: unknown directive $replace";
    QTest::newRow("list of lists") << QByteArray("{'metadata':{'finalizers':[['a']]}}") << int(ErrorCode::Invalid)
                                   << "strategic merge patch: metadata.finalizers: lists of lists are not supported";
}

void StrategicMergeTest::apply_rejectsMalformedPatches()
{
    QFETCH(QByteArray, patch);
    QFETCH(int, code);
    QFETCH(QString, message);
    QByteArray wire = patch;
    wire.replace('\'', '"');
    auto result = applyStrategicMergePatch(tugboat::test::deployment(), wire, QStringLiteral("Deployment"));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().message(), message);
    QCOMPARE(int(result.error().code()), code);
}

void StrategicMergeTest::supportsStrategicMerge_onlyForKindsWithGoTypes()
{
    for (const ResourceInfo &info : Kinds::all())
        QVERIFY2(supportsStrategicMerge(info.kind), qPrintable(info.kind));
    QVERIFY(supportsStrategicMerge(QStringLiteral("Scale")));
    QVERIFY(!supportsStrategicMerge(QStringLiteral("Widget")));
    QVERIFY(!supportsStrategicMerge(QString()));
}

void StrategicMergeTest::apply_refusesKindsWithoutPatchMetadataWith415()
{
    auto result =
        applyStrategicMergePatch(object("{'spec':{}}"), QByteArray(R"({"spec":{"size":3}})"), QStringLiteral("Widget"));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::UnsupportedMediaType);
    QCOMPARE(result.error().httpStatus(), 415);
    QVERIFY(result.error().message().startsWith(QStringLiteral("the body of the request was in an unknown format")));
    auto notJson = applyStrategicMergePatch(object("{}"), QByteArray("{"), QStringLiteral("Pod"));
    QCOMPARE(notJson.error().code(), ErrorCode::BadRequest);
    auto notObject = applyStrategicMergePatch(object("{}"), QByteArray("[]"), QStringLiteral("Pod"));
    QCOMPARE(notObject.error().message(), QStringLiteral("strategic merge patch: the patch must be a JSON object"));
}

QTEST_APPLESS_MAIN(StrategicMergeTest)
#include "tst_strategicmerge.moc"
